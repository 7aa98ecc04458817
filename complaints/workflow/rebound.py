"""A problem that comes back (问题反弹): the reporter says so on the tracking page; the office reopens the
item (退回重办 with new feedback deadlines) or answers why not. Both are events on the complaint."""

from django.db import transaction
from django.utils import timezone

from audit.workflow import record_event
from complaints.models import Complaint, Status
from complaints.workflow.base import (
    _check_transition,
    _locked,
    _require_role,
    _visible,
    restart_feedback,
)
from ducha.errors import WorkflowError
from notices.workflow import notify_units

REOPENABLE = [Status.CLOSED, Status.STAGE_CLOSED, Status.IN_PROGRESS, Status.CHECKING, Status.VERIFIED]


@transaction.atomic
def report_rebound(complaint: Complaint, *, text: str) -> Complaint:
    """The public reports, with the tracking code, that a handled problem is back. Once open, a second
    report adds to the first rather than stacking up."""
    text = (text or "").strip()
    if len(text) < 5:
        raise WorkflowError("请说明反弹的情况（至少 5 个字）", field="text")
    locked = _locked(complaint)
    if locked.status not in REOPENABLE:
        raise WorkflowError("办结（或阶段性办结）后才能反映问题反弹", field="text", code="transition")
    now = timezone.now()
    pending = locked.rebound_reported_at and not locked.rebound_handled_at
    locked.rebound_text = (f"{locked.rebound_text}\n{now:%m-%d %H:%M} {text}" if pending else text)[-4000:]
    locked.rebound_reported_at, locked.rebound_handled_at = now, None
    locked.save(update_fields=["rebound_text", "rebound_reported_at", "rebound_handled_at", "updated_at"])
    record_event(locked, by=None, action="rebound_reported", note=text[:500])
    notify_units(
        [locked.inspection.office_id],
        ["office"],
        title=f"群众反映 {locked.number} 问题反弹",
        body=text[:200],
        link=f"/complaints/{locked.pk}/",
        level="warn",
    )
    return locked


def _office_locks(complaint: Complaint, *, by, reason: str, what: str, missing: str) -> Complaint:
    _require_role(by, "office", what=what)
    _visible(by, complaint)
    if not reason.strip():
        raise WorkflowError(missing, field="reason")
    return _locked(complaint)


@transaction.atomic
def reopen_complaint(complaint: Complaint, *, by, reason: str) -> Complaint:
    """The office sends the item back to its county (退回重办); both feedback clocks start again."""
    locked = _office_locks(complaint, by=by, reason=reason, what="重新交办", missing="请填写重新办理的要求")
    source = locked.status
    target = _check_transition(locked, "reopen")
    now = timezone.now()
    fields = restart_feedback(locked, target, now)
    locked.rebound_handled_at = now if locked.rebound_reported_at else None
    locked.save(update_fields=[*fields, "rebound_handled_at", "updated_at"])
    record_event(locked, by=by, action="reopened", from_state=source, to_state=target, note=reason.strip())
    notify_units(
        [locked.lead_unit_id],
        ["handler"],
        title=f"{locked.number} 问题反弹，请重新办理",
        body=reason.strip()[:200],
        link=f"/complaints/{locked.pk}/",
        level="danger",
        sms=True,
    )
    return locked


@transaction.atomic
def answer_rebound(complaint: Complaint, *, by, reason: str) -> Complaint:
    """The office checked the rebound and does not reopen; the reason is kept on the record."""
    locked = _office_locks(
        complaint, by=by, reason=reason, what="答复问题反弹", missing="请说明不重新办理的理由"
    )
    if not locked.rebound_reported_at or locked.rebound_handled_at:
        raise WorkflowError("没有待处理的问题反弹", field="reason")
    locked.rebound_handled_at = timezone.now()
    locked.save(update_fields=["rebound_handled_at", "updated_at"])
    record_event(locked, by=by, action="rebound_answered", note=reason.strip())
    return locked
