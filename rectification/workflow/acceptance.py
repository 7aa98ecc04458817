"""Acceptance and closure: application, site check, sign-off level by level, notice, objections, closure."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from audit.workflow import record_event, record_events
from complaints.secrets import encrypt, mask_phone
from complaints.workflow import check_upload
from ducha.errors import PermissionDeniedError, WorkflowError
from notices.workflow import notify_units
from organisations.scope import Scope, scope_of
from rectification.models import (
    Acceptance,
    AcceptanceStatus,
    Objection,
    ObjectionStatus,
    Progress,
    SignLevel,
    SignOff,
    Task,
    TaskFile,
    TaskStatus,
    WarningLevel,
)
from rectification.workflow.base import (
    UNIT_ROLES,
    _locked,
    _move,
    _require_office,
    _require_status,
    _require_unit,
    _text,
)
from rectification.workflow.dispatch import _level_on
from rectification.workflow.plan import refresh_warning_dates

# --- acceptance and closure --------------------------------------------------------------------


def _current_acceptance(task: Task) -> Acceptance:
    acceptance = task.acceptances.order_by("-round").first()
    if acceptance is None:
        raise WorkflowError("该任务没有验收申请", field="acceptance")
    return acceptance


@transaction.atomic
def apply_for_acceptance(task: Task, *, by, summary: str, files=()) -> Acceptance:
    task = _locked(task)
    _require_unit(by, task, "申请验收销号")
    _require_status(task, TaskStatus.RECTIFYING, what="申请验收销号")
    summary = _text(summary, field="summary", label="整改完成情况")
    if not files and not task.files.exists():
        raise WorkflowError("请上传整改佐证材料", field="files")
    for upload in files:
        check_upload(upload, field="files")
    number = (task.acceptances.order_by("-round").values_list("round", flat=True).first() or 0) + 1
    acceptance = Acceptance.objects.create(task=task, round=number, summary=summary, applied_by=by)
    for upload in files:
        TaskFile.objects.create(
            task=task,
            acceptance=acceptance,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            uploaded_by=by,
        )
    task.percent, task.progress, task.sign_step = 100, Progress.DONE, 0
    task.yellow_from = task.red_from = None
    task.warning_level = WarningLevel.NONE
    fields = ["percent", "progress", "sign_step", "yellow_from", "red_from", "warning_level"]
    _move(task, TaskStatus.APPLIED, by=by, action="acceptance_applied", note=summary[:80], fields=fields)
    return acceptance


@transaction.atomic
def record_site_check(
    task: Task, *, by, checked_on: dt.date, inspectors: str, record: str, passed: bool
) -> Acceptance:
    task = _locked(task)
    _require_office(by, task.region_prefix, "录入现场核查")
    _require_status(task, TaskStatus.APPLIED, what="录入现场核查")
    acceptance = _current_acceptance(task)
    acceptance.checked_on = checked_on
    acceptance.inspectors = _text(inspectors, field="inspectors", label="核查人员", max_length=200)
    acceptance.check_record = _text(record, field="record", label="现场核查记录")
    acceptance.checked_by = by
    if passed:
        acceptance.status = AcceptanceStatus.SIGNING
        acceptance.save()
        _move(task, TaskStatus.SIGNING, by=by, action="site_check_passed", note=acceptance.check_record[:80])
    else:
        _reject(task, acceptance, by=by, action="site_check_failed", reason=acceptance.check_record)
    return acceptance


def can_sign(user, task: Task, level: str | None = None) -> bool:
    level = level or task.sign_level
    if level is None or user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not user.has_role("office", "signer") or user.unit_id is None:
        return False
    if not scope_of(user).covers(task.region_prefix):
        return False
    unit = user.unit
    if level == SignLevel.DEPARTMENT:
        # The industry department named on the task, else any department over the task's area.
        return unit.pk == task.sign_department_id if task.sign_department_id else unit.kind == "department"
    return unit.region.level == level and unit.kind != "department"


@transaction.atomic
def sign_off(task: Task, *, by, approved: bool, comment: str = "") -> SignOff:
    """One level of the chain. Approval moves up a level, the last one opens the public notice;
    a rejection at any level returns the task to rectifying with the reasons."""
    task = _locked(task)
    _require_status(task, TaskStatus.SIGNING, what="审核销号")
    level = task.sign_level
    if not can_sign(by, task, level):
        raise PermissionDeniedError(f"本任务当前需{SignLevel(level).label if level else ''}审核，您无权签署")
    acceptance = _current_acceptance(task)
    if not approved:
        comment = _text(comment, field="comment", label="不同意的理由")
    signoff = SignOff.objects.create(
        acceptance=acceptance, level=level, approved=approved, comment=comment.strip(), signed_by=by
    )
    label = SignLevel(level).label
    if not approved:
        _reject(task, acceptance, by=by, action="signoff_rejected", reason=f"{label}：{comment}")
        return signoff
    task.sign_step += 1
    if task.sign_step < len(task.sign_levels):
        task.save(update_fields=["sign_step", "updated_at"])
        record_event(
            task,
            by=by,
            action="signoff_approved",
            note=f"{label}同意；下一级：{SignLevel(task.sign_level).label}",
        )
        return signoff
    today = timezone.localdate()
    acceptance.status = AcceptanceStatus.NOTICE
    acceptance.notice_from = today
    acceptance.notice_until = today + dt.timedelta(days=settings.RECTIFICATION_NOTICE_DAYS)
    acceptance.notice_text = (
        f"{task.report.region.name}关于“{task.problem.text[:60]}”的整改任务（{task.code}）已完成整改，"
        f"经{'、'.join(str(SignLevel(x).label) for x in task.sign_levels)}审核同意销号，现予公示。"
    )
    acceptance.save()
    task.notice_until = acceptance.notice_until
    _move(
        task, TaskStatus.NOTICE, by=by, action="signoff_approved",
        note=f"{label}同意；公示至 {acceptance.notice_until}", fields=["sign_step", "notice_until"],
    )  # fmt: skip
    return signoff


def _reject(task: Task, acceptance: Acceptance, *, by, action: str, reason: str) -> None:
    acceptance.status = AcceptanceStatus.REJECTED
    acceptance.outcome_note = reason
    acceptance.finished_at = timezone.now()
    acceptance.save()
    task.sign_step = 0
    task.notice_until = None
    refresh_warning_dates(task)
    task.warning_level = _level_on(task, timezone.localdate())
    _move(
        task, TaskStatus.RECTIFYING, by=by, action=action, note=reason[:200],
        fields=["sign_step", "notice_until", "yellow_from", "red_from", "warning_level"],
    )  # fmt: skip
    notify_units(
        [task.lead_unit_id], UNIT_ROLES, title=f"验收未通过：{task.code}", body=reason[:200],
        link=f"/rectification/tasks/{task.pk}/", level="warning", key=f"rejected:{acceptance.pk}:{action}",
    )  # fmt: skip


def submit_objection(task: Task, *, text: str, contact: str = "", key: str | None = None) -> Objection:
    """An objection from the public while the notice is up."""
    key = f"public:{key.strip()[:100]}" if key else None
    if key:
        existing = Objection.objects.filter(intake_key=key).first()
        if existing is not None:
            return existing
    with transaction.atomic():
        task = _locked(task)
        today = timezone.localdate()
        if task.status != TaskStatus.NOTICE or (task.notice_until and today > task.notice_until):
            raise WorkflowError("该任务不在公示期内，不能提出异议", field="task", code="transition")
        text = _text(text, field="text", label="异议内容", max_length=2000)
        contact = contact.strip()[:40]
        objection = Objection.objects.create(
            acceptance=_current_acceptance(task), text=text, contact_secret=encrypt(contact) if contact else "",
            contact_masked=mask_phone(contact) if contact else "", intake_key=key,
        )  # fmt: skip
        record_event(task, by=None, action="objection_submitted", note=text[:80])
        notify_office(task, title=f"公示异议：{task.code}", body=text[:200], key=f"objection:{objection.pk}")
    return objection


def notify_office(task: Task, **message) -> None:
    from accounts.models import User
    from notices.workflow import notify

    # The offices over the task: their region is the task's or one above it.
    above = Scope(prefix=task.region_prefix).ancestor_prefixes
    users = User.objects.with_role("office").filter(is_active=True, unit__region__prefix__in=above).distinct()
    notify(list(users), link=f"/rectification/tasks/{task.pk}/", level="warning", **message)


@transaction.atomic
def handle_objection(objection: Objection, *, by, upheld: bool, response: str) -> Objection:
    objection = Objection.objects.select_for_update().select_related("acceptance__task").get(pk=objection.pk)
    task = _locked(objection.acceptance.task)
    _require_office(by, task.region_prefix, "核实公示异议")
    if objection.status != ObjectionStatus.PENDING:
        raise WorkflowError("该异议已核实", field="status", code="transition")
    objection.response = _text(response, field="response", label="核实情况")
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.handled_by, objection.handled_at = by, timezone.now()
    objection.save()
    if upheld and task.status == TaskStatus.NOTICE:
        _reject(task, objection.acceptance, by=by, action="objection_upheld", reason=objection.response)
    else:
        record_event(
            task,
            by=by,
            action="objection_dismissed" if not upheld else "objection_upheld",
            note=objection.response[:80],
        )
    return objection


@transaction.atomic
def close_task(task: Task, *, by) -> Task:
    """Closure (销号) once the notice window has passed with no objection left open."""
    task = _locked(task)
    _require_office(by, task.region_prefix, "销号")
    _require_status(task, TaskStatus.NOTICE, what="销号")
    today = timezone.localdate()
    if task.notice_until and today <= task.notice_until:
        raise WorkflowError(f"公示期至 {task.notice_until}，期满后方可销号", field="notice_until")
    acceptance = _current_acceptance(task)
    if acceptance.objections.filter(status=ObjectionStatus.PENDING).exists():
        raise WorkflowError("还有未核实的公示异议", field="objections")
    _finish(task, acceptance, by=by, today=today)
    return task


def close_ended_notices(today: dt.date, *, at) -> int:
    """The sweep's closure: every task whose notice ended before `today` with no objection pending is
    closed (销号) in a few set-based statements, with one event each. Returns how many."""
    pending = Objection.objects.filter(
        acceptance__task=OuterRef("pk"),
        acceptance__status=AcceptanceStatus.NOTICE,
        status=ObjectionStatus.PENDING,
    )
    ending = Task.objects.filter(status=TaskStatus.NOTICE, notice_until__lt=today).exclude(Exists(pending))
    ids = list(ending.values_list("pk", flat=True))
    record_events(
        Task.objects.filter(pk__in=ids).only("pk", "region_prefix"), by=None, action="closed",
        from_state=TaskStatus.NOTICE, to_state=TaskStatus.CLOSED, note="公示期满无异议，销号", at=at,
    )  # fmt: skip
    Acceptance.objects.filter(task_id__in=ids, status=AcceptanceStatus.NOTICE).update(
        status=AcceptanceStatus.PASSED, finished_at=at
    )
    return Task.objects.filter(pk__in=ids).update(
        status=TaskStatus.CLOSED, closed_on=today, progress=Progress.CLOSED, report_late=False, updated_at=at
    )


def _finish(task: Task, acceptance: Acceptance, *, by, today: dt.date) -> None:
    acceptance.status = AcceptanceStatus.PASSED
    acceptance.finished_at = timezone.now()
    acceptance.save(update_fields=["status", "finished_at"])
    task.closed_on, task.progress, task.report_late = today, Progress.CLOSED, False
    _move(task, TaskStatus.CLOSED, by=by, action="closed", fields=["closed_on", "progress", "report_late"])
