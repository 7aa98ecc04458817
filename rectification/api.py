"""Rectification ledger API: every step of loop B, scoped like the pages (`Task.objects.visible_to`)."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Header, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from audit.models import Event
from ducha.errors import WorkflowError
from ducha.pagination import Pages
from inspections.api import EventOut
from inspections.queries import inspection_for
from organisations.models import Person, Region, Unit
from organisations.scope import scope_of
from rectification import documents, queries, workflow
from rectification.models import Action, Objection, SpotCheckItem, TaskStatus

router = Router(tags=["整改台账 rectification"])
public_router = Router(tags=["公众 public"], auth=None)


class ReportIn(Schema):
    inspection: str = Field(..., examples=["SN-2017-AK-03"])
    region_code: str = Field(..., description="被督察地区的区划代码")
    title: str
    delivered_on: dt.date
    text: str = ""


class ReportOut(Schema):
    id: int
    inspection: str
    region: str
    title: str
    delivered_on: dt.date
    plan_status: str
    plan_due_on: dt.date
    plan_workdays_left: int

    @staticmethod
    def resolve_inspection(obj):
        return obj.inspection.code

    @staticmethod
    def resolve_region(obj):
        return obj.region.name

    @staticmethod
    def resolve_plan_workdays_left(obj):
        return workflow.workdays_left(obj.plan_due_on)


class ProblemIn(Schema):
    text: str
    number: int | None = Field(None, ge=1, le=100000, description="问题序号，缺省为下一个")
    category: str = ""


class ProblemOut(Schema):
    id: int
    number: int
    text: str
    category: str


class MilestoneIn(Schema):
    due_on: dt.date
    percent: int
    title: str = ""


class TaskIn(Schema):
    problem_id: int
    target: str
    measures: str = ""
    kind: str = Field("deadline", description="immediate 立行立改 / deadline 限期 / long_term 长期坚持")
    starts_on: dt.date
    due_on: dt.date | None = None
    lead_unit_id: int
    co_unit_ids: list[int] = []
    leader_person_id: int | None = None
    leader_name: str = ""
    responsible_person: str = ""
    acceptance_standard: str = ""
    sign_levels: list[str] | None = Field(None, description="county / city / province / department，依次签署")
    sign_department_id: int | None = Field(None, description="审核层级含 department 时签署的行业主管部门")
    milestones: list[MilestoneIn] = []


class TaskOut(Schema):
    id: int
    code: str
    report_id: int
    problem_number: int
    problem: str
    target: str
    measures: str
    kind: str
    starts_on: dt.date
    due_on: dt.date | None
    lead_unit: str
    co_units: list[str]
    leader_name: str
    responsible_person: str
    acceptance_standard: str
    sign_levels: list[str]
    sign_level: str | None
    status: str
    status_label: str
    progress: str
    percent: int
    warning_level: str
    cycle: str
    next_report_due: dt.date | None
    report_late: bool
    notice_until: dt.date | None
    closed_on: dt.date | None
    reopened: int

    @staticmethod
    def resolve_problem_number(obj):
        return obj.problem.number

    @staticmethod
    def resolve_problem(obj):
        return obj.problem.text

    @staticmethod
    def resolve_lead_unit(obj):
        return obj.lead_unit.name

    @staticmethod
    def resolve_co_units(obj):
        return [u.name for u in obj.co_units.all()]

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class TaskFilter(Schema):
    report: int | None = None
    status: str | None = Field(
        None, description="draft / rectifying / applied / signing / notice / closed / open"
    )
    warning: str | None = Field(None, description="yellow / red")
    unit: int | None = None
    leader: int | None = None
    overdue: bool = False
    late: bool = False
    q: str | None = None


class ProgressIn(Schema):
    text: str
    percent: int = Field(..., ge=0, le=100)
    progress: str | None = Field(None, description="调度用语；缺省按序时进度计算")


class ProgressOut(Schema):
    id: int
    period_end: dt.date
    text: str
    percent: int
    progress: str
    schedule_percent: int
    late_days: int
    reported_at: dt.datetime


class WarningIn(Schema):
    level: str = Field(..., description="yellow / red")
    reason: str


class ActionOut(Schema):
    id: int
    kind: str
    kind_label: str
    task_id: int | None
    unit: str | None
    period: dt.date
    issued_on: dt.date
    reason: str
    source: str
    held_on: dt.date | None
    record: str

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name if obj.unit_id else None


class DeadlineIn(Schema):
    due_on: dt.date
    reason: str


class ImportErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    created: int
    errors: list[ImportErrorOut]
    message: str = ""
    job: int | None = None
    job_url: str = ""


class InterviewIn(Schema):
    held_on: dt.date
    record: str


class SiteCheckIn(Schema):
    checked_on: dt.date
    inspectors: str
    record: str
    passed: bool


class SignIn(Schema):
    approved: bool
    comment: str = ""


class ObjectionOut(Schema):
    id: int
    text: str
    contact: str = Field(description="脱敏联系方式")
    status: str
    response: str
    submitted_at: dt.datetime

    @staticmethod
    def resolve_contact(obj):
        return obj.contact_masked


class ObjectionDecisionIn(Schema):
    upheld: bool
    response: str


class SpotCheckIn(Schema):
    size: int = Field(..., ge=1)
    seed: int | None = None
    title: str = ""


class SpotCheckOut(Schema):
    id: int
    title: str
    seed: int
    size: int
    pool_size: int
    task_ids: list[int]

    @staticmethod
    def resolve_task_ids(obj):
        return list(obj.items.values_list("task_id", flat=True))


class FindingIn(Schema):
    finding: str = Field(..., description="sound / superficial / fake / perfunctory / rebounded")
    note: str
    person_name: str = ""
    post: str = ""
    form: str = ""


class PublicObjectionIn(Schema):
    text: str = Field(..., max_length=2000)
    contact: str = Field("", max_length=40)


def _task(request, pk):
    return queries.task_for(request.user, pk)


def _report(request, pk):
    return queries.report_for(request.user, pk)


# --- reports, problems, plan --------------------------------------------------------------------


@router.get("/reports", response=list[ReportOut], summary="督察反馈意见（管辖范围内）")
def list_reports(request: HttpRequest):
    return list(queries.reports_for(request.user)[:200])


@router.post(
    "/reports", response={201: ReportOut}, summary="登记督察反馈意见（整改方案期限自动按 30 个工作日计算）"
)
def create_report(request: HttpRequest, payload: ReportIn):
    inspection = inspection_for(request.user, payload.inspection)
    region = Region.objects.filter(code=payload.region_code).first()
    if region is None:
        raise WorkflowError(f"区划代码 {payload.region_code} 不存在", field="region_code")
    report = workflow.create_report(
        by=request.user, inspection=inspection, region=region, title=payload.title,
        delivered_on=payload.delivered_on, text=payload.text,
    )  # fmt: skip
    return Status(201, report)


@router.get("/reports/{report_id}", response=ReportOut, summary="反馈意见与整改方案状态")
def get_report(request: HttpRequest, report_id: int):
    return _report(request, report_id)


@router.get("/reports/{report_id}/figures", summary="整改进展总数（问题、任务、预警、督办）")
def report_figures(request: HttpRequest, report_id: int):
    report = _report(request, report_id)
    return {
        **queries.figures(report, request.user),
        "by_unit": queries.by_unit(report, request.user),
        "by_month": queries.by_month(report, request.user),
    }


@router.get("/reports/{report_id}/problems", response=list[ProblemOut], summary="问题清单")
def list_problems(request: HttpRequest, report_id: int):
    return list(_report(request, report_id).problems.all())


@router.post("/reports/{report_id}/problems", response={201: ProblemOut}, summary="登记问题")
def create_problem(request: HttpRequest, report_id: int, payload: ProblemIn):
    report = _report(request, report_id)
    problem = workflow.add_problem(
        report, by=request.user, text=payload.text, number=payload.number, category=payload.category
    )
    return Status(201, problem)


@router.post(
    "/reports/{report_id}/plan/{action}",
    response=ReportOut,
    summary="整改方案：submit 报送 / approve 审定 / return 退回 / publish 公开",
)
def plan_action(request: HttpRequest, report_id: int, action: str, reason: str = ""):
    report = _report(request, report_id)
    steps = {
        "submit": lambda: workflow.submit_plan(report, by=request.user),
        "approve": lambda: workflow.approve_plan(report, by=request.user),
        "return": lambda: workflow.return_plan(report, by=request.user, reason=reason),
        "publish": lambda: workflow.publish_plan(report, by=request.user),
    }
    if action not in steps:
        raise WorkflowError(f"未知操作 {action}，可用：{' / '.join(steps)}", field="action")
    return steps[action]()


@router.post(
    "/reports/{report_id}/ledger",
    response={201: ImportOut, 202: ImportOut, 400: ImportOut},
    summary="导入整改台账 Excel（全部正确才写入；错误逐行列出行号、列名和原因；大文件后台导入，返回 202 与任务地址）",
)
def import_ledger(request: HttpRequest, report_id: int, file: File[UploadedFile]):
    from imports.models import JobStatus
    from imports.workflow import start_import

    job = start_import("ledger", subject=_report(request, report_id), upload=file, by=request.user)
    body = {
        "created": job.created,
        "errors": job.errors,
        "message": job.message,
        "job": job.pk,
        "job_url": f"/api/imports/{job.pk}",
    }
    if not job.finished:
        return Status(202, body)
    if job.status == JobStatus.FAILED and not job.errors:
        raise WorkflowError(job.message, field="file")
    return Status(400 if job.errors else 201, body)


@router.post(
    "/reports/{report_id}/circulars", response={201: ActionOut}, summary="印发本月通报（列出滞后单位）"
)
def create_circular(request: HttpRequest, report_id: int, period: dt.date | None = None):
    return Status(201, workflow.issue_circular(_report(request, report_id), by=request.user, period=period))


@router.post(
    "/reports/{report_id}/spot-checks",
    response={201: SpotCheckOut},
    summary="抽查：按县分层随机抽取已销号任务（种子可复现）",
)
def create_spot_check(request: HttpRequest, report_id: int, payload: SpotCheckIn):
    report = _report(request, report_id)
    spot = workflow.draw_spot_check(
        report, by=request.user, size=payload.size, seed=payload.seed, title=payload.title
    )
    return Status(201, spot)


@router.post(
    "/spot-check-items/{item_id}", response=TaskOut, summary="录入抽查结论（不到位则重新整改并启动问责）"
)
def record_finding(request: HttpRequest, item_id: int, payload: FindingIn):
    item = get_object_or_404(SpotCheckItem, pk=item_id, task__in=queries.tasks_for(request.user))
    workflow.record_spot_finding(
        item, by=request.user, finding=payload.finding, note=payload.note, person_name=payload.person_name,
        post=payload.post, form=payload.form,
    )  # fmt: skip
    return _task(request, item.task_id)


# --- tasks --------------------------------------------------------------------------------------


@router.get("/tasks", response=list[TaskOut], summary="整改任务（单位看本单位，领导看分管，整改办看辖区）")
@paginate(Pages)
def list_tasks(request: HttpRequest, filters: Query[TaskFilter]):
    report = _report(request, filters.report) if filters.report else None
    if filters.warning not in (None, "yellow", "red"):
        raise WorkflowError("warning 应为 yellow 或 red", field="warning")
    rows = queries.tasks_for(
        request.user, report=report, tab=filters.warning or "", status=filters.status, unit=filters.unit,
        leader=filters.leader, q=filters.q,
    )  # fmt: skip
    table = queries.conditions()
    for name in ("overdue", "late"):
        if getattr(filters, name):
            rows = rows.filter(table[name])
    return rows.prefetch_related("co_units")


@router.post("/tasks", response={201: TaskOut}, summary="制定整改任务")
def create_task(request: HttpRequest, payload: TaskIn):
    from rectification.models import Problem

    problem = get_object_or_404(Problem, pk=payload.problem_id, report__in=queries.reports_for(request.user))
    scope = scope_of(request.user)
    wanted = [payload.lead_unit_id, *payload.co_unit_ids, payload.sign_department_id or 0]
    units = {u.pk: u for u in Unit.objects.select_related("region").filter(pk__in=wanted)}
    if payload.lead_unit_id not in units:
        raise WorkflowError("牵头单位不存在", field="lead_unit_id")
    leader = Person.objects.filter(pk=payload.leader_person_id).first() if payload.leader_person_id else None
    if leader is not None and not scope.covers(leader.region.prefix) and not request.user.is_superuser:
        raise WorkflowError("责任领导不在您的管辖范围内", field="leader_person_id")
    task = workflow.add_task(
        problem, by=request.user, target=payload.target, measures=payload.measures, kind=payload.kind,
        starts_on=payload.starts_on, due_on=payload.due_on, lead_unit=units[payload.lead_unit_id],
        co_units=[units[i] for i in payload.co_unit_ids if i in units], leader=leader,
        leader_name=payload.leader_name, responsible_person=payload.responsible_person,
        acceptance_standard=payload.acceptance_standard, sign_levels=payload.sign_levels,
        sign_department=units.get(payload.sign_department_id or 0),
        milestones=[(m.due_on, m.percent, m.title) for m in payload.milestones],
    )  # fmt: skip
    return Status(201, task)


@router.get("/tasks/{task_id}", response=TaskOut, summary="整改任务详情")
def get_task(request: HttpRequest, task_id: int):
    return _task(request, task_id)


@router.get("/tasks/{task_id}/events", response=list[EventOut], summary="任务时间线")
def task_events(request: HttpRequest, task_id: int):
    task = _task(request, task_id)
    return list(
        Event.objects.filter(subject_type="rectification.task", subject_id=str(task.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )


@router.get("/tasks/{task_id}/reports", response=list[ProgressOut], summary="调度记录")
def task_reports(request: HttpRequest, task_id: int):
    return list(_task(request, task_id).reports.all())


@router.post(
    "/tasks/{task_id}/reports",
    response={201: ProgressOut, 200: ProgressOut},
    summary="报送调度情况（幂等：相同 Idempotency-Key 只记一次）",
)
def report_progress(
    request: HttpRequest,
    task_id: int,
    payload: Form[ProgressIn],
    files: File[list[UploadedFile]] = None,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    task = _task(request, task_id)
    before = task.reports.count()
    report = workflow.report_progress(
        task, by=request.user, text=payload.text, percent=payload.percent, progress=payload.progress,
        files=files or [], key=idempotency_key,
    )  # fmt: skip
    return Status(201 if task.reports.count() > before else 200, report)


@router.post("/tasks/{task_id}/warnings", response={201: ActionOut}, summary="人工预警（黄色 / 红色）")
def raise_warning(request: HttpRequest, task_id: int, payload: WarningIn):
    return Status(
        201,
        workflow.raise_warning(
            _task(request, task_id), by=request.user, level=payload.level, reason=payload.reason
        ),
    )


@router.post(
    "/tasks/{task_id}/deadline", response=TaskOut, summary="调整完成时限（如经批准延期，须写明理由）"
)
def change_deadline(request: HttpRequest, task_id: int, payload: DeadlineIn):
    workflow.change_deadline(
        _task(request, task_id), by=request.user, due_on=payload.due_on, reason=payload.reason
    )
    return _task(request, task_id)


@router.post("/tasks/{task_id}/acceptance", response=TaskOut, summary="申请验收销号（附佐证材料）")
def apply_for_acceptance(
    request: HttpRequest, task_id: int, summary: Form[str], files: File[list[UploadedFile]] = None
):
    task = _task(request, task_id)
    workflow.apply_for_acceptance(task, by=request.user, summary=summary, files=files or [])
    return _task(request, task_id)


@router.post("/tasks/{task_id}/site-check", response=TaskOut, summary="录入现场核查结果")
def site_check(request: HttpRequest, task_id: int, payload: SiteCheckIn):
    task = _task(request, task_id)
    workflow.record_site_check(
        task, by=request.user, checked_on=payload.checked_on, inspectors=payload.inspectors,
        record=payload.record, passed=payload.passed,
    )  # fmt: skip
    return _task(request, task_id)


@router.post(
    "/tasks/{task_id}/sign-off", response=TaskOut, summary="逐级审核：同意进入下一级或公示；不同意退回整改"
)
def sign_off(request: HttpRequest, task_id: int, payload: SignIn):
    workflow.sign_off(
        _task(request, task_id), by=request.user, approved=payload.approved, comment=payload.comment
    )
    return _task(request, task_id)


@router.post("/tasks/{task_id}/close", response=TaskOut, summary="公示期满无异议，销号")
def close(request: HttpRequest, task_id: int):
    workflow.close_task(_task(request, task_id), by=request.user)
    return _task(request, task_id)


@router.get("/tasks/{task_id}/objections", response=list[ObjectionOut], summary="公示异议")
def list_objections(request: HttpRequest, task_id: int):
    return list(Objection.objects.filter(acceptance__task=_task(request, task_id)))


@router.post("/objections/{objection_id}", response=ObjectionOut, summary="核实公示异议（成立则退回整改）")
def decide_objection(request: HttpRequest, objection_id: int, payload: ObjectionDecisionIn):
    objection = get_object_or_404(
        Objection, pk=objection_id, acceptance__task__in=queries.tasks_for(request.user)
    )
    return workflow.handle_objection(
        objection, by=request.user, upheld=payload.upheld, response=payload.response
    )


# --- actions ------------------------------------------------------------------------------------


@router.get(
    "/actions", response=list[ActionOut], summary="预警通知、督办函、约谈、通报（可按单位与月份查询）"
)
@paginate(Pages)
def list_actions(
    request: HttpRequest, kind: str | None = None, unit: int | None = None, period: dt.date | None = None
):
    rows = queries.actions_for(request.user, kind=kind)
    if unit:
        rows = rows.filter(unit_id=unit)
    if period:
        rows = rows.filter(period=period.replace(day=1))
    return rows


@router.post("/actions/{action_id}/interview", response=ActionOut, summary="记录约谈")
def interview(request: HttpRequest, action_id: int, payload: InterviewIn):
    action = get_object_or_404(queries.actions_for(request.user), pk=action_id)
    return workflow.record_interview(action, by=request.user, held_on=payload.held_on, record=payload.record)


@router.get("/actions/{action_id}/document", summary="下载文书（Word）", response={200: None})
def action_document(request: HttpRequest, action_id: int):
    action: Action = get_object_or_404(queries.actions_for(request.user), pk=action_id)
    name, content = documents.action_document(action)
    return documents.docx_response(name, content)


# --- public -------------------------------------------------------------------------------------


@public_router.post(
    "/rectification/tasks/{task_id}/objections", response={201: dict}, summary="对公示中的整改任务提出异议"
)
def public_objection(
    request: HttpRequest,
    task_id: int,
    payload: PublicObjectionIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    from rectification.models import Task

    task = get_object_or_404(Task, pk=task_id, status=TaskStatus.NOTICE)
    objection = workflow.submit_objection(
        task, text=payload.text, contact=payload.contact, key=idempotency_key
    )
    return Status(201, {"id": objection.pk, "status": objection.status})
