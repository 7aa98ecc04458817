"""The deadline sweep: set-based, idempotent, safe to run from several consumers at once."""

import datetime as dt

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from complaints.models import CLOCKED, Complaint, DueState
from notices.bulk import notify_counted
from notices.workflow import deliver_after_commit


def sweep_deadlines(now: dt.datetime | None = None) -> dict[str, int]:
    """Turn open complaints yellow (due soon) and red (overdue) where their clock says so, and tell
    each lead unit's handlers and signers once per change, counted per inspection. Per state: one
    INSERT … SELECT for every message, one UPDATE for every row; a row already in its state is not
    touched, so a second run changes nothing and sends nothing. E-mail and SMS follow in batches."""
    now = now or timezone.now()
    changed, sent = {}, 0
    for state, condition in (
        (DueState.OVERDUE, Q(due_at__lt=now) & ~Q(due_state=DueState.OVERDUE)),
        (DueState.SOON, Q(soon_at__lte=now, due_at__gte=now, due_state=DueState.OK)),
    ):
        with transaction.atomic():
            rows = Complaint.objects.filter(condition, status__in=CLOCKED, due_at__isnull=False)
            groups = (
                rows.filter(lead_unit__isnull=False)
                .values(unit_id=F("lead_unit_id"), subject_id=F("inspection_id"))
                .annotate(n=Count("pk"))
                .order_by()
            )
            overdue = state == DueState.OVERDUE
            sent += notify_counted(
                groups,
                roles=["handler", "signer"],
                title="{n} 件督察转办举报件" + ("已逾期" if overdue else "即将到期"),
                link=f"/complaints/?queue={'overdue' if overdue else 'to_answer'}",
                level="danger" if overdue else "warn",
                key=f"sweep-{state}-{{subject}}-{now:%Y%m%d%H%M}",
                stamp=now,
                sms=overdue,
            )
            changed[state] = rows.update(due_state=state)
            if sent:
                deliver_after_commit()
    return {"overdue": changed[DueState.OVERDUE], "soon": changed[DueState.SOON], "notifications": sent}


@db_periodic_task(crontab(minute="*/5"))
@lock_task("sweep-deadlines")
def sweep_deadlines_periodically():
    return sweep_deadlines()


@db_task()
def flag_possible_duplicate(complaint_id: int) -> bool:
    """After a complaint is registered: note the earlier complaint it most likely repeats, so that the
    team's workbench can list the repeats waiting for a decision. Runs off the request (Huey)."""
    from complaints.queries import similar_complaints

    complaint = (
        Complaint.objects.filter(pk=complaint_id, status="registered").select_related("inspection").first()
    )
    if complaint is None:
        return False
    found = similar_complaints(complaint, user=None, inspection=complaint.inspection, limit=1)
    if not found:
        return False
    Complaint.objects.filter(pk=complaint_id, status="registered").update(duplicate_hint=found[0])
    return True
