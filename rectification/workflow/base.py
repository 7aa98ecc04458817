"""Shared by every stage of loop B: the guards (office, unit, status), row locks, moving a task and writing its event."""

from audit.workflow import record_event
from ducha.errors import PermissionDeniedError, WorkflowError
from organisations.scope import scope_of
from rectification.models import (
    FeedbackReport,
    Task,
)

UNIT_ROLES = ("handler", "signer")


# --- guards -------------------------------------------------------------------------------------


def _require_office(by, region_prefix: str, what: str) -> None:
    if by is None or not by.is_authenticated:
        raise PermissionDeniedError(f"请先登录再{what}")
    if by.is_superuser:
        return
    if not by.has_role("office"):
        raise PermissionDeniedError(f"只有整改办可以{what}")
    if not scope_of(by).covers(region_prefix):
        raise PermissionDeniedError("该事项不在您的管辖范围内")


def _require_unit(by, task: Task, what: str) -> None:
    """The lead unit's own users, or the office over it."""
    if by is None or not by.is_authenticated:
        raise PermissionDeniedError(f"请先登录再{what}")
    if by.is_superuser or (by.has_role("office") and scope_of(by).covers(task.region_prefix)):
        return
    if by.unit_id == task.lead_unit_id and by.has_role(*UNIT_ROLES):
        return
    raise PermissionDeniedError(f"只有牵头单位或整改办可以{what}")


def _require_status(task: Task, *allowed: str, what: str) -> None:
    if task.status not in allowed:
        raise WorkflowError(
            f"任务 {task.code} 当前状态为“{task.get_status_display()}”，不能{what}",
            field="status",
            code="transition",
        )


def _locked(task: Task) -> Task:
    return Task.objects.select_for_update(of=("self",)).select_related("report", "lead_unit").get(pk=task.pk)


def _locked_report(report: FeedbackReport) -> FeedbackReport:
    return FeedbackReport.objects.select_for_update().get(pk=report.pk)


def _move(task: Task, to: str, *, by, action: str, note: str = "", fields=(), data=None) -> Task:
    before = task.status
    task.status = to
    task.save(update_fields=["status", "updated_at", *fields])
    record_event(task, by=by, action=action, from_state=before, to_state=to, note=note, data=data)
    return task


def _text(value: str, *, field: str, label: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(f"请填写{label}", field=field)
    if max_length and len(value) > max_length:
        raise WorkflowError(f"{label}不能超过 {max_length} 字", field=field)
    return value
