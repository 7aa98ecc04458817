"""Transfer: numbered batches, issuing them, forwarding to the counties."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.workflow import record_event, record_events
from complaints.models import (
    Batch,
    BatchStatus,
    Complaint,
    Status,
)
from complaints.workflow.base import _check_transition, _earliest, _require_role, clock, feedback_deadlines
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.models import DeadlineRuleKey, Inspection
from notices.workflow import notify_units
from organisations.models import Unit

# --- batches ------------------------------------------------------------------------------------


def _check_batch_rights(by, inspection):
    _require_role(by, "team", "office", what="组织交办批次")
    if not Inspection.objects.visible_to(by).filter(pk=inspection.pk).exists():
        raise PermissionDeniedError("该督察不在您的管辖范围内")


@transaction.atomic
def create_batch(inspection: Inspection, *, by, note: str = "") -> Batch:
    """Open the next numbered batch (第N批) of an inspection, as a draft."""
    _check_batch_rights(by, inspection)
    Inspection.objects.select_for_update().get(pk=inspection.pk)
    draft = inspection.batches.filter(status=BatchStatus.DRAFT).first()
    if draft is not None:
        raise WorkflowError(f"{draft}尚未交办，请先交办或在其中继续添加", field="batch", code="duplicate")
    number = (inspection.batches.aggregate(n=Max("number"))["n"] or 0) + 1
    batch = Batch.objects.create(inspection=inspection, number=number, note=note)
    record_event(batch, by=by, action="batch_created", to_state=BatchStatus.DRAFT, note=str(batch))
    return batch


def _locked_draft(batch: Batch) -> Batch:
    locked = Batch.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=batch.pk)
    if locked.status != BatchStatus.DRAFT:
        raise WorkflowError(f"{locked}已交办，不能再调整", field="batch", code="transition")
    return locked


@transaction.atomic
def add_to_batch(batch: Batch, complaints, *, by) -> int:
    """Put accepted complaints of the batch's inspection into a draft batch; returns how many moved."""
    _check_batch_rights(by, batch.inspection)
    locked = _locked_draft(batch)
    ids = [c.pk for c in complaints]
    rows = list(Complaint.objects.visible_to(by).select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(set(ids)):
        raise PermissionDeniedError("部分举报件不存在或不在您的管辖范围内")
    for complaint in rows:
        if complaint.inspection_id != locked.inspection_id:
            raise WorkflowError(f"{complaint.number} 不属于本次督察", field="complaints")
        if complaint.status != Status.ACCEPTED:
            raise WorkflowError(
                f"{complaint.number} 当前状态为“{complaint.get_status_display()}”，审核受理后才能交办",
                field="complaints",
                code="transition",
            )
    moving = [c for c in rows if c.batch_id != locked.pk]
    Complaint.objects.filter(pk__in=[c.pk for c in moving]).update(batch=locked, updated_at=timezone.now())
    record_events(
        moving,
        by=by,
        action="batched",
        from_state=Status.ACCEPTED,
        to_state=Status.ACCEPTED,
        note=str(locked),
    )
    return len(moving)


@transaction.atomic
def remove_from_batch(batch: Batch, complaints, *, by) -> int:
    _check_batch_rights(by, batch.inspection)
    locked = _locked_draft(batch)
    return Complaint.objects.filter(batch=locked, pk__in=[c.pk for c in complaints]).update(
        batch=None, updated_at=timezone.now()
    )


@transaction.atomic
def issue_batch(batch: Batch, *, by) -> Batch:
    """Transfer a draft batch: every complaint in it becomes 待转办 and the clocks start — forward
    within the forwarding rule (1 hour), feedback within the team's and the local rules. One UPDATE
    for the batch, one event per complaint; the office is notified to forward."""
    _check_batch_rights(by, batch.inspection)
    locked = _locked_draft(batch)
    inspection = locked.inspection
    complaints = list(Complaint.objects.select_for_update().filter(batch=locked).order_by("pk"))
    if not complaints:
        raise WorkflowError(f"{locked}中还没有举报件", field="batch")
    missing = [c.number for c in complaints if c.lead_unit_id is None]
    if missing:
        raise WorkflowError(f"以下举报件未指定承办单位：{'、'.join(missing[:10])}", field="lead_unit")
    wrong = [c.number for c in complaints if c.status != Status.ACCEPTED]
    if wrong:
        raise WorkflowError(
            f"以下举报件状态已变化：{'、'.join(wrong[:10])}", field="status", code="transition"
        )
    now = timezone.now()
    forward_due = inspection.deadline(DeadlineRuleKey.FORWARD, now)
    # Complaints in one place share their clocks (a locality's own rule applies in its region only):
    # one UPDATE per county.
    # Key cases may answer by a stricter rule of their own: one UPDATE per county and kind.
    by_place: dict[tuple[str, bool], list[Complaint]] = {}
    for c in complaints:
        by_place.setdefault((c.region_prefix, c.is_key_case), []).append(c)
    for (prefix, key_case), group in by_place.items():
        due = feedback_deadlines(inspection, now, prefix, key_case=key_case)
        for close_due, rows in _by_close_clock(group).items():
            feedback = _earliest(due.team, due.local, close_due)
            current = clock(now, forward_due) if forward_due else clock(now, feedback)
            Complaint.objects.filter(pk__in=[c.pk for c in rows]).update(
                status=Status.TRANSFERRED,
                transferred_at=now,
                forward_due_at=forward_due,
                team_due_at=due.team,
                local_due_at=due.local,
                local_rule=due.local_rule,
                due_at=current.due_at,
                soon_at=current.soon_at,
                due_state=current.state(now),
                updated_at=now,
            )
    locked.status, locked.issued_at, locked.issued_by = BatchStatus.ISSUED, now, by
    locked.save(update_fields=["status", "issued_at", "issued_by"])
    record_event(
        locked,
        by=by,
        action="batch_issued",
        from_state=BatchStatus.DRAFT,
        to_state=BatchStatus.ISSUED,
        data={"count": len(complaints)},
    )
    record_events(
        complaints,
        by=by,
        action="transferred",
        from_state=Status.ACCEPTED,
        to_state=Status.TRANSFERRED,
        note=str(locked),
        at=now,
    )
    notify_units(
        Unit.objects.filter(pk=inspection.office_id).values_list("pk", flat=True),
        ["office"],
        title=f"{inspection.name}{locked}已交办（{len(complaints)} 件），请在时限内转办",
        link=f"/complaints/inspections/{inspection.code}/batches/#batch-{locked.number}",
        level="warn",
        key=f"batch-issued-{locked.pk}",
        sms=True,
    )
    return locked


def _by_close_clock(rows: list[Complaint]) -> dict:
    groups: dict = {}
    for c in rows:
        groups.setdefault(c.close_due_at, []).append(c)
    return groups


@transaction.atomic
def forward_complaints(complaints, *, by) -> int:
    """The office forwards transferred complaints to their counties (快转办); the feedback clock
    becomes the current one. Handlers of the lead units are notified by inbox, e-mail and SMS."""
    _require_role(by, "office", what="转办举报件")
    ids = [c.pk for c in complaints]
    rows = list(Complaint.objects.visible_to(by).select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(set(ids)):
        raise PermissionDeniedError("部分举报件不存在或不在您的管辖范围内")
    for row in rows:
        _check_transition(row, "forward")
    now = timezone.now()
    # Complaints of one batch and one place share their deadlines, so one UPDATE per group.
    by_clock: dict[tuple, list[Complaint]] = {}
    for row in rows:
        key = (row.transferred_at, row.team_due_at, row.local_due_at, row.close_due_at)
        by_clock.setdefault(key, []).append(row)
    for group in by_clock.values():
        first = group[0]
        current = clock(
            first.transferred_at, _earliest(first.team_due_at, first.local_due_at, first.close_due_at)
        )
        Complaint.objects.filter(pk__in=[c.pk for c in group]).update(
            status=Status.FORWARDED,
            forwarded_at=now,
            forwarded_by=by,
            due_at=current.due_at,
            soon_at=current.soon_at,
            due_state=current.state(now),
            updated_at=now,
        )
    record_events(
        rows, by=by, action="forwarded", from_state=Status.TRANSFERRED, to_state=Status.FORWARDED, at=now
    )
    units = {c.lead_unit_id for c in rows}
    for unit_id in units:
        count = sum(1 for c in rows if c.lead_unit_id == unit_id)
        notify_units(
            [unit_id],
            ["handler", "signer"],
            title=f"收到 {count} 件督察转办举报件，请电话确认并由领导签收",
            link="/complaints/?queue=to_confirm",
            level="warn",
            sms=True,
        )
    return len(rows)
