"""A feedback report: its page and plan steps, problems and tasks, import, export, the monthly report."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.models import Event
from ducha.errors import WorkflowError
from ducha.inputs import parse_date
from ducha.official import respond
from imports.workflow import start_import
from organisations.models import Person, Unit
from organisations.scope import scope_of
from rectification import documents, excel, queries, workflow
from rectification.models import (
    PlanStatus,
    SignLevel,
    Task,
    TaskKind,
)
from rectification.views.base import XLSX, _is_office, _labelled


@login_required
def report_detail(request, pk):
    user = request.user
    report = queries.report_for(user, pk)
    today = timezone.localdate()
    # The problems are the report's; of their tasks, only those the user may see.
    problems = report.problems.prefetch_related(
        Prefetch("tasks", queryset=Task.objects.visible_to(user).select_related("lead_unit"))
    )
    context = {
        "report": report,
        "problems": problems,
        "figures": queries.figures(report, user),
        "workdays_left": workflow.workdays_left(report.plan_due_on, today),
        "plan_late": today > report.plan_due_on and report.plan_status == PlanStatus.DRAFTING,
        "is_office": _is_office(user) and scope_of(user).covers(report.region_prefix),
        "is_approver": _is_office(user)
        and scope_of(user).covers(report.region_prefix)
        and (user.is_superuser or len(scope_of(user).prefix or "") < len(report.region_prefix)),
        "immediate": queries.immediate_tasks(report, user),
        "notice_counts": queries.notice_counts(report, user),
        "special_supervisions": report.special_supervisions.select_related("by_unit").prefetch_related(
            "units"
        )[:30],
        "special_count": report.special_supervisions.count(),
        "units": Unit.objects.filter(
            region__prefix__startswith=report.region_prefix, is_active=True
        ).order_by("region__code", "sort_order", "pk"),
        "people": Person.objects.filter(region__prefix__startswith=report.region_prefix)[:300],
        "kinds": TaskKind.choices,
        "sign_levels": SignLevel.choices,
        "spot_checks": report.spot_checks.all()[:10],
        "months": _months(report, today),
        "events": _labelled(
            Event.objects.filter(subject_type="rectification.feedbackreport", subject_id=str(report.pk))
            .select_related("actor")
            .order_by("-at")[:30]
        ),
    }
    return render(request, "rectification/report.html", context)


def _months(report, today) -> list[dt.date]:
    months, day = [], today.replace(day=1)
    while day >= report.delivered_on.replace(day=1) and len(months) < 24:
        months.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return months


@login_required
@require_POST
def report_action(request, pk, action):
    user = request.user
    report = queries.report_for(user, pk)
    data = request.POST
    steps = {
        "submit": lambda: workflow.submit_plan(report, by=user),
        "return": lambda: workflow.return_plan(report, by=user, reason=data.get("reason", "")),
        "approve": lambda: workflow.approve_plan(report, by=user),
        "publish": lambda: workflow.publish_plan(report, by=user),
        "problem": lambda: workflow.add_problem(
            report, by=user, text=data.get("text", ""), category=data.get("category", "")
        ),
        "task": lambda: _add_task(request, report),
        "circular": lambda: workflow.issue_circular(report, by=user),
        "special_circular": lambda: workflow.issue_circular(
            report,
            by=user,
            special=True,
            title=data.get("title", ""),
            note=data.get("note", ""),
            units=Unit.objects.filter(
                pk__in=data.getlist("units"), region__prefix__startswith=report.region_prefix
            )
            if data.getlist("units")
            else None,
        ),
        "special_supervision": lambda: workflow.record_special_supervision(
            report,
            by=user,
            by_unit=get_object_or_404(
                Unit, pk=data.get("by_unit") or 0, region__prefix__startswith=report.region_prefix
            ),
            held_on=parse_date(data.get("held_on"), "held_on"),
            subject=data.get("subject", ""),
            findings=data.get("findings", ""),
            follow_up=data.get("follow_up", ""),
            units=Unit.objects.filter(
                pk__in=data.getlist("units"), region__prefix__startswith=report.region_prefix
            ),
        ),
        "spot_check": lambda: workflow.draw_spot_check(
            report,
            by=user,
            size=int(data.get("size") or 0),
            seed=int(data["seed"]) if data.get("seed", "").isdigit() else None,
            title=data.get("title", ""),
        ),
        "import": lambda: _import(request, report),
    }
    if action not in steps:
        raise Http404
    try:
        result = steps[action]()
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect("report_detail", report.pk)
    if action == "spot_check":
        return redirect("spot_check_detail", result.pk)
    if action == "import":
        return redirect("import_job", result.pk)
    if action in ("circular", "special_circular"):
        messages.success(request, f"已印发通报，列出 {result.listed_units.count()} 个单位")
    elif action != "import":
        messages.success(request, REPORT_DONE.get(action, "已保存").format(r=report, x=result))
    return redirect("report_detail", report.pk)


# What each step did, as the message after it says it.
REPORT_DONE = {
    "submit": "已报送整改方案，待审定",
    "return": "已退回整改方案，理由已通知编制单位",
    "approve": "已审定整改方案，整改任务开始计时",
    "publish": "已公开整改方案，公众可在整改公开页面查看",
    "problem": "已登记问题 {x.number}",
    "task": "已制定整改任务 {x.code}",
    "special_supervision": "已登记专项督查：{x.subject}",
}


def _add_task(request, report):
    data = request.POST
    problem = get_object_or_404(report.problems, pk=data.get("problem") or 0)
    units = Unit.objects.filter(region__prefix__startswith=report.region_prefix)
    lead = units.filter(pk=data.get("lead_unit") or 0).first()
    if lead is None:
        raise WorkflowError("请选择牵头单位", field="lead_unit")
    leader = Person.objects.filter(
        pk=data.get("leader") or 0, region__prefix__startswith=report.region_prefix
    ).first()
    due = data.get("due_on", "").strip()
    return workflow.add_task(
        problem, by=request.user, target=data.get("target", ""), measures=data.get("measures", ""),
        kind=data.get("kind", TaskKind.DEADLINE), starts_on=parse_date(data.get("starts_on") or str(report.delivered_on), "starts_on"),
        due_on=parse_date(due, "due_on") if due else None, lead_unit=lead,
        co_units=list(units.filter(pk__in=data.getlist("co_units"))), leader=leader,
        leader_name="" if leader else data.get("leader_post", "").strip()[:60], leader_is_post=leader is None,
        responsible_person=data.get("responsible_person", ""), acceptance_standard=data.get("acceptance_standard", ""),
        sign_levels=data.getlist("sign_levels") or None, milestones=_milestones(data.get("milestones", "")),
        sign_department=units.filter(pk=data.get("sign_department") or 0, kind="department").first(),
    )  # fmt: skip


def _milestones(text: str) -> list[tuple[dt.date, int, str]]:
    """Lines of "2026-12-31 50 完成主体工程" (the percent may carry a %)."""
    result = []
    for number, line in enumerate((x.strip() for x in text.splitlines()), start=1):
        if not line:
            continue
        parts = line.split(None, 2)
        try:
            day, percent = dt.date.fromisoformat(parts[0]), int(parts[1].rstrip("%％"))
        except (ValueError, IndexError):
            raise WorkflowError(
                f"进度节点第 {number} 行应写成“2026-12-31 50 说明”", field="milestones"
            ) from None
        result.append((day, percent, parts[2] if len(parts) > 2 else ""))
    return result


def _import(request, report):
    """Every import is a job: a small file is imported at once, a large one in the background; the
    job page shows the progress, then the result with every error by row and column."""
    upload = request.FILES.get("ledger")
    if upload is None:
        raise WorkflowError("请选择整改台账 Excel 文件", field="ledger")
    return start_import("ledger", subject=report, upload=upload, by=request.user)


@login_required
def export_ledger(request, pk):
    report = queries.report_for(request.user, pk)
    import tempfile

    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    excel.write_ledger(report, handle, tasks=queries.tasks_for(request.user, report=report))
    handle.flush()
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=f"{excel.ledger_title(report)}.xlsx", content_type=XLSX
    )


@login_required
def monthly_report(request, pk):
    report = queries.report_for(request.user, pk)
    try:
        month = dt.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        month = timezone.localdate().replace(day=1)
    return respond(documents.monthly_report(report, month, request.user), request)
