"""Receipt, confirmed twice: the phone call and the leader's signature (or a scan), and upload checks."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audit.workflow import record_event
from complaints.models import (
    Complaint,
    Status,
)
from complaints.workflow.base import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_TYPES,
    _check_transition,
    _locked,
    _require_role,
    _visible,
)
from ducha.errors import PermissionDeniedError, WorkflowError


def _receipt_complete(locked: Complaint, *, by, now) -> None:
    if locked.phone_confirmed_at and (locked.receipt_signed_at or locked.receipt_scan):
        target = _check_transition(locked, "receive")
        locked.status, locked.received_at_county = target, now
        locked.save(update_fields=["status", "received_at_county", "updated_at"])
        record_event(locked, by=by, action="received", from_state=Status.FORWARDED, to_state=target)


@transaction.atomic
def confirm_by_phone(
    complaint: Complaint, *, by, answered_by: str, called_at: dt.datetime | None = None
) -> Complaint:
    """First confirmation of receipt: the office phoned the county; who called, who answered, when."""
    _require_role(by, "office", what="电话确认签收")
    _visible(by, complaint)
    if not answered_by.strip():
        raise WorkflowError("请填写接电话人", field="answered_by")
    locked = _locked(complaint)
    if locked.status != Status.FORWARDED:
        _check_transition(locked, "receive")
    if locked.phone_confirmed_at:
        raise WorkflowError(
            f"已于 {timezone.localtime(locked.phone_confirmed_at):%m-%d %H:%M} 电话确认（接电话人："
            f"{locked.phone_answered_by}）；如需更正请使用“更正电话确认”",
            field="answered_by",
            code="duplicate",
        )
    now = timezone.now()
    called_at = _check_call_time(locked, called_at or now, now)
    locked.phone_confirmed_at, locked.phone_confirmed_by, locked.phone_answered_by = (
        called_at,
        by,
        answered_by.strip(),
    )
    locked.save(update_fields=["phone_confirmed_at", "phone_confirmed_by", "phone_answered_by", "updated_at"])
    record_event(
        locked,
        by=by,
        action="phone_confirmed",
        note=f"接电话人：{answered_by.strip()}",
        data={"called_at": called_at.isoformat()},
    )
    _receipt_complete(locked, by=by, now=now)
    return locked


def _check_call_time(locked: Complaint, called_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    if called_at > now + dt.timedelta(minutes=5):
        raise WorkflowError("通话时间不能晚于现在", field="called_at")
    if locked.forwarded_at and called_at < locked.forwarded_at - dt.timedelta(minutes=1):
        raise WorkflowError(
            f"通话时间不能早于转办时间 {timezone.localtime(locked.forwarded_at):%Y-%m-%d %H:%M}",
            field="called_at",
        )
    return called_at


@transaction.atomic
def correct_phone_confirmation(
    complaint: Complaint, *, by, answered_by: str, reason: str, called_at: dt.datetime | None = None
) -> Complaint:
    """Correct who answered (or when) after the first confirmation. The first record stays on the
    timeline; the correction is a new event naming both, with the reason."""
    _require_role(by, "office", what="更正电话确认")
    _visible(by, complaint)
    if not answered_by.strip():
        raise WorkflowError("请填写接电话人", field="answered_by")
    if not reason.strip():
        raise WorkflowError("请说明更正理由", field="reason")
    locked = _locked(complaint)
    if not locked.phone_confirmed_at:
        raise WorkflowError("尚未电话确认，无需更正", field="answered_by", code="transition")
    before = f"{timezone.localtime(locked.phone_confirmed_at):%Y-%m-%d %H:%M} {locked.phone_answered_by}"
    called_at = _check_call_time(locked, called_at or locked.phone_confirmed_at, timezone.now())
    locked.phone_confirmed_at, locked.phone_answered_by = called_at, answered_by.strip()
    locked.save(update_fields=["phone_confirmed_at", "phone_answered_by", "updated_at"])
    after = f"{timezone.localtime(called_at):%Y-%m-%d %H:%M} {locked.phone_answered_by}"
    record_event(
        locked,
        by=by,
        action="phone_corrected",
        note=f"原记录：{before}；更正为：{after}；理由：{reason.strip()}",
        data={"before": before, "after": after},
    )
    return locked


def _is_county_leader(by, complaint: Complaint) -> bool:
    if by.is_superuser:
        return True
    return (
        by.has_role("signer")
        and by.unit_id is not None
        and complaint.lead_unit_id is not None
        and (by.unit_id == complaint.lead_unit_id or by.unit.region_id == complaint.lead_unit.region_id)
    )


@transaction.atomic
def sign_receipt(complaint: Complaint, *, by) -> Complaint:
    """Second confirmation: the county's leader signs the receipt (签收回执) in the system."""
    _visible(by, complaint)
    locked = _locked(complaint)
    if not _is_county_leader(by, locked):
        raise PermissionDeniedError("签收回执须由承办地的签字领导签署")
    if locked.status != Status.FORWARDED:
        _check_transition(locked, "receive")
    if locked.receipt_signed_at:
        raise WorkflowError("回执已签收", field="receipt", code="duplicate")
    now = timezone.now()
    locked.receipt_signed_at, locked.receipt_signed_by = now, by
    locked.save(update_fields=["receipt_signed_at", "receipt_signed_by", "updated_at"])
    record_event(locked, by=by, action="receipt_signed")
    _receipt_complete(locked, by=by, now=now)
    return locked


