"""Every write of loop C's accountability records: one function per transition.

Who may do what:
- the office (整改办 / 督察办), the discipline group (纪委监委 / 督办监察组) and the unit's own handlers
  register a record for a unit in their region, linked to what it answers to;
- the office or the discipline group records the decision and its execution;
- the discipline group alone verifies a record (核实) or sends it back as 追责不到位, with a reason.

Each function locks the row, checks `TRANSITIONS`, saves with `update_fields` and writes one event.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accountability.models import (
    AuditStatus,
    CadreLevel,
    FormOfAccountability,
    Record,
    RecordStatus,
    SourceKind,
)
from accountability.oversight import answer_urges
from audit.workflow import record_event
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import required_text
from notices.workflow import notify_units
from organisations.scope import scope_of

# action: (statuses it may start from, status it leads to)
TRANSITIONS = {
    "decide": ({RecordStatus.PROPOSED}, RecordStatus.DECIDED),
    "carry_out": ({RecordStatus.DECIDED}, RecordStatus.CARRIED_OUT),
}
UNIT_ROLES = ("handler", "signer")


def _check_form(code: str, *, required: bool) -> str:
    if not code:
        if required:
            raise WorkflowError("请选择问责方式", field="form")
        return ""
    if not FormOfAccountability.objects.filter(code=code, is_active=True).exists():
        raise WorkflowError(f"“{code}”不是启用的问责方式", field="form")
    return code


def _check_day(day: dt.date | None, *, field: str, label: str) -> dt.date:
    if day is None:
        raise WorkflowError(f"请填写{label}", field=field)
    if day > timezone.localdate():
        raise WorkflowError(f"{label}不能晚于今天", field=field)
    if day.year < 2000:
        raise WorkflowError(f"{label}不能早于 2000 年", field=field)
    return day


def may_register(by, unit) -> bool:
    if by is None or not by.is_authenticated:
        return False
    if by.is_superuser:
        return True
    if not scope_of(by).covers(unit.region.prefix):
        return False
    return by.has_role("office", "discipline") or (by.has_role("handler") and by.unit_id == unit.pk)


def _require(by, record: Record, *roles: str, what: str) -> None:
    if not (by.is_superuser or (by.has_role(*roles) and scope_of(by).covers(record.region_prefix))):
        raise PermissionDeniedError(f"您的角色不能{what}")


def _locked(record: Record) -> Record:
    return Record.objects.select_for_update().select_related("unit__region").get(pk=record.pk)


def _republish(record: Record) -> None:
    """A decided record changes its complaints' public 责任追究情况: the next publication carries it."""
    record.complaints.update(result_changed_at=timezone.now())


def _check_transition(record: Record, action: str) -> RecordStatus:
    sources, target = TRANSITIONS[action]
    if record.status not in sources:
        raise WorkflowError(
            f"该问责记录当前为“{record.get_status_display()}”，不能执行此操作",
            field="status",
            code="transition",
        )
    return target


@transaction.atomic
def register_record(
    *,
    by,
    unit,
    person_name: str,
    post: str = "",
    cadre_level: str = CadreLevel.OTHER,
    reason: str,
    form: str = "",
    source_kind: str = SourceKind.MANUAL,
    complaints=(),
    task=None,
    interview=None,
    spot_check_item=None,
    liaison_finding=None,
    decided_by: str = "",
    decided_on: dt.date | None = None,
    document_number: str = "",
) -> Record:
    """Register one person held accountable, linked to what the record answers to. Given a decision
    (form, deciding body and date), the record starts as decided."""
    if unit is None:
        raise WorkflowError("请选择被问责人所在单位", field="unit")
    if not may_register(by, unit):
        raise PermissionDeniedError("只能为本辖区的单位（承办人：本单位）登记问责")
    person_name = required_text(person_name, field="person_name", label="被问责人", limit=40)
    reason = required_text(reason, field="reason", label="问责事由", limit=2000)
    if cadre_level not in CadreLevel.values:
        raise WorkflowError("干部层级应为：厅局级 / 县处级 / 乡科级 / 其他", field="cadre_level")
    if source_kind not in SourceKind.values:
        raise WorkflowError("来源无效", field="source_kind")
    complaints = list(complaints)
    scope = scope_of(by)
    for complaint in complaints:
        if not scope.covers(complaint.region_prefix):
            raise PermissionDeniedError(f"举报件 {complaint.number} 不在您的管辖范围内")
    linked_prefixes = (
        (task, lambda: task.region_prefix, "整改任务"),
        (interview, lambda: interview.region_prefix, "约谈"),
        (spot_check_item, lambda: spot_check_item.task.region_prefix, "抽查发现"),
        (liaison_finding, lambda: liaison_finding.visit.region.prefix, "督导发现"),
    )
    for linked, prefix, label in linked_prefixes:
        if linked is not None and not scope.covers(prefix()):
            raise PermissionDeniedError(f"该{label}不在您的管辖范围内")
    decided = bool(form or decided_by or decided_on)
    form = _check_form(form, required=decided)
    if decided:
        decided_by = required_text(decided_by, field="decided_by", label="决定机关", limit=120)
        decided_on = _check_day(decided_on, field="decided_on", label="决定日期")
    record = Record.objects.create(
        person_name=person_name,
        post=(post or "").strip()[:80],
        unit=unit,
        cadre_level=cadre_level,
        form=form,
        reason=reason,
        status=RecordStatus.DECIDED if decided else RecordStatus.PROPOSED,
        decided_by=decided_by if decided else "",
        decided_on=decided_on if decided else None,
        document_number=(document_number or "").strip()[:60],
        source_kind=source_kind,
        task=task,
        interview=interview,
        spot_check_item=spot_check_item,
        liaison_finding=liaison_finding,
        region_prefix=unit.region.prefix,
        created_by=by,
    )
    if complaints:
        record.complaints.set(complaints)
    answer_urges(record, complaints)
    if decided:
        _republish(record)
    record_event(
        record, by=by, action="registered", to_state=record.status, note=f"{person_name} {post}".strip()
    )
    for complaint in complaints:
        record_event(
            complaint, by=by, action="accountability_registered", note=f"{person_name} {post}".strip()
        )
    if interview is not None:
        record_event(interview.task or interview, by=by, action="accountability_opened", note=person_name)
    return record


