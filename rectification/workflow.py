"""Every change to the rectification ledger goes through here: one function per transition, atomic,
row-locked, permission-checked, and recorded as one event on the task's (or report's) timeline.

Who may do what:
- the rectification office (role `office`, region covering the row): reports, problems, tasks, the
  plan, warnings by hand, circulars, interviews, site checks, objections, spot checks;
- the lead unit (its `handler` and `signer` users): dispatch reports and acceptance applications;
- sign-off at each level: an `office` or `signer` user whose region is of that level (县 / 市 / 省)
  and covers the task, or, for the industry level, a user of a department unit covering it;
- the public: objections during the notice window.
"""

import datetime as dt
import random

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from accountability.models import Record
from audit.workflow import record_event, record_events
from complaints.secrets import encrypt, mask_phone
from complaints.workflow import check_upload
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.models import DeadlineRuleKey, Inspection
from notices.workflow import notify_units
from organisations.models import Person, Region, Unit
from organisations.scope import Scope, scope_of
from rectification import schedule
from rectification.models import (
    FAILED_FINDINGS,
    Acceptance,
    AcceptanceStatus,
    Action,
    ActionKind,
    Cycle,
    DispatchTally,
    FeedbackReport,
    Finding,
    Milestone,
    Objection,
    ObjectionStatus,
    PlanStatus,
    Problem,
    Progress,
    ProgressReport,
    SignLevel,
    SignOff,
    SpotCheck,
    SpotCheckItem,
    Task,
    TaskFile,
    TaskKind,
    TaskStatus,
    WarningLevel,
    first_of_month,
)
from workcalendar.deadlines import Duration, WorkCalendar, add_duration

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


# --- feedback report and plan ------------------------------------------------------------------


def plan_due_on(inspection: Inspection, delivered_on: dt.date) -> dt.date:
    """The plan is due the inspection's `plan` rule after the feedback (30 working days when the
    inspection has none; the delivery day does not count)."""
    start = timezone.make_aware(dt.datetime.combine(delivered_on, dt.time()))
    due = inspection.deadline(DeadlineRuleKey.PLAN, start) or add_duration(start, Duration(30, "workday"))
    return timezone.localtime(due).date()


def workdays_left(due_on: dt.date, today: dt.date | None = None) -> int:
    """Working days from today (exclusive) to the due day (inclusive); negative once past."""
    today = today or timezone.localdate()
    calendar = WorkCalendar()
    step, start, end = (1, today, due_on) if due_on >= today else (-1, due_on, today)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if calendar.is_workday(day):
            count += 1
    return count * step


@transaction.atomic
def create_report(
    *,
    by,
    inspection: Inspection,
    region: Region,
    title: str,
    delivered_on: dt.date,
    text: str = "",
    attachment=None,
) -> FeedbackReport:
    _require_office(by, region.prefix, "登记督察反馈意见")
    title = _text(title, field="title", label="标题", max_length=200)
    if delivered_on < inspection.stationed_from:
        raise WorkflowError("反馈日期不能早于督察进驻", field="delivered_on")
    report = FeedbackReport(
        inspection=inspection,
        region=region,
        region_prefix=region.prefix,
        title=title,
        delivered_on=delivered_on,
        text=text.strip(),
        plan_due_on=plan_due_on(inspection, delivered_on),
        created_by=by,
    )
    if attachment is not None:
        check_upload(attachment, field="attachment")
        report.attachment.save(attachment.name, attachment, save=False)
    report.save()
    record_event(report, by=by, action="report_created", to_state=report.plan_status, note=title)
    return report


