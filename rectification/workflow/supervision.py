"""Warnings and supervision: notices by hand, interviews, circulars, the sweep's follow-ups."""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from audit.workflow import record_event
from ducha.errors import WorkflowError
from notices.workflow import notify_units
from organisations.models import Unit
from rectification import schedule
from rectification.models import (
    Action,
    ActionKind,
    FeedbackReport,
    Series,
    SpecialSupervision,
    Task,
    TaskStatus,
    WarningLevel,
    first_of_month,
)
from rectification.workflow.base import UNIT_ROLES, _locked, _require_office, _require_status, _text
from rectification.workflow.dispatch import _level_on

# --- warnings and supervision ------------------------------------------------------------------


@transaction.atomic
def raise_warning(task: Task, *, by, level: str, reason: str) -> Action:
    """A warning by hand. It stands until the unit's next report puts the task back on schedule."""
    task = _locked(task)
    _require_office(by, task.region_prefix, "下发预警通知")
    _require_status(task, TaskStatus.RECTIFYING, what="预警")
    reason = _text(reason, field="reason", label="预警事由")
    if level not in (WarningLevel.YELLOW, WarningLevel.RED):
        raise WorkflowError("预警等级应为黄色或红色", field="level")
    today = timezone.localdate()
    period = first_of_month(today)
    if Action.objects.filter(task=task, kind=level, period=period).exists():
        raise WorkflowError(
            f"本月已对该任务下发过{WarningLevel(level).label}", field="level", code="duplicate"
        )
    action = Action.objects.create(
        report=task.report, kind=level, task=task, unit=task.lead_unit, period=period, issued_on=today,
        reason=reason, source="manual", region_prefix=task.region_prefix, created_by=by,
    )  # fmt: skip
    if level == WarningLevel.RED:
        task.red_from = min(task.red_from or today, today)
    task.yellow_from = min(task.yellow_from or today, today)
    before = task.warning_level
    task.warning_level = _level_on(task, today)
    task.cycle = schedule.cycle_for(task.warning_level)
    task.next_report_due = min(task.next_report_due or today, schedule.first_due(today, task.cycle))
    task.save(
        update_fields=["red_from", "yellow_from", "warning_level", "cycle", "next_report_due", "updated_at"]
    )
    record_event(
        task, by=by, action=f"warning_{level}", from_state=before, to_state=task.warning_level, note=reason
    )
    _follow_ups([task.pk], by=by, today=today)
    _notify_actions(Action.objects.filter(task=task, created_at__gte=action.created_at))
    return action


@transaction.atomic
def record_interview(action: Action, *, by, held_on: dt.date, record: str) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    _require_office(by, action.region_prefix, "记录约谈")
    if action.kind != ActionKind.INTERVIEW:
        raise WorkflowError("这不是约谈事项", field="kind")
    action.record = _text(record, field="record", label="约谈记录")
    action.held_on = held_on
    action.save(update_fields=["record", "held_on"])
    if action.task_id:
        record_event(action.task, by=by, action="interview_held", note=f"{held_on} {action.record[:60]}")
    return action


@transaction.atomic
def issue_circular(
    report: FeedbackReport,
    *,
    by,
    period: dt.date | None = None,
    note: str = "",
    special: bool = False,
    title: str = "",
    units=None,
) -> Action:
    """A circular (通报). The monthly one names the units with lagging tasks (yellow or red, or a late
    dispatch report), once per report and month. A special circular (专项通报) has its own subject and
    names the units given (else the lagging ones); there may be several in a month."""
    _require_office(by, report.region_prefix, "印发通报")
    today = timezone.localdate()
    period = first_of_month(period or today)
    if special:
        title = _text(title, field="title", label="专项通报标题", max_length=200)
    elif Action.objects.filter(
        report=report, kind=ActionKind.CIRCULAR, period=period, task__isnull=True, series=Series.MONTHLY
    ).exists():
        raise WorkflowError(f"{period:%Y年%m月}的通报已印发", field="period", code="duplicate")
    if units is not None:
        units = list(units)
        outside = list(
            Unit.objects.filter(pk__in=[u.pk for u in units])
            .exclude(region__prefix__startswith=report.region_prefix[:4])
            .values_list("name", flat=True)
        )
        if outside:
            raise WorkflowError(f"不在本次整改范围内的单位：{'、'.join(outside)}", field="units")
        unit_ids = [u.pk for u in units]
    else:
        unit_ids = list(
            report.tasks.open()
            .filter(Q(warning_level__in=[WarningLevel.YELLOW, WarningLevel.RED]) | Q(report_late=True))
            .values_list("lead_unit_id", flat=True)
            .distinct()
        )
    reason = note.strip() or (title if special else f"{period:%Y年%m月}整改进展滞后单位通报")
    circular = Action.objects.create(
        report=report, kind=ActionKind.CIRCULAR, period=period, issued_on=today, reason=reason, source="manual",
        region_prefix=report.region_prefix, created_by=by, series=Series.SPECIAL if special else Series.MONTHLY,
        title=title if special else "",
    )  # fmt: skip
    circular.listed_units.set(unit_ids)
    label = f"专项通报：{title}" if special else f"{period:%Y-%m}"
    record_event(report, by=by, action="circular_issued", note=f"{label}，{len(unit_ids)} 个单位")
    notify_units(
        unit_ids, UNIT_ROLES, title=f"整改工作通报：{title if special else f'{period:%Y年%m月}'}",
        body=circular.reason, link=f"/rectification/actions/{circular.pk}/", level="warning",
        key=f"circular:{circular.pk}",
    )  # fmt: skip
    return circular


