"""After the feedback: the 12369 extension (延期申请), acceptance of closed complaints (验收中 →
已验收销号) and the verification group's on-site checks (现场核实), which can send a complaint back."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audit.workflow import record_event, record_events
from complaints.models import (
    Complaint,
    ComplaintExtension,
    RequestState,
    Status,
    Verification,
    VerificationKind,
)
from complaints.workflow.base import (
    _check_transition,
    _locked,
    _require_role,
    _visible,
    clock,
    close_clock,
    restart_feedback,
)
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.models import DeadlineRuleKey
from notices.workflow import notify_units
from workcalendar.deadlines import add_duration

# Statuses in which the county may still ask for time: the complaint is with it, not closed.
EXTENDABLE = [
    Status.FORWARDED, Status.RECEIVED, Status.SIGNING, Status.RETURNED, Status.IN_PROGRESS, Status.STAGE_CLOSED,
]  # fmt: skip
# The verification group's visit may follow any feedback that was accepted.
CHECKABLE = [Status.IN_PROGRESS, Status.STAGE_CLOSED, Status.CLOSED, Status.CHECKING, Status.VERIFIED]


@transaction.atomic
def request_extension(complaint: Complaint, *, by, reason: str) -> ComplaintExtension:
    """The lead unit's handler asks for more time to close the complaint, with a reason. One request
    at a time, and one approved extension per complaint (12369: at most 30 days, once)."""
    _require_role(by, "handler", "signer", what="申请延期")
    _visible(by, complaint)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise WorkflowError("请说明延期的理由（至少 4 个字）", field="reason")
    locked = _locked(complaint)
    if not by.is_superuser and by.unit_id != locked.lead_unit_id:
        raise PermissionDeniedError("只有牵头承办单位可以申请延期")
    if locked.status not in EXTENDABLE:
        raise WorkflowError(
            f"{locked.number} 当前为“{locked.get_status_display()}”，不能申请延期",
            field="status",
            code="transition",
        )
    if locked.extended_at:
        raise WorkflowError(f"{locked.number} 已延期一次，不能再次延期", field="reason", code="duplicate")
    if locked.extensions.filter(state=RequestState.PENDING).exists():
        raise WorkflowError(f"{locked.number} 已有待审批的延期申请", field="reason", code="duplicate")
    request = ComplaintExtension.objects.create(
        complaint=locked, reason=reason[:2000], requested_by=by, due_before=close_clock(locked)
    )
    record_event(locked, by=by, action="extension_requested", note=reason[:500])
    notify_units(
        [locked.inspection.office_id],
        ["office"],
        title=f"{locked.number} 申请延期办结",
        body=reason[:200],
        link=f"/complaints/{locked.pk}/",
        level="warn",
    )
    return request


@transaction.atomic
def decide_extension(
    request: ComplaintExtension, *, by, approved: bool, note: str = ""
) -> ComplaintExtension:
    """The office approves (the close clock moves by the inspection's extension rule, 30 days) or
    refuses with a reason. Either way the handler is told and the complaint keeps an event."""
    _require_role(by, "office", what="审批延期")
    _visible(by, request.complaint)
    note = (note or "").strip()
    if not approved and not note:
        raise WorkflowError("不予批准时请说明理由", field="note")
    locked = _locked(request.complaint)
    request = ComplaintExtension.objects.select_for_update().get(pk=request.pk)
    if request.state != RequestState.PENDING:
        raise WorkflowError("该延期申请已审批", field="state", code="transition")
    now = timezone.now()
    request.state = RequestState.APPROVED if approved else RequestState.REFUSED
    request.decided_by, request.decided_at, request.decision_note = by, now, note[:2000]
    if approved:
        before = close_clock(locked) or now
        rule = locked.inspection.rule(DeadlineRuleKey.HOTLINE_EXTENSION)
        if rule is None:
            raise WorkflowError("这次督察没有启用延期规则", field="state")
        after = add_duration(before, rule.duration)
        moves_current = (
            locked.due_at is None or locked.due_at == locked.close_due_at or locked.due_at == before
        )
        locked.close_due_at, locked.extended_at = after, now
        fields = ["close_due_at", "extended_at", "updated_at"]
        if moves_current and locked.status in EXTENDABLE:
            current = clock(locked.received_at, _latest_feedback_due(locked, after))
            locked.due_at, locked.soon_at, locked.due_state = (
                current.due_at,
                current.soon_at,
                current.state(now),
            )
            fields += ["due_at", "soon_at", "due_state"]
        locked.save(update_fields=fields)
        request.due_before, request.due_after = before, after
    request.save()
    record_event(
        locked,
        by=by,
        action="extension_granted" if approved else "extension_refused",
        note=note[:500],
        data={"to": request.due_after.isoformat()} if approved else {},
    )
    verdict = "已批准" if approved else "未获批准"
    notify_units(
        [locked.lead_unit_id],
        ["handler", "signer"],
        title=f"{locked.number} 的延期申请{verdict}",
        body=note[:200],
        link=f"/complaints/{locked.pk}/",
        level="info" if approved else "warn",
    )
    return request


def _latest_feedback_due(locked: Complaint, close_due: dt.datetime) -> dt.datetime:
    """While feedback is still due, the earlier feedback clock keeps running; otherwise the new close
    clock is the current one."""
    if locked.status in (Status.IN_PROGRESS, Status.STAGE_CLOSED):
        return close_due
    pending = [d for d in (locked.team_due_at, locked.local_due_at) if d and d > timezone.now()]
    return min([*pending, close_due])


@transaction.atomic
def start_acceptance(complaints, *, by) -> int:
    """The office opens the acceptance of closed complaints (已办结 → 验收中), many at once."""
    _require_role(by, "office", what="组织验收")
    ids = [c.pk for c in complaints]
    rows = list(Complaint.objects.visible_to(by).select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(set(ids)):
        raise PermissionDeniedError("部分举报件不存在或不在您的管辖范围内")
    for row in rows:
        _check_transition(row, "start_check")
    now = timezone.now()
    Complaint.objects.filter(pk__in=[r.pk for r in rows]).update(status=Status.CHECKING, updated_at=now)
    record_events(
        rows, by=by, action="check_started", from_state=Status.CLOSED, to_state=Status.CHECKING, at=now
    )
    return len(rows)


def _check_verifier(by, complaint: Complaint) -> None:
    """The verification group: the office, or a team that verifies (核查组) on the inspection."""
    _require_role(by, "office", "team", what="登记现场核实")
    _visible(by, complaint)


@transaction.atomic
def record_verification(
    complaint: Complaint,
    *,
    by,
    kind: str,
    visited_on: dt.date,
    inspectors: str,
    findings: str,
    confirmed: bool,
) -> Verification:
    """An on-site check. 验收 of a complaint 验收中: confirmed → 已验收销号. 现场核实 of a key case
    after its feedback: the record stays on the complaint. Either kind, when the work is found not
    done, returns the complaint to its county with new feedback deadlines."""
    _check_verifier(by, complaint)
    if kind not in VerificationKind.values:
        raise WorkflowError("核实类型无效", field="kind")
    inspectors, findings = (inspectors or "").strip(), (findings or "").strip()
    if not inspectors:
        raise WorkflowError("请填写核查人员", field="inspectors")
    if len(findings) < 4:
        raise WorkflowError("请填写核实情况", field="findings")
    if visited_on > timezone.localdate():
        raise WorkflowError("核实日期不能晚于今天", field="visited_on")
    locked = _locked(complaint)
    if kind == VerificationKind.ACCEPTANCE and locked.status != Status.CHECKING:
        raise WorkflowError(f"{locked.number} 未处于验收中", field="kind", code="transition")
    if locked.status not in CHECKABLE:
        raise WorkflowError(
            f"{locked.number} 当前为“{locked.get_status_display()}”，反馈通过审核后才能现场核实",
            field="kind",
            code="transition",
        )
    record = Verification.objects.create(
        complaint=locked,
        kind=kind,
        visited_on=visited_on,
        inspectors=inspectors[:200],
        findings=findings[:4000],
        confirmed=confirmed,
        recorded_by=by,
    )
    source, now = locked.status, timezone.now()
    if not confirmed:
        target = _check_transition(locked, "fail_check")
        fields = restart_feedback(locked, target, now)
        locked.save(update_fields=[*fields, "updated_at"])
        record_event(
            locked, by=by, action="check_failed", from_state=source, to_state=target, note=findings[:500]
        )
        notify_units(
            [locked.lead_unit_id],
            ["handler", "signer"],
            title=f"{locked.number} 现场核实未通过，退回重办",
            body=findings[:200],
            link=f"/complaints/{locked.pk}/",
            level="danger",
            sms=True,
        )
    elif kind == VerificationKind.ACCEPTANCE:
        target = _check_transition(locked, "pass_check")
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        record_event(
            locked, by=by, action="check_passed", from_state=source, to_state=target, note=findings[:500]
        )
    else:
        record_event(locked, by=by, action="verified_on_site", note=findings[:500])
    return record
