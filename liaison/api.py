"""API of leader liaison: plans, coverage gaps, visits with findings, and a leader's own places."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ducha.errors import WorkflowError
from ducha.pagination import Pages
from liaison import queries, workflow
from liaison.models import Assignment, AssignmentKind, FindingKind
from organisations.models import Post, Region, Unit

router = Router(tags=["领导包联 liaison"])


class AssignmentOut(Schema):
    id: int
    plan_region: str
    kind: str
    leader: str
    post: str
    is_principal: bool
    region_code: str | None
    unit_id: int | None
    target: str
    portfolio: str

    @staticmethod
    def resolve_plan_region(obj):
        return obj.plan_region.code

    @staticmethod
    def resolve_leader(obj):
        return obj.post.person.name

    @staticmethod
    def resolve_post(obj):
        return f"{obj.post.unit.name}{obj.post.title}"

    @staticmethod
    def resolve_is_principal(obj):
        return obj.post.is_principal

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_target(obj):
        return obj.target_name


class AssignmentIn(Schema):
    plan_region: str = Field(..., max_length=12, description="方案所属市、县（区）的区划代码")
    post_id: int
    region_code: str | None = Field(None, max_length=12)
    unit_id: int | None = None
    kind: AssignmentKind = AssignmentKind.LEADER
    portfolio: str = Field("", max_length=80)


class GapsOut(Schema):
    region: str
    uncovered_regions: list[str]
    uncovered_departments: list[str]
    idle_leaders: list[str]
    leaders_without_department: list[str]
    principals: list[str]
    count: int


class FindingSpec(Schema):
    kind: FindingKind
    description: str = Field(..., min_length=1, max_length=2000)
    unit_id: int
    task_id: int | None = None
    problem_id: int | None = None
    due_on: dt.date | None = None
    person_name: str = Field("", max_length=40)
    post: str = Field("", max_length=80)


class VisitIn(Schema):
    assignment_id: int
    region_code: str = Field(..., max_length=12)
    visited_on: dt.date
    place: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=4000)
    task_ids: list[int] = Field(default_factory=list, max_length=100)
    findings: list[FindingSpec] = Field(default_factory=list, max_length=20)


class FindingOut(Schema):
    id: int
    kind: str
    description: str
    unit_id: int
    task_id: int | None
    opened_task: bool
    needs_accountability: bool


class VisitOut(Schema):
    id: int
    assignment_id: int
    region_code: str
    visited_on: dt.date
    place: str
    summary: str
    findings: list[FindingOut]

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_findings(obj):
        return list(obj.findings.all())


class StandingOut(Schema):
    assignment_id: int
    target: str
    open: int
    red: int
    overdue: int
    complaints_overdue: int
    findings_open: int
    red_total: int
    last_visit: dt.date | None


def _plan_region(user, code: str) -> Region:
    return get_object_or_404(queries.plan_regions_for(user), code=code)


def _names(posts):
    return [f"{p.person.name}（{p.unit.name}{p.title}）" for p in posts]


@router.get("/plan", response=list[AssignmentOut], summary="一个市、县（区）的包联方案")
def get_plan(request: HttpRequest, region: str):
    return list(queries.plan(_plan_region(request.user, region[:12])))


@router.get("/gaps", response=GapsOut, summary="包联覆盖缺口")
def get_gaps(request: HttpRequest, region: str):
    gaps = queries.gaps(_plan_region(request.user, region[:12]))
    return {
        "region": gaps.region.code,
        "uncovered_regions": [r.name for r in gaps.uncovered_regions],
        "uncovered_departments": [u.name for u in gaps.uncovered_departments],
        "idle_leaders": _names(gaps.idle_leaders),
        "leaders_without_department": _names(gaps.leaders_without_department),
        "principals": _names(gaps.principals),
        "count": gaps.count,
    }


@router.post("/assignments", response={201: AssignmentOut}, summary="添加包联关系（督察办）")
def create_assignment(request: HttpRequest, payload: AssignmentIn):
    user = request.user
    plan_region = _plan_region(user, payload.plan_region)
    post = get_object_or_404(
        Post.objects.visible_to(user).select_related("person", "unit"), pk=payload.post_id
    )
    region = (
        get_object_or_404(Region.objects.visible_to(user), code=payload.region_code)
        if payload.region_code
        else None
    )
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=payload.unit_id) if payload.unit_id else None
    assignment = workflow.assign(
        by=user, plan_region=plan_region, post=post, region=region, unit=unit, kind=payload.kind,
        portfolio=payload.portfolio,
    )  # fmt: skip
    return Status(201, assignment)


@router.post("/assignments/{int:pk}/end", response=AssignmentOut, summary="撤销包联关系（督察办）")
def end_assignment(request: HttpRequest, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("plan_region"), pk=pk
    )
    return workflow.end_assignment(assignment, by=request.user)


@router.get("/visits", response=list[VisitOut], summary="督导检查记录")
@paginate(Pages)
def list_visits(request: HttpRequest):
    return queries.visits_for(request.user).prefetch_related("findings")


@router.post("/visits", response={201: VisitOut}, summary="登记督导检查及发现问题（督察办）")
def create_visit(request: HttpRequest, payload: VisitIn):
    from rectification.models import FeedbackReport, Problem, Task

    user = request.user
    assignment = get_object_or_404(
        Assignment.objects.visible_to(user).select_related(
            "plan_region", "region", "unit__region", "post__person"
        ),
        pk=payload.assignment_id,
    )
    region = get_object_or_404(Region.objects.visible_to(user), code=payload.region_code)
    tasks = list(Task.objects.visible_to(user).filter(pk__in=payload.task_ids))
    if len(tasks) != len(set(payload.task_ids)):
        raise WorkflowError("整改任务不存在或不在您的管辖范围内", field="task_ids")
    problems = Problem.objects.filter(report__in=FeedbackReport.objects.visible_to(user))
    findings = [
        workflow.FindingIn(
            kind=f.kind,
            description=f.description,
            unit=get_object_or_404(Unit.objects.visible_to(user).select_related("region"), pk=f.unit_id),
            task=get_object_or_404(Task.objects.visible_to(user), pk=f.task_id) if f.task_id else None,
            problem=get_object_or_404(problems, pk=f.problem_id) if f.problem_id else None,
            due_on=f.due_on,
            person_name=f.person_name,
            post=f.post,
        )
        for f in payload.findings
    ]
    visit = workflow.record_visit(
        by=user, assignment=assignment, region=region, visited_on=payload.visited_on, place=payload.place,
        summary=payload.summary, tasks=tasks, findings=findings,
    )  # fmt: skip
    return Status(201, visit)


@router.get("/mine", response=list[StandingOut], summary="我的包联地区、部门及红色事项（领导）")
def mine(request: HttpRequest):
    return [
        {"assignment_id": a.pk, "target": a.target_name, **queries.standing(a)}
        for a in queries.my_assignments(request.user)
    ]
