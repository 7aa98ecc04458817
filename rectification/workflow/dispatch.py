"""Monthly dispatch: progress reports, the per-month tally, the warning level on a day."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from audit.workflow import record_event
from complaints.workflow import check_upload
from ducha.errors import WorkflowError
from rectification import schedule
from rectification.models import (
    DispatchTally,
    Progress,
    ProgressReport,
    Task,
    TaskFile,
    TaskStatus,
    WarningLevel,
)
from rectification.workflow.base import _locked, _require_status, _require_unit, _text
from rectification.workflow.plan import _task_milestones, refresh_warning_dates

# --- dispatch -----------------------------------------------------------------------------------


def schedule_percent(task: Task, day: dt.date | None = None) -> int | None:
    points = schedule.schedule_points(task.starts_on, task.due_on, _task_milestones(task))
    if len(points) == 1:
        return None
    return schedule.expected_percent(points, day or timezone.localdate())


@transaction.atomic
def report_progress(
    task: Task, *, by, text: str, percent: int, progress: str | None = None, files=(), key: str | None = None
) -> ProgressReport:
    """A dispatch report. The status is computed from the schedule line unless the unit names one
    the figures allow; 完成交账销号 is the system's alone (set at closure)."""
    if key:
        owner = by.pk if by is not None and by.is_authenticated else "anon"
        key = f"{owner}:{key.strip()[:100]}"
        existing = ProgressReport.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
    task = _locked(task)
    _require_unit(by, task, "报送调度情况")
    _require_status(task, TaskStatus.RECTIFYING, what="报送调度情况")
    text = _text(text, field="text", label="整改进展")
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise WorkflowError("完成比例应为 0–100 的整数", field="percent") from None
    if not 0 <= percent <= 100:
        raise WorkflowError("完成比例应为 0–100 的整数", field="percent")
    for upload in files:
        check_upload(upload, field="files")
    today = timezone.localdate()
    expected = schedule_percent(task, today)
    computed = schedule.progress_for(percent, expected if expected is not None else percent)
    if progress in (None, ""):
        progress = computed
    elif progress == Progress.CLOSED:
        raise WorkflowError("“完成交账销号”在验收销号后由系统标记", field="progress")
    elif progress not in Progress.values:
        raise WorkflowError("进展状态不在调度用语之列", field="progress")
    elif (progress == Progress.DONE) != (percent == 100):
        raise WorkflowError("“完成整改”须与 100% 的完成比例一致", field="progress")
    task.percent, task.progress = percent, progress
    refresh_warning_dates(task)
    # Back on schedule, the warning lifts at once and the task returns to monthly dispatch; further
    # behind, it turns yellow or red now (the sweep raises the notice).
    level_before = task.warning_level
    task.warning_level = _level_on(task, today)
    task.cycle = schedule.cycle_for(task.warning_level)
    answered, next_due = schedule.next_due_after_report(
        reported_on=today, current_due=task.next_report_due, cycle=task.cycle
    )
    late_days = max(0, (today - task.next_report_due).days) if task.next_report_due else 0
    report = ProgressReport.objects.create(
        task=task,
        period_end=answered,
        text=text,
        percent=percent,
        progress=progress,
        schedule_percent=expected or 0,
        late_days=late_days,
        reported_by=by,
        idempotency_key=key,
    )
    for upload in files:
        TaskFile.objects.create(
            task=task, report=report, file=upload, name=upload.name[:200], size=upload.size, uploaded_by=by
        )
    tally_reports(task.report_id, answered.replace(day=1), late=1 if late_days else 0)
    task.last_reported_on, task.next_report_due, task.report_late = today, next_due, next_due < today
    task.save(
        update_fields=[
            "percent", "progress", "last_reported_on", "next_report_due", "report_late",
            "yellow_from", "red_from", "warning_level", "cycle", "updated_at",
        ]
    )  # fmt: skip
    note = f"{percent}%（序时 {expected}%）" if expected is not None else f"{percent}%"
    if late_days:
        note += f"，迟报 {late_days} 天"
    record_event(task, by=by, action="progress_reported", to_state=progress, note=note)
    if task.warning_level != level_before:
        record_event(
            task, by=by, action=f"warning_{task.warning_level or 'lifted'}", from_state=level_before,
            to_state=task.warning_level, note="按本次调度重新计算",
        )  # fmt: skip
    return report


def tally_reports(report_id: int, month: dt.date, *, count: int = 1, late: int = 0) -> None:
    """Add to the month's dispatch tally; two writers creating the same month meet the unique
    constraint, and the loser adds to the winner's row."""
    rows = DispatchTally.objects.filter(report_id=report_id, month=month)
    if rows.update(reports=F("reports") + count, late=F("late") + late):
        return
    try:
        with transaction.atomic():
            DispatchTally.objects.create(report_id=report_id, month=month, reports=count, late=late)
    except IntegrityError:
        rows.update(reports=F("reports") + count, late=F("late") + late)


def _level_on(task: Task, day: dt.date) -> str:
    if task.red_from and task.red_from <= day:
        return WarningLevel.RED
    if task.yellow_from and task.yellow_from <= day:
        return WarningLevel.YELLOW
    return WarningLevel.NONE