@transaction.atomic
def add_problem(
    report: FeedbackReport, *, by, text: str, number: int | None = None, category: str = ""
) -> Problem:
    _require_office(by, report.region_prefix, "登记问题")
    text = _text(text, field="text", label="问题")
    if number is None:
        number = (report.problems.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    if report.problems.filter(number=number).exists():
        raise WorkflowError(f"序号 {number} 已有问题", field="number", code="duplicate")
    problem = Problem.objects.create(
        report=report,
        number=number,
        text=text,
        category=category.strip()[:40],
    )
    record_event(report, by=by, action="problem_added", note=f"{number}. {text[:60]}")
    return problem


def default_sign_levels(unit: Unit) -> list[str]:
    """County units sign off county → city; city units city → province; a department adds the
    industry level after its own region's."""
    level = unit.region.level
    chain = {"county": ["county", "city"], "city": ["city", "province"], "province": ["province"]}.get(
        level, ["city"]
    )
    if unit.kind == "department":
        chain = [*chain[:1], SignLevel.DEPARTMENT]
    return chain


def _check_sign_levels(levels) -> list[str]:
    valid = set(SignLevel.values)
    levels = [str(level) for level in levels or []]
    bad = [level for level in levels if level not in valid]
    if bad:
        raise WorkflowError(
            f"不认识的审核层级：{'、'.join(bad)}（可用 county、city、province、department）",
            field="sign_levels",
        )
    if len(set(levels)) != len(levels):
        raise WorkflowError("审核层级不能重复", field="sign_levels")
    return levels


def _check_milestones(milestones, starts_on, due_on) -> list[tuple[dt.date, int, str]]:
    result = []
    for index, item in enumerate(milestones or [], start=1):
        day, percent, title = ([*list(item), ""])[:3]
        if not isinstance(day, dt.date):
            raise WorkflowError(f"第 {index} 个节点缺少日期", field="milestones")
        if not 0 < int(percent) < 100:
            raise WorkflowError(f"第 {index} 个节点的比例应在 1–99 之间", field="milestones")
        if day <= starts_on or (due_on and day >= due_on):
            raise WorkflowError(f"第 {index} 个节点的日期应在开始日期与完成时限之间", field="milestones")
        result.append((day, int(percent), title or ""))
    return sorted(result)


@transaction.atomic
def add_task(
    problem: Problem,
    *,
    by,
    target: str,
    lead_unit: Unit,
    starts_on: dt.date,
    due_on: dt.date | None,
    kind: str = TaskKind.DEADLINE,
    measures: str = "",
    co_units=(),
    leader: Person | None = None,
    leader_name: str = "",
    responsible_person: str = "",
    acceptance_standard: str = "",
    sign_levels=None,
    sign_department: Unit | None = None,
    milestones=(),
    code: str = "",
) -> Task:
    report = _locked_report(problem.report)
    _require_office(by, report.region_prefix, "制定整改任务")
    target = _text(target, field="target", label="整改目标")
    if kind not in TaskKind.values:
        raise WorkflowError(
            f"整改类型应为 {' / '.join(str(label) for label in TaskKind.labels)}", field="kind"
        )
    if kind != TaskKind.LONG_TERM and due_on is None:
        raise WorkflowError("请填写完成时限（长期坚持的任务可不填）", field="due_on")
    if due_on is not None and due_on < starts_on:
        raise WorkflowError("完成时限不能早于开始日期", field="due_on")
    if not scope_of(by).covers(lead_unit.region.prefix) and not by.is_superuser:
        raise WorkflowError(f"牵头单位“{lead_unit.name}”不在您的管辖范围内", field="lead_unit")
    levels = _check_sign_levels(sign_levels) if sign_levels else default_sign_levels(lead_unit)
    if sign_department is not None and (
        sign_department.kind != "department" or not scope_of(by).covers(sign_department.region.prefix)
    ):
        raise WorkflowError(f"“{sign_department.name}”不是您辖区内的行业主管部门", field="sign_department")
    points = _check_milestones(milestones, starts_on, due_on)
    if not code:
        count = Task.objects.filter(problem=problem).count()
        code = f"{problem.number}-{count + 1}"
    if Task.objects.filter(report=report, code=code).exists():
        raise WorkflowError(f"任务编号 {code} 已存在", field="code", code="duplicate")
    rectifying = report.plan_status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED)
    task = Task(
        problem=problem,
        report=report,
        code=code,
        target=target,
        measures=measures.strip(),
        kind=kind,
        starts_on=starts_on,
        due_on=due_on,
        lead_unit=lead_unit,
        leader=leader,
        leader_name=leader_name or (leader.name if leader else ""),
        responsible_person=responsible_person.strip()[:60],
        acceptance_standard=acceptance_standard.strip(),
        sign_levels=levels,
        sign_department=sign_department if SignLevel.DEPARTMENT in levels else None,
        region_prefix=lead_unit.region.prefix,
        status=TaskStatus.RECTIFYING if rectifying else TaskStatus.DRAFT,
    )
    if rectifying:
        task.next_report_due = schedule.first_due(timezone.localdate(), task.cycle)
    task.yellow_from, task.red_from = schedule.warning_dates(
        starts_on=starts_on, due_on=due_on, milestones=[(d, p) for d, p, _ in points], percent=0
    )
    task.save()
    if co_units:
        task.co_units.set(co_units)
    Milestone.objects.bulk_create(Milestone(task=task, due_on=d, percent=p, title=t) for d, p, t in points)
    record_event(task, by=by, action="task_created", to_state=task.status, note=target[:80])
    return task


