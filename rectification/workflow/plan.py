"""The feedback report and its plan: problems, tasks with milestones and sign-off levels, deadlines, plan steps."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audit.workflow import record_event, record_events
from complaints.workflow import check_upload
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.models import DeadlineRuleKey, Inspection
from notices.workflow import notify_units
from organisations.models import Person, Region, Unit
from organisations.scope import scope_of
from rectification import schedule
from rectification.models import (
    OPEN_STATUSES,
    Cycle,
    FeedbackReport,
    Milestone,
    PlanStatus,
    Problem,
    SignLevel,
    Task,
    TaskExtension,
    TaskKind,
    TaskStatus,
)
from rectification.workflow.base import _locked, _locked_report, _require_office, _require_unit, _text
from workcalendar.deadlines import Duration, WorkCalendar, add_duration

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
    leader_is_post: bool = False,
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
    # 立行立改: what can be fixed at once is worked on and reported from the day it is entered, without
    # waiting for the plan's approval; the rest starts when the plan is approved.
    rectifying = (
        report.plan_status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED) or kind == TaskKind.IMMEDIATE
    )
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
        leader_is_post=bool(leader_is_post and leader is None),
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


def _require_higher_office(by, report: FeedbackReport, what: str) -> None:
    """A plan is approved (or returned) by the office of the level above the one that wrote it: Ankang's
    by the province's 整改办, a county's by its city. Nobody approves their own plan."""
    _require_office(by, report.region_prefix, what)
    if by.is_superuser:
        return
    own = scope_of(by).prefix or ""
    if len(own) >= len(report.region_prefix):
        raise PermissionDeniedError(f"整改方案须由上级整改办{what}，{report.region.name}不能自行{what}")


@transaction.atomic
def request_task_extension(task: Task, *, by, due_on: dt.date, reason: str) -> TaskExtension:
    """The lead unit asks for a later deadline, with a reason; the office is told."""
    _require_unit(by, task, "申请延期")
    task = _locked(task)
    if task.status not in OPEN_STATUSES and task.status != TaskStatus.DRAFT:
        raise WorkflowError(f"任务 {task.code} 已销号，不能申请延期", field="due_on", code="transition")
    reason = _text(reason, field="reason", label="延期理由")
    if task.due_on is None or due_on <= task.due_on:
        raise WorkflowError("申请延至的日期应晚于现完成时限", field="due_on")
    if task.extensions.filter(state="pending").exists():
        raise WorkflowError(f"任务 {task.code} 已有待审批的延期申请", field="due_on", code="duplicate")
    request = TaskExtension.objects.create(
        task=task, due_on=due_on, reason=reason, due_before=task.due_on, requested_by=by
    )
    record_event(task, by=by, action="extension_requested", note=f"延至 {due_on}：{reason[:200]}")
    notify_units(
        Unit.objects.filter(region__prefix=task.report.region_prefix).values_list("pk", flat=True),
        ["office"], title=f"任务 {task.code} 申请延期至 {due_on:%Y-%m-%d}", body=reason[:200],
        link=f"/rectification/tasks/{task.pk}/", level="warn",
    )  # fmt: skip
    return request


@transaction.atomic
def decide_task_extension(request: TaskExtension, *, by, approved: bool, note: str = "") -> TaskExtension:
    """The office approves (the deadline moves, as `change_deadline` does, and the warning dates follow)
    or refuses with a reason; the unit is told either way."""
    request = TaskExtension.objects.select_for_update().select_related("task").get(pk=request.pk)
    _require_office(by, request.task.region_prefix, "审批延期")
    if request.state != "pending":
        raise WorkflowError("该延期申请已审批", field="state", code="transition")
    note = (note or "").strip()
    if not approved and not note:
        raise WorkflowError("不予批准时请说明理由", field="note")
    request.state, request.decided_by, request.decided_at = (
        ("approved" if approved else "refused"),
        by,
        timezone.now(),
    )
    request.decision_note = note
    request.save()
    if approved:
        change_deadline(
            request.task, by=by, due_on=request.due_on, reason=f"批准延期申请：{request.reason[:200]}"
        )
    else:
        record_event(request.task, by=by, action="extension_refused", note=note[:500])
    notify_units(
        [request.task.lead_unit_id], ["handler", "signer"],
        title=f"任务 {request.task.code} 的延期申请{'已批准' if approved else '未获批准'}", body=note[:200],
        link=f"/rectification/tasks/{request.task_id}/", level="info" if approved else "warn",
    )  # fmt: skip
    return request


def _plan_step(
    report: FeedbackReport,
    *,
    by,
    sources,
    target,
    what: str,
    action: str,
    stamp: str = "",
    note: str = "",
    higher: bool = False,
) -> FeedbackReport:
    """One step of the plan (编制中 → 待审定 → 已审定 → 已公开, or back to 编制中), locked and recorded.
    `higher`: a step that only the office above the report's region may take (approval, return)."""
    report = _locked_report(report)
    if higher:
        _require_higher_office(by, report, what)
    else:
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
        action="plan_returned", note=reason, higher=True,
    )  # fmt: skip


@transaction.atomic
def approve_plan(report: FeedbackReport, *, by) -> FeedbackReport:
    """Approval puts every task to work: its dispatch cycle starts and its schedule line runs."""
    report = _plan_step(
        report, by=by, sources=[PlanStatus.SUBMITTED], target=PlanStatus.APPROVED, what="审定整改方案",
        action="plan_approved", stamp="plan_approved_at", higher=True,
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
