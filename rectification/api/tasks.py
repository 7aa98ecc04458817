"""Tasks: the ledger list, every step of a task, its files and timeline."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Header, Query, Status, UploadedFile
from ninja.pagination import paginate

from audit.models import Event
from ducha.errors import WorkflowError
from ducha.pagination import Pages
from inspections.api import EventOut
from organisations.models import Person, Unit
from organisations.scope import scope_of
from rectification import queries, workflow
from rectification.api.base import _report, _task, router
from rectification.api.schemas import (
    ActionOut,
    DeadlineIn,
    ObjectionDecisionIn,
    ObjectionOut,
    ProgressIn,
    ProgressOut,
    SignIn,
    SiteCheckIn,
    TaskFilter,
    TaskIn,
    TaskOut,
    WarningIn,
)
from rectification.models import Objection

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
    return queries.by_urgency(rows).prefetch_related("co_units")


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
        leader_name=payload.leader_name, leader_is_post=payload.leader_is_post, responsible_person=payload.responsible_person,
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
