"""The deadline sweep: set-based, idempotent, safe to run from several consumers at once."""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from complaints.models import CLOCKED, Complaint, DueState
from notices.workflow import notify_units


def sweep_deadlines(now: dt.datetime | None = None) -> dict[str, int]:
    """Turn open complaints yellow (due soon) and red (overdue) where their clock says so, and tell
    each lead unit once per change. Two conditional UPDATEs: a row already in the right state is not
    touched, so a second run changes nothing and sends nothing."""
    now = now or timezone.now()
    changed = {}
    for state, condition in (
        (DueState.OVERDUE, Q(due_at__lt=now) & ~Q(due_state=DueState.OVERDUE)),
        (DueState.SOON, Q(soon_at__lte=now, due_at__gte=now, due_state=DueState.OK)),
    ):
        with transaction.atomic():
            rows = Complaint.objects.filter(condition, status__in=CLOCKED, due_at__isnull=False)
            per_unit = list(
                rows.values("lead_unit_id", "inspection_id").annotate(n=Count("pk")).order_by("lead_unit_id")
            )
            changed[state] = rows.update(due_state=state)
            for group in per_unit:
                if group["lead_unit_id"] is None:
                    continue
                _notify(state, group, now)
    return {"overdue": changed[DueState.OVERDUE], "soon": changed[DueState.SOON]}


def _notify(state: str, group: dict, now: dt.datetime) -> None:
    overdue = state == DueState.OVERDUE
    title = f"{group['n']} 件督察转办举报件{'已逾期' if overdue else '即将到期'}"
    notify_units(
        [group["lead_unit_id"]],
        ["handler", "signer"],
        title=title,
        link=f"/complaints/?queue={'overdue' if overdue else 'to_answer'}",
        level="danger" if overdue else "warn",
        key=f"sweep-{state}-{group['inspection_id']}-{now:%Y%m%d%H%M}",
        sms=overdue,
    )


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