def _task_milestones(task: Task) -> list[tuple[dt.date, int]]:
    return list(task.milestones.values_list("due_on", "percent"))


def refresh_warning_dates(task: Task) -> None:
    task.yellow_from, task.red_from = schedule.warning_dates(
        starts_on=task.starts_on, due_on=task.due_on, milestones=_task_milestones(task), percent=task.percent
    )


@transaction.atomic
def change_deadline(task: Task, *, by, due_on: dt.date, reason: str) -> Task:
    """Adjust a deadline (approved extension); recorded with its reason."""
    task = _locked(task)
    _require_office(by, task.region_prefix, "调整完成时限")
    reason = _text(reason, field="reason", label="调整理由")
    if due_on < task.starts_on:
        raise WorkflowError("完成时限不能早于开始日期", field="due_on")
    before = task.due_on
    task.due_on = due_on
    refresh_warning_dates(task)
    task.save(update_fields=["due_on", "yellow_from", "red_from", "updated_at"])
    record_event(
        task, by=by, action="deadline_changed", note=reason, data={"from": str(before), "to": str(due_on)}
    )
    return task


def _plan_step(
    report: FeedbackReport, *, by, sources, target, what: str, action: str, stamp: str = "", note: str = ""
) -> FeedbackReport:
    """One step of the plan (编制中 → 待审定 → 已审定 → 已公开, or back to 编制中), locked and recorded."""
    report = _locked_report(report)
    _require_office(by, report.region_prefix, what)
    if report.plan_status not in sources:
        raise WorkflowError(
            f"整改方案当前为“{report.get_plan_status_display()}”，不能{what}",
            field="plan_status",
            code="transition",
        )
    before, report.plan_status = report.plan_status, target
    fields = ["plan_status"]
    if stamp:
        setattr(report, stamp, timezone.now())
        fields.append(stamp)
    report.save(update_fields=fields)
    record_event(report, by=by, action=action, from_state=before, to_state=target, note=note)
    return report


@transaction.atomic
def submit_plan(report: FeedbackReport, *, by) -> FeedbackReport:
    if not report.tasks.exists():
        raise WorkflowError("整改方案还没有任何任务", field="tasks")
    late = (timezone.localdate() - report.plan_due_on).days
    return _plan_step(
        report, by=by, sources=[PlanStatus.DRAFTING], target=PlanStatus.SUBMITTED, what="报送整改方案",
        action="plan_submitted", stamp="plan_submitted_at", note=f"超期 {late} 天" if late > 0 else "",
    )  # fmt: skip


@transaction.atomic
def return_plan(report: FeedbackReport, *, by, reason: str) -> FeedbackReport:
    reason = _text(reason, field="reason", label="退回理由")
    return _plan_step(
        report, by=by, sources=[PlanStatus.SUBMITTED], target=PlanStatus.DRAFTING, what="退回整改方案",
        action="plan_returned", note=reason,
    )  # fmt: skip