def _names(text) -> str:
    lines = [line.strip() for line in str(text or "").replace("、", "\n").splitlines() if line.strip()]
    if any(len(line) > 120 for line in lines) or len(lines) > 60:
        raise WorkflowError("每个单位名称不超过 120 字，最多 60 个", field="main_to")
    return "\n".join(lines)


@transaction.atomic
def set_distribution(action: Action, *, by, main_to: str, copy_to: str, copies: int | None = None) -> Action:
    """The office names who receives a notice (主送 / 抄送) and how many copies it printed (份数, by
    default one per recipient), so that "50 余次、120 余份" can be counted."""
    _require_office(by, action.region_prefix, "修改发送范围")
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.main_to, action.copy_to = _names(main_to), _names(copy_to)
    if not action.main_to:
        raise WorkflowError("请填写主送单位", field="main_to")
    if copies is not None and not 1 <= copies <= 999:
        raise WorkflowError("份数应为 1–999", field="copies")
    action.copies = copies or len(action.main_to.splitlines()) + len(action.copy_to.splitlines())
    action.save(update_fields=["main_to", "copy_to", "copies"])
    record_event(action.report, by=by, action="distribution_set", note=f"{action} {action.copies} 份")
    return action


@transaction.atomic
def record_special_supervision(
    report: FeedbackReport,
    *,
    by,
    by_unit: Unit,
    held_on: dt.date,
    subject: str,
    findings: str,
    units=(),
    follow_up: str = "",
) -> SpecialSupervision:
    """A special supervision (专项督查) by the party committee's or government's supervision office
    (市委督查室、市政府督查室), recorded with what it found and asked."""
    _require_office(by, report.region_prefix, "登记专项督查")
    if not by_unit.region.prefix.startswith(report.region_prefix[:4]):
        raise WorkflowError(f"“{by_unit.name}”不是本地的督查单位", field="by_unit")
    if held_on > timezone.localdate():
        raise WorkflowError("督查日期不能晚于今天", field="held_on")
    record = SpecialSupervision.objects.create(
        report=report, by_unit=by_unit, held_on=held_on,
        subject=_text(subject, field="subject", label="督查事项", max_length=200),
        findings=_text(findings, field="findings", label="督查发现"), follow_up=(follow_up or "").strip(),
        region_prefix=report.region_prefix, recorded_by=by,
    )  # fmt: skip
    record.units.set(list(units))
    record_event(report, by=by, action="special_supervision", note=f"{by_unit.name}：{record.subject}")
    return record


def _follow_ups(task_ids, *, by, today: dt.date) -> None:
    """Two yellow notices bring a supervision letter; a red one brings an interview (once per task)."""
    period = first_of_month(today)
    yellow = Count("actions", filter=Q(actions__kind=ActionKind.YELLOW))
    letters = Count("actions", filter=Q(actions__kind=ActionKind.LETTER))
    rows = Task.objects.filter(pk__in=task_ids).annotate(y=yellow, letters=letters)
    for task in rows:
        if task.y >= 2 * (task.letters + 1):
            Action.objects.get_or_create(
                task=task, kind=ActionKind.LETTER, period=period,
                defaults=dict(report_id=task.report_id, unit_id=task.lead_unit_id, issued_on=today,
                              reason=f"任务 {task.code} 累计 {task.y} 次黄色预警，专函督办", source="manual",
                              region_prefix=task.region_prefix, created_by=by),
            )  # fmt: skip
    for task in Task.objects.filter(pk__in=task_ids, warning_level=WarningLevel.RED).exclude(
        actions__kind=ActionKind.INTERVIEW
    ):
        Action.objects.create(
            task=task, kind=ActionKind.INTERVIEW, period=period, report_id=task.report_id,
            unit_id=task.lead_unit_id, issued_on=today, source="manual", region_prefix=task.region_prefix,
            reason=f"任务 {task.code} 红色预警，约谈牵头单位主要负责人", created_by=by,
        )  # fmt: skip


def _notify_actions(actions) -> None:
    for action in actions.select_related("task"):
        if action.unit_id is None:
            continue
        notify_units(
            [action.unit_id], UNIT_ROLES,
            title=f"{action.get_kind_display()}：{action.task.code if action.task else ''}",
            body=action.reason, link=f"/rectification/tasks/{action.task_id}/" if action.task_id else "",
            level="danger" if action.kind in (ActionKind.RED, ActionKind.INTERVIEW) else "warning",
            key=f"action:{action.pk}", sms=action.kind in (ActionKind.RED, ActionKind.INTERVIEW),
        )  # fmt: skip
