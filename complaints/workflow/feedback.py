"""Feedback and review: rounds, evidence, the leader's signature, acceptance and return for rework."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from audit.workflow import record_event
from complaints.models import (
    COUNTER_FIELDS,
    COUNTER_MAX,
    COUNTERS,
    MONEY_FIELDS,
    MONEY_MAX,
    Complaint,
    DueState,
    Evidence,
    Feedback,
    HandlingState,
    Status,
    Verdict,
)
from complaints.workflow.base import (
    RESULT_STATUS,
    _check_transition,
    _locked,
    _require_role,
    _visible,
    clock,
    close_clock,
    restart_feedback,
)
from complaints.workflow.receipt import _is_county_leader, check_upload
from ducha.errors import PermissionDeniedError, WorkflowError
from notices.workflow import notify_units

# --- feedback and review ------------------------------------------------------------------------


def check_counter(name: str, value):
    """A counter as stored: a whole number, or for money (罚款) a decimal to the 分. Floats are refused for
    money: 0.1 + 0.2 must not become 0.30000000000000004 元."""
    if isinstance(value, bool):
        raise WorkflowError("统计数须为数字", field=name)
    if name in MONEY_FIELDS:
        if isinstance(value, int | str):
            try:
                value = Decimal(str(value).replace(",", "").strip())
            except InvalidOperation:
                raise WorkflowError("罚款金额须为数字，如 251542.71", field=name) from None
        if not isinstance(value, Decimal) or not value.is_finite():
            raise WorkflowError("罚款金额须为数字，如 251542.71", field=name)
        if value != value.quantize(Decimal("0.01")):
            raise WorkflowError("罚款金额精确到分（最多两位小数）", field=name)
        if not 0 <= value <= MONEY_MAX:
            raise WorkflowError(f"罚款金额须在 0 至 {MONEY_MAX:,} 元之间", field=name)
        return value.quantize(Decimal("0.01"))
    if not isinstance(value, int) or not 0 <= value <= COUNTER_MAX:
        raise WorkflowError(f"统计数须为 0 至 {COUNTER_MAX} 之间的整数", field=name)
    return value


@transaction.atomic
def submit_feedback(
    complaint: Complaint,
    *,
    by,
    findings: str,
    verdict: str,
    measures: str,
    handling_state: str,
    accountability: str = "",
    counters: dict[str, int] | None = None,
    correction: str = "",
    files=(),
) -> Feedback:
    """The lead unit's handler writes a round of feedback; it goes to the county's leader to sign.

    A round starts from the previous round's figures: counters not given are carried over, so a
    stage-closed complaint closed later keeps its fines and accountability counts. A figure below the
    one already accepted (and published) needs a `correction` saying why; it is kept on the event."""
    _require_role(by, "handler", what="填报反馈")
    _visible(by, complaint)
    locked = _locked(complaint)
    if not by.is_superuser and by.unit_id != locked.lead_unit_id:
        raise PermissionDeniedError("只有牵头承办单位可以填报反馈")
    source = locked.status
    target = _check_transition(locked, "submit_feedback")
    for field, value in (("findings", findings), ("measures", measures)):
        if not (value or "").strip():
            raise WorkflowError("调查核实情况和处理整改情况均须填写", field=field)
    if verdict not in Verdict.values:
        raise WorkflowError(f"是否属实须为：{'、'.join(str(v.label) for v in Verdict)}", field="verdict")
    if handling_state not in HandlingState.values:
        raise WorkflowError("办结状态无效", field="handling_state")
    counters = counters or {}
    unknown = set(counters) - set(COUNTER_FIELDS)
    if unknown:
        raise WorkflowError(f"未知的统计项：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    counters = {name: check_counter(name, value) for name, value in counters.items()}
    previous = locked.feedbacks.order_by("-round").first()
    figures = (previous or locked).counters() | counters
    lowered = [name for name in COUNTER_FIELDS if figures[name] < getattr(locked, name)]
    if lowered and not correction.strip():
        labels = dict(COUNTERS)
        name = lowered[0]
        raise WorkflowError(
            f"“{labels[name]}”已审核公布为 {getattr(locked, name)}，本轮填 {figures[name]}；"
            "如确需调减，请填写更正说明",
            field=name,
        )
    kinds = [check_upload(f, field="evidence") for f in files]
    round_number = (previous.round if previous else 0) + 1
    feedback = Feedback.objects.create(
        complaint=locked,
        round=round_number,
        findings=findings.strip(),
        verdict=verdict,
        measures=measures.strip(),
        accountability=accountability.strip(),
        handling_state=handling_state,
        written_by=by,
        **figures,
    )
    for upload, kind in zip(files, kinds, strict=True):
        Evidence.objects.create(
            feedback=feedback,
            file=upload,
            name=upload.name[:200],
            kind=kind,
            size=upload.size,
            uploaded_by=by,
        )
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    record_event(
        locked,
        by=by,
        action="feedback_submitted",
        from_state=source,
        to_state=target,
        note=f"第{round_number}轮" + (f"；更正说明：{correction.strip()}" if lowered else ""),
        data={"lowered": {n: [str(getattr(locked, n)), str(figures[n])] for n in lowered}}
        if lowered
        else None,
    )
    notify_units(
        [locked.lead_unit_id],
        ["signer"],
        title=f"{locked.number} 的反馈待您签字",
        link=f"/complaints/{locked.pk}/",
    )
    return feedback


@transaction.atomic
def add_evidence(complaint: Complaint, *, by, files) -> list[Evidence]:
    """Attach files to the feedback awaiting the leader's signature (type and size checked)."""
    _require_role(by, "handler", what="上传佐证材料")
    _visible(by, complaint)
    locked = _locked(complaint)
    if not by.is_superuser and by.unit_id != locked.lead_unit_id:
        raise PermissionDeniedError("只有牵头承办单位可以上传佐证材料")
    if locked.status != Status.SIGNING:
        raise WorkflowError("只能为待签字的反馈补充材料", field="status", code="transition")
    kinds = [check_upload(f, field="evidence") for f in files]
    feedback = _pending_feedback(locked)
    added = [
        Evidence.objects.create(
            feedback=feedback, file=f, name=f.name[:200], kind=k, size=f.size, uploaded_by=by
        )
        for f, k in zip(files, kinds, strict=True)
    ]
    record_event(locked, by=by, action="evidence_added", note="、".join(e.name for e in added))
    return added