@transaction.atomic
def approve_plan(report: FeedbackReport, *, by) -> FeedbackReport:
    """Approval puts every task to work: its dispatch cycle starts and its schedule line runs."""
    report = _plan_step(
        report, by=by, sources=[PlanStatus.SUBMITTED], target=PlanStatus.APPROVED, what="审定整改方案",
        action="plan_approved", stamp="plan_approved_at",
    )  # fmt: skip
    drafts = report.tasks.filter(status=TaskStatus.DRAFT)
    record_events(
        list(drafts.only("pk", "region_prefix")), by=by, action="plan_approved",
        from_state=TaskStatus.DRAFT, to_state=TaskStatus.RECTIFYING,
    )  # fmt: skip
    drafts.update(
        status=TaskStatus.RECTIFYING,
        next_report_due=schedule.first_due(timezone.localdate(), Cycle.MONTHLY),
        updated_at=timezone.now(),
    )
    return report


@transaction.atomic
def publish_plan(report: FeedbackReport, *, by) -> FeedbackReport:
    return _plan_step(
        report, by=by, sources=[PlanStatus.APPROVED], target=PlanStatus.PUBLISHED, what="公开整改方案",
        action="plan_published", stamp="plan_published_at",
    )  # fmt: skip


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
def issue_circular(report: FeedbackReport, *, by, period: dt.date | None = None, note: str = "") -> Action:
    """The monthly circular (通报) naming the units with lagging tasks: yellow or red, or a late
    dispatch report. One per report and month."""
    _require_office(by, report.region_prefix, "印发通报")
    today = timezone.localdate()
    period = first_of_month(period or today)
    if Action.objects.filter(
        report=report, kind=ActionKind.CIRCULAR, period=period, task__isnull=True
    ).exists():
        raise WorkflowError(f"{period:%Y年%m月}的通报已印发", field="period", code="duplicate")
    lagging = (
        report.tasks.open()
        .filter(Q(warning_level__in=[WarningLevel.YELLOW, WarningLevel.RED]) | Q(report_late=True))
        .values_list("lead_unit_id", flat=True)
        .distinct()
    )
    units = list(lagging)
    circular = Action.objects.create(
        report=report, kind=ActionKind.CIRCULAR, period=period, issued_on=today,
        reason=note.strip() or f"{period:%Y年%m月}整改进展滞后单位通报", source="manual",
        region_prefix=report.region_prefix, created_by=by,
    )  # fmt: skip
    circular.listed_units.set(units)
    record_event(report, by=by, action="circular_issued", note=f"{period:%Y-%m}，{len(units)} 个单位")
    notify_units(
        units, UNIT_ROLES, title=f"整改工作通报：{period:%Y年%m月}", body=circular.reason,
        link=f"/rectification/actions/{circular.pk}/", level="warning", key=f"circular:{circular.pk}",
    )  # fmt: skip
    return circular


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
    users = User.objects.filter(
        roles__code="office", is_active=True, unit__region__prefix__in=above
    ).distinct()
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


# --- spot checks and look-backs ----------------------------------------------------------------


def draw_sample(task_rows: list[tuple[int, str]], size: int, seed: int) -> list[int]:
    """A sample stratified by county: each county gets its share of `size` (largest remainders
    first), at least one while there is room, drawn with `random.Random(seed)` from its tasks in id
    order. The same pool and seed always give the same sample."""
    strata: dict[str, list[int]] = {}
    for pk, prefix in sorted(task_rows):
        strata.setdefault(prefix[:6], []).append(pk)
    total = sum(len(v) for v in strata.values())
    size = min(size, total)
    if size == 0:
        return []
    keys = sorted(strata)
    quotas = {k: size * len(strata[k]) / total for k in keys}
    counts = {k: int(quotas[k]) for k in keys}
    if size >= len(keys):
        for k in keys:
            counts[k] = max(counts[k], 1)
    spare = size - sum(counts.values())
    for k in sorted(keys, key=lambda k: (-(quotas[k] - int(quotas[k])), k)):
        if spare <= 0:
            break
        if counts[k] < len(strata[k]):
            counts[k] += 1
            spare -= 1
    while sum(counts.values()) > size:  # the minimum of one per county overshot: trim the largest
        largest = max(keys, key=lambda k: (counts[k], k))
        counts[largest] -= 1
    rng = random.Random(seed)
    chosen = []
    for k in keys:
        chosen.extend(rng.sample(strata[k], min(counts[k], len(strata[k]))))
    return sorted(chosen)