def check_upload(upload, *, field: str) -> str:
    """The extension is one we accept, the content starts like it, and it is not too large."""
    name = upload.name or ""
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind not in EVIDENCE_TYPES:
        raise WorkflowError(
            f"不支持的文件类型“{kind or '无扩展名'}”，请上传 jpg、png、pdf、docx、xlsx 或 mp4", field=field
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise WorkflowError(f"{name} 超过 20 MB", field=field)
    if upload.size == 0:
        raise WorkflowError(f"{name} 是空文件", field=field)
    offset, magic = EVIDENCE_TYPES[kind]
    head = upload.read(offset + len(magic))
    upload.seek(0)
    if head[offset:] != magic:
        raise WorkflowError(f"{name} 的内容与扩展名不符", field=field)
    return kind


@transaction.atomic
def upload_receipt_scan(complaint: Complaint, *, by, upload) -> Complaint:
    """Second confirmation on paper: a scan of the receipt the county's leader signed by hand."""
    _require_role(by, "handler", "office", what="上传签收回执")
    _visible(by, complaint)
    check_upload(upload, field="receipt_scan")
    locked = _locked(complaint)
    if by.has_role("handler") and not by.has_role("office") and by.unit_id != locked.lead_unit_id:
        raise PermissionDeniedError("只有承办单位可以上传签收回执")
    if locked.status != Status.FORWARDED:
        _check_transition(locked, "receive")
    locked.receipt_scan.save(upload.name, upload, save=False)
    locked.save(update_fields=["receipt_scan", "updated_at"])
    record_event(locked, by=by, action="receipt_uploaded", note=upload.name)
    _receipt_complete(locked, by=by, now=timezone.now())
    return locked


@transaction.atomic
def confirm_batch_by_phone(
    batch, lead_unit, *, by, answered_by: str, called_at: dt.datetime | None = None
) -> int:
    """One call covers a unit's share of a batch: every forwarded, not yet phone-confirmed complaint of
    the batch that the unit leads is confirmed with the same caller, answerer and time (rows locked, one
    UPDATE, one event each). Returns how many."""
    from audit.workflow import record_events

    _require_role(by, "office", what="电话确认签收")
    if not answered_by.strip():
        raise WorkflowError("请填写接电话人", field="answered_by")
    rows = (
        Complaint.objects.visible_to(by)
        .select_for_update(of=("self",))
        .filter(batch=batch, lead_unit=lead_unit, status=Status.FORWARDED, phone_confirmed_at__isnull=True)
        .order_by("pk")
    )
    locked = list(rows)
    if not locked:
        raise WorkflowError(f"{lead_unit.name}在{batch}中没有待电话确认的举报件", field="unit")
    now = timezone.now()
    for complaint in locked:
        called_at = _check_call_time(complaint, called_at or now, now)
    answered_by = answered_by.strip()
    Complaint.objects.filter(pk__in=[c.pk for c in locked]).update(
        phone_confirmed_at=called_at, phone_confirmed_by=by, phone_answered_by=answered_by, updated_at=now
    )
    record_events(
        locked,
        by=by,
        action="phone_confirmed",
        note=f"接电话人：{answered_by}（{batch}，{lead_unit.name}一次确认）",
    )
    for complaint in locked:
        complaint.phone_confirmed_at, complaint.phone_answered_by = called_at, answered_by
        _receipt_complete(complaint, by=by, now=now)
    return len(locked)


def urge_complaints(complaints, *, by, note: str = "") -> int:
    """催办: the office reminds the lead units of open items — one message per unit listing its items
    (once a day per unit and item set), an event on each complaint."""
    from audit.workflow import record_events
    from notices.workflow import notify_units

    _require_role(by, "office", what="催办")
    open_states = [Status.FORWARDED, Status.RECEIVED, Status.RETURNED, Status.SIGNING]
    rows = list(
        Complaint.objects.visible_to(by).filter(pk__in=[c.pk for c in complaints], status__in=open_states)
        .select_related("lead_unit").order_by("lead_unit_id", "due_at")
    )  # fmt: skip
    if not rows:
        raise WorkflowError("所选举报件中没有正在地方办理、可以催办的", field="complaints")
    today = timezone.localdate()
    by_unit: dict[int, list[Complaint]] = {}
    for row in rows:
        by_unit.setdefault(row.lead_unit_id, []).append(row)
    for unit_id, items in by_unit.items():
        numbers = "、".join(c.number for c in items[:10]) + ("等" if len(items) > 10 else "")
        notify_units(
            [unit_id], ["handler", "signer"],
            title=f"督察办催办：{len(items)} 件举报件请抓紧办理",
            body=f"{numbers}。{note.strip()}"[:500],
            link="/complaints/?queue=to_answer",
            level="warn",
            key=f"urge:{unit_id}:{today:%Y%m%d}:{min(c.pk for c in items)}:{len(items)}",
            sms=True,
        )  # fmt: skip
    record_events(rows, by=by, action="urged", note=note.strip()[:200])
    return len(rows)