def _pending_feedback(locked: Complaint) -> Feedback:
    return locked.feedbacks.select_for_update().order_by("-round").first()


@transaction.atomic
def sign_feedback(complaint: Complaint, *, by) -> Feedback:
    """The county's principal leader signs the feedback and it goes up; the clock stops, and a
    feedback after either deadline is marked late by how much."""
    _visible(by, complaint)
    locked = _locked(complaint)
    if not _is_county_leader(by, locked):
        raise PermissionDeniedError("反馈须由承办地的签字领导签署")
    target = _check_transition(locked, "sign_feedback")
    feedback = _pending_feedback(locked)
    now = timezone.now()
    feedback.signed_by, feedback.signed_at = by, now
    feedback.late_local_seconds = _seconds_late(now, locked.local_due_at)
    feedback.late_team_seconds = _seconds_late(now, locked.team_due_at)
    feedback.save(update_fields=["signed_by", "signed_at", "late_local_seconds", "late_team_seconds"])
    locked.status, locked.due_at, locked.soon_at, locked.due_state = target, None, None, DueState.NONE
    locked.save(update_fields=["status", "due_at", "soon_at", "due_state", "updated_at"])
    note = f"第{feedback.round}轮" + (
        f"，逾期 {format_delay(feedback.late_local_seconds)}" if feedback.late_local_seconds else ""
    )
    record_event(
        locked, by=by, action="feedback_signed", from_state=Status.SIGNING, to_state=target, note=note
    )
    notify_units(
        [locked.inspection.office_id],
        ["office"],
        title=f"{locked.number} 的反馈已报送，待审核",
        link=f"/complaints/{locked.pk}/",
    )
    return feedback


def _seconds_late(now, due) -> int:
    return max(int((now - due).total_seconds()), 0) if due else 0