@transaction.atomic
def draw_spot_check(
    report: FeedbackReport, *, by, size: int, seed: int | None = None, title: str = ""
) -> SpotCheck:
    _require_office(by, report.region_prefix, "组织抽查")
    if size < 1:
        raise WorkflowError("抽取数量至少为 1", field="size")
    pool = list(report.tasks.filter(status=TaskStatus.CLOSED).values_list("pk", "region_prefix"))
    if not pool:
        raise WorkflowError("还没有已销号的任务可供抽查", field="size")
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    chosen = draw_sample(pool, size, seed)
    spot = SpotCheck.objects.create(
        report=report, title=title.strip() or f"{timezone.localdate():%Y年%m月}整改情况抽查", seed=seed,
        size=len(chosen), pool_size=len(pool), drawn_by=by, region_prefix=report.region_prefix,
    )  # fmt: skip
    SpotCheckItem.objects.bulk_create(SpotCheckItem(spot_check=spot, task_id=pk) for pk in chosen)
    record_event(
        report,
        by=by,
        action="spot_check_drawn",
        note=f"{spot.title}：从 {len(pool)} 项中抽取 {len(chosen)} 项，种子 {seed}",
    )
    return spot


@transaction.atomic
def record_spot_finding(
    item: SpotCheckItem,
    *,
    by,
    finding: str,
    note: str,
    person_name: str = "",
    post: str = "",
    form: str = "",
) -> SpotCheckItem:
    """A finding on a sampled task. Superficial, fake, perfunctory or rebounded work reopens the
    task and opens an accountability record for the person responsible."""
    item = SpotCheckItem.objects.select_for_update().select_related("spot_check").get(pk=item.pk)
    task = _locked(item.task)
    _require_office(by, task.region_prefix, "录入抽查结论")
    if item.finding:
        raise WorkflowError("该任务的抽查结论已录入", field="finding", code="duplicate")
    if finding not in Finding.values:
        raise WorkflowError("抽查结论应为：整改到位 / 表面 / 虚假 / 敷衍 / 反弹", field="finding")
    note = _text(note, field="note", label="抽查情况")
    failed = finding in FAILED_FINDINGS
    if failed and not person_name.strip():
        raise WorkflowError("整改不到位须写明被问责人", field="person_name")
    item.finding, item.note, item.checked_on, item.checked_by = finding, note, timezone.localdate(), by
    item.save()
    if not failed:
        record_event(task, by=by, action="spot_check_sound", note=f"{item.spot_check.title}：{note[:60]}")
        return item
    label = Finding(finding).label
    task.reopened += 1
    task.closed_on = None
    task.percent = min(task.percent, 90)
    task.progress = Progress.BEHIND
    refresh_warning_dates(task)
    task.warning_level = _level_on(task, timezone.localdate())
    task.next_report_due = schedule.first_due(timezone.localdate(), task.cycle)
    _move(
        task, TaskStatus.RECTIFYING, by=by, action="reopened", note=f"{item.spot_check.title}：{label}。{note}"[:200],
        fields=["reopened", "closed_on", "percent", "progress", "yellow_from", "red_from", "warning_level", "next_report_due"],
    )  # fmt: skip
    record = Record.objects.create(
        person_name=person_name.strip()[:40], post=post.strip()[:80], unit=task.lead_unit, form=form or "",
        reason=f"整改任务 {task.code} 抽查发现{label}：{note}", task=task, source=item.spot_check.title,
        region_prefix=task.region_prefix, created_by=by, source_kind="spot_check", spot_check_item=item,
    )  # fmt: skip
    record_event(task, by=by, action="accountability_opened", note=f"{record.person_name} {record.post}")
    notify_units(
        [task.lead_unit_id], UNIT_ROLES, title=f"抽查发现{label}，任务重新整改：{task.code}", body=note[:200],
        link=f"/rectification/tasks/{task.pk}/", level="danger", key=f"reopened:{item.pk}", sms=True,
    )  # fmt: skip
    return item
