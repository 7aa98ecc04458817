"""Pages of leader liaison: a region's plan with its gaps, the visits, and a leader's own places."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import parse_date
from liaison import queries, workflow
from liaison.models import Assignment, AssignmentKind, FindingKind
from organisations.models import Post, Region, RegionLevel, Unit
from organisations.queries import home_region

FINDING_ROWS = 3


def _region(request):
    user = request.user
    regions = queries.plan_regions_for(user)
    code = request.GET.get("region") or request.POST.get("region")
    if code:
        return get_object_or_404(regions, code=code)
    home = home_region(user)
    if home is None or home.level in (RegionLevel.CITY, RegionLevel.COUNTY):
        return home
    if home.level == RegionLevel.TOWNSHIP:
        return home.parent
    return regions.filter(level=RegionLevel.CITY).order_by("code").first()


@login_required
def plan(request):
    user = request.user
    region = _region(request)
    if region is None:
        raise Http404("没有可查看的包联方案")
    if request.method == "POST":
        data = request.POST
        post = (
            Post.objects.visible_to(user)
            .select_related("person", "unit")
            .filter(pk=data.get("post") or 0)
            .first()
        )
        target = data.get("target", "")
        try:
            if post is None:
                raise WorkflowError("请选择包联领导", field="post")
            workflow.assign(
                by=user,
                plan_region=region,
                post=post,
                kind=data.get("kind", AssignmentKind.LEADER),
                region=Region.objects.filter(
                    pk=target[2:] if target.startswith("r:") and target[2:].isdigit() else 0
                ).first(),
                unit=Unit.objects.filter(
                    pk=target[2:] if target.startswith("u:") and target[2:].isdigit() else 0
                ).first(),
                portfolio=data.get("portfolio", ""),
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from None
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已添加包联关系")
        return redirect(f"{request.path}?region={region.code}")
    gaps = queries.gaps(region)
    is_office = user.has_role("office")
    below = RegionLevel.COUNTY if region.level == RegionLevel.CITY else RegionLevel.TOWNSHIP
    return render(
        request,
        "liaison/plan.html",
        {
            "region": region,
            "regions": queries.plan_regions_for(user).order_by("code")[:300],
            "rows": queries.plan_rows(region),
            "gaps": gaps,
            "visits": queries.visits_for(user).filter(assignment__plan_region=region)[:20],
            "is_office": is_office,
            "posts": Post.objects.current().filter(unit__region=region).select_related("person", "unit")
            if is_office
            else [],
            "targets": Region.objects.filter(parent=region, level=below).order_by("code")
            if is_office
            else [],
            "departments": Unit.objects.filter(region=region, kind="department") if is_office else [],
            "kinds": AssignmentKind.choices,
        },
    )


@login_required
@require_POST
def end(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("plan_region"), pk=pk
    )
    try:
        workflow.end_assignment(assignment, by=request.user)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from None
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect(f"/liaison/?region={assignment.plan_region.code}")


@login_required
def mine(request):
    """A leader's own liaison places, each with its red items."""
    rows = [(a, queries.standing(a)) for a in queries.my_assignments(request.user)]
    return render(request, "liaison/mine.html", {"rows": rows, "today": timezone.localdate()})


def _findings(request, user) -> list[workflow.FindingIn]:
    from rectification.models import Problem, Task

    found = []
    data = request.POST
    for i in range(1, FINDING_ROWS + 1):
        description = data.get(f"f{i}_description", "").strip()
        if not description:
            continue
        code = data.get(f"f{i}_task", "").strip()
        task = Task.objects.visible_to(user).filter(code=code).first() if code else None
        if code and task is None:
            raise WorkflowError(f"第 {i} 项：整改任务 {code} 不存在或不在您的管辖范围内", field="findings")
        problem = None
        if pk := data.get(f"f{i}_problem"):
            problem = Problem.objects.filter(report__in=_reports(user), pk=pk if pk.isdigit() else 0).first()
        found.append(
            workflow.FindingIn(
                kind=data.get(f"f{i}_kind", ""),
                description=description,
                unit=Unit.objects.visible_to(user)
                .select_related("region")
                .filter(pk=data.get(f"f{i}_unit") or 0)
                .first(),
                task=task,
                problem=problem if task is None else None,
                due_on=parse_date(data.get(f"f{i}_due_on"), "due_on", required=False),
                person_name=data.get(f"f{i}_person", ""),
                post=data.get(f"f{i}_post", ""),
            )
        )
    return found


def _reports(user):
    from rectification.models import FeedbackReport

    return FeedbackReport.objects.visible_to(user)


@login_required
def visit_new(request):
    from rectification.models import Problem, Task

    user = request.user
    assignment = get_object_or_404(
        Assignment.objects.visible_to(user).select_related(
            "post__person", "region", "unit__region", "plan_region"
        ),
        pk=request.GET.get("assignment") or request.POST.get("assignment") or 0,
    )
    place_region = assignment.region or assignment.unit.region
    if request.method == "POST":
        data = request.POST
        try:
            codes = [
                c.strip()
                for c in data.get("tasks", "").replace("，", ",").replace("、", ",").split(",")
                if c.strip()
            ]
            tasks = list(Task.objects.visible_to(user).filter(code__in=codes))
            if len(tasks) != len(set(codes)):
                raise WorkflowError("检查的整改任务编号有误，或不在您的管辖范围内", field="tasks")
            region = Region.objects.filter(code=data.get("region_code") or place_region.code).first()
            if region is None:
                raise WorkflowError("检查区域的区划代码无效", field="region")
            visit = workflow.record_visit(
                by=user,
                assignment=assignment,
                region=region,
                visited_on=parse_date(data.get("visited_on"), "visited_on"),
                place=data.get("place", ""),
                summary=data.get("summary", ""),
                tasks=tasks,
                findings=_findings(request, user),
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from None
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记督导检查")
            return redirect("liaison_visit", visit.pk)
    return render(
        request,
        "liaison/visit_new.html",
        {
            "a": assignment,
            "place_region": place_region,
            "values": request.POST,
            "rows": range(1, FINDING_ROWS + 1),
            "kinds": FindingKind.choices,
            "units": Unit.objects.visible_to(user)
            .filter(region__prefix__startswith=place_region.prefix)
            .order_by("region__code", "name")[:300],
            "problems": Problem.objects.filter(report__in=_reports(user)).select_related("report")[:200],
            "today": timezone.localdate(),
        },
    )


@login_required
def visit_detail(request, pk):
    visit = get_object_or_404(
        queries.visits_for(request.user).prefetch_related(
            "tasks", "findings__unit", "findings__task", "findings__accountability_records"
        ),
        pk=pk,
    )
    return render(
        request, "liaison/visit.html", {"v": visit, "is_discipline": request.user.has_role("discipline")}
    )


@login_required
def visits(request):
    page = Paginator(queries.visits_for(request.user), 40).get_page(request.GET.get("page"))
    return render(request, "liaison/visits.html", {"page": page})