def format_delay(seconds: int) -> str:
    """How late, for people: 1 天 3 小时 5 分钟 (minutes rounded up, so a late item never reads 0)."""
    minutes = -(-seconds // 60)
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    parts = [
        f"{days} 天" if days else "",
        f"{hours} 小时" if hours else "",
        f"{minutes} 分钟" if minutes else "",
    ]
    return " ".join(p for p in parts if p) or "0 分钟"


@transaction.atomic
def decline_feedback(complaint: Complaint, *, by, reason: str) -> Feedback:
    """The leader sends the draft back to the handler unsigned; the clock keeps running."""
    _visible(by, complaint)
    if not reason.strip():
        raise WorkflowError("请说明退回理由", field="reason")
    locked = _locked(complaint)
    if not _is_county_leader(by, locked):
        raise PermissionDeniedError("只有承办地的签字领导可以退回反馈")
    target = _check_transition(locked, "decline_feedback")
    feedback = _pending_feedback(locked)
    feedback.decision, feedback.decision_reason, feedback.decided_by, feedback.decided_at = (
        "declined",
        reason.strip(),
        by,
        timezone.now(),
    )
    feedback.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    record_event(
        locked, by=by, action="feedback_declined", from_state=Status.SIGNING, to_state=target, note=reason
    )
    return feedback


def _check_reviewer(by, complaint):
    _require_role(by, "office", what="审核反馈")
    _visible(by, complaint)


@transaction.atomic
def accept_feedback(complaint: Complaint, *, by, note: str = "") -> Complaint:
    """The office accepts the signed feedback: its result becomes the complaint's published result
    and the status follows its handling state (已办结 / 阶段性办结 / 正在办理)."""
    _check_reviewer(by, complaint)
    locked = _locked(complaint)
    _check_transition(locked, "accept_feedback")
    feedback = _pending_feedback(locked)
    now = timezone.now()
    feedback.decision, feedback.decision_reason, feedback.decided_by, feedback.decided_at = (
        "accepted",
        note,
        by,
        now,
    )
    feedback.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    target = RESULT_STATUS[HandlingState(feedback.handling_state)]
    for field in ("findings", "verdict", "measures", "accountability", "handling_state", *COUNTER_FIELDS):
        setattr(locked, field, getattr(feedback, field))
    locked.status, locked.result_changed_at = target, now
    locked.closed_at = now if target == Status.CLOSED else None
    if target == Status.CLOSED:
        locked.due_at = locked.soon_at = None
        locked.due_state = DueState.NONE
    else:
        # 正在办理 / 阶段性办结: followed until closed, on the 12369 close clock.
        locked.close_due_at = close_clock(locked)
        current = clock(locked.received_at, locked.close_due_at)
        locked.due_at, locked.soon_at, locked.due_state = current.due_at, current.soon_at, current.state(now)
    locked.save()
    record_event(
        locked, by=by, action="feedback_accepted", from_state=Status.REVIEWING, to_state=target, note=note
    )
    return locked


@transaction.atomic
def return_feedback(complaint: Complaint, *, by, reason: str) -> Complaint:
    """The office returns the feedback for rework (退回重办) with reasons; both feedback clocks
    start again from now."""
    _check_reviewer(by, complaint)
    if not reason.strip():
        raise WorkflowError("请填写退回理由", field="reason")
    locked = _locked(complaint)
    target = _check_transition(locked, "return_feedback")
    feedback = _pending_feedback(locked)
    now = timezone.now()
    feedback.decision, feedback.decision_reason, feedback.decided_by, feedback.decided_at = (
        "returned",
        reason.strip(),
        by,
        now,
    )
    feedback.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    fields = restart_feedback(locked, target, now)
    locked.save(update_fields=[*fields, "updated_at"])
    record_event(
        locked, by=by, action="feedback_returned", from_state=Status.REVIEWING, to_state=target, note=reason
    )
    notify_units(
        [locked.lead_unit_id],
        ["handler"],
        title=f"{locked.number} 的反馈被退回重办",
        body=reason,
        link=f"/complaints/{locked.pk}/",
        level="danger",
        sms=True,
    )
    return locked