@transaction.atomic
def decide_record(
    record: Record, *, by, form: str, decided_by: str, decided_on: dt.date, document_number: str = ""
) -> Record:
    """The decision: its form, the body that took it, the date and the document number."""
    _require(by, record, "office", "discipline", what="录入问责决定")
    locked = _locked(record)
    target = _check_transition(locked, "decide")
    locked.form = _check_form(form, required=True)
    locked.decided_by = required_text(decided_by, field="decided_by", label="决定机关", limit=120)
    locked.decided_on = _check_day(decided_on, field="decided_on", label="决定日期")
    locked.document_number = (document_number or "").strip()[:60]
    locked.status = target
    locked.save(update_fields=["form", "decided_by", "decided_on", "document_number", "status"])
    _republish(locked)
    record_event(
        locked, by=by, action="decided", from_state=RecordStatus.PROPOSED, to_state=target,
        note=f"{locked.form_name} {locked.document_number}".strip(),
    )  # fmt: skip
    return locked


@transaction.atomic
def carry_out_record(record: Record, *, by, carried_out_on: dt.date) -> Record:
    """The decision has been executed (谈话已进行、处分已送达…)."""
    _require(by, record, "office", "discipline", what="登记问责执行")
    locked = _locked(record)
    target = _check_transition(locked, "carry_out")
    day = _check_day(carried_out_on, field="carried_out_on", label="执行日期")
    if locked.decided_on and day < locked.decided_on:
        raise WorkflowError("执行日期不能早于决定日期", field="carried_out_on")
    locked.carried_out_on, locked.status = day, target
    locked.save(update_fields=["carried_out_on", "status"])
    record_event(locked, by=by, action="carried_out", from_state=RecordStatus.DECIDED, to_state=target)
    return locked


@transaction.atomic
def verify_record(record: Record, *, by, note: str = "") -> Record:
    """The discipline group has checked the record against the decision and finds it sufficient."""
    _require(by, record, "discipline", what="核实问责记录")
    locked = _locked(record)
    if locked.status == RecordStatus.PROPOSED:
        raise WorkflowError("尚未作出问责决定，不能核实", field="status", code="transition")
    if locked.audit_status == AuditStatus.VERIFIED:
        raise WorkflowError("该记录已核实", field="audit_status", code="duplicate")
    previous = locked.audit_status
    locked.audit_status, locked.audit_note = AuditStatus.VERIFIED, (note or "").strip()
    locked.audited_by, locked.audited_at = by, timezone.now()
    locked.save(update_fields=["audit_status", "audit_note", "audited_by", "audited_at"])
    record_event(
        locked, by=by, action="verified", from_state=previous, to_state=AuditStatus.VERIFIED, note=note
    )
    return locked


@transaction.atomic
def reject_record(record: Record, *, by, reason: str) -> Record:
    """追责不到位: the discipline group sends the record back with a reason; the unit is told. A new
    decision (a heavier form, or the right person) is registered as a new record."""
    _require(by, record, "discipline", what="认定追责不到位")
    reason = required_text(reason, field="reason", label="认定理由", limit=1000)
    locked = _locked(record)
    if locked.audit_status == AuditStatus.INSUFFICIENT:
        raise WorkflowError("该记录已认定为追责不到位", field="audit_status", code="duplicate")
    previous = locked.audit_status
    locked.audit_status, locked.audit_note = AuditStatus.INSUFFICIENT, reason
    locked.audited_by, locked.audited_at = by, timezone.now()
    locked.save(update_fields=["audit_status", "audit_note", "audited_by", "audited_at"])
    record_event(
        locked, by=by, action="found_insufficient", from_state=previous, to_state=AuditStatus.INSUFFICIENT, note=reason
    )  # fmt: skip
    message = {
        "title": f"问责记录被认定为追责不到位：{locked.person_name}",
        "body": reason[:200],
        "link": f"/accountability/{locked.pk}/",
        "level": "danger",
        "key": f"insufficient:{locked.pk}",
    }
    transaction.on_commit(lambda: notify_units([locked.unit_id], UNIT_ROLES, **message))
    return locked
