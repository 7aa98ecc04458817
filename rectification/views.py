"""Staff pages of loop B: the ledger (by problem, unit, leader), the report and its plan, the task
page with every step, the overdue board, the dashboard, documents and exports."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.models import Event
from ducha.errors import WorkflowError
from ducha.views import serve_upload
from imports.workflow import start_import
from inspections.queries import inspections_for
from organisations.models import Person, Region, Unit
from organisations.scope import scope_of
from rectification import documents, excel, queries, schedule, workflow
from rectification.models import (
    Action,
    ActionKind,
    Finding,
    Objection,
    PlanStatus,
    Progress,
    SignLevel,
    SpotCheck,
    Task,
    TaskKind,
    TaskStatus,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTION_LABELS = {
    "report_created": "登记督察反馈意见",
    "problem_added": "登记问题",
    "ledger_imported": "导入整改台账",
    "task_created": "制定整改任务",
    "task_imported": "整改台账导入",
    "plan_submitted": "报送整改方案",
    "plan_returned": "退回整改方案",
    "plan_approved": "审定整改方案",
    "plan_published": "公开整改方案",
    "deadline_changed": "调整完成时限",
    "progress_reported": "报送调度情况",
    "warning_yellow": "黄色预警",
    "warning_red": "红色预警",
    "warning_lifted": "预警解除",
    "interview_held": "约谈",
    "circular_issued": "印发通报",
    "acceptance_applied": "申请验收销号",
    "site_check_passed": "现场核查通过",
    "site_check_failed": "现场核查未通过",
    "signoff_approved": "审核同意",
    "signoff_rejected": "审核不同意，退回整改",
    "objection_submitted": "公众提出异议",
    "objection_upheld": "异议成立，退回整改",
    "objection_dismissed": "异议不成立",
    "closed": "销号",
    "spot_check_drawn": "抽取抽查任务",
    "spot_check_sound": "抽查：整改到位",
    "reopened": "抽查不到位，重新整改",
    "accountability_opened": "启动问责",
}
STATE_LABELS = {
    **dict(TaskStatus.choices),
    **dict(PlanStatus.choices),
    **dict(Progress.choices),
    "yellow": "黄色预警",
    "red": "红色预警",
}


def _labelled(events) -> list:
    events = list(events)
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.from_label = STATE_LABELS.get(event.from_state, event.from_state)
        event.to_label = STATE_LABELS.get(event.to_state, event.to_state)
    return events


def _is_office(user) -> bool:
    return user.is_superuser or user.has_role("office")


def _report_or_default(request):
    reports = queries.reports_for(request.user)
    pk = request.GET.get("report") or ""
    if pk.isdigit():
        return get_object_or_404(reports, pk=int(pk))
    return reports.first()


@login_required
def ledger(request):
    """The ledger, by problem (default), by unit or by leader, with the warning tabs."""
    user = request.user
    report = _report_or_default(request)
    tab = request.GET.get("tab", "")
    tab = tab if tab in dict(queries.TABS) else ""
    group = request.GET.get("group", "problem")
    filters = {"tab": tab}
    if request.GET.get("unit", "").isdigit():
        filters["unit"] = int(request.GET["unit"])
    if request.GET.get("leader", "").isdigit():
        filters["leader"] = int(request.GET["leader"])
    q = request.GET.get("q", "").strip()
    context = {
        "report": report,
        "reports": queries.reports_for(user)[:50],
        "tab": tab,
        "group": group,
        "q": q,
    }
    if report is not None:
        rows = queries.tasks_for(user, report=report, q=q or None, **filters)
        context["page"] = Paginator(rows, 40).get_page(request.GET.get("page"))
        counts = queries.tab_counts(user, report)
        context["tabs"] = [(name, label, counts[name]) for name, label in queries.TABS]
        if group == "unit":
            context["groups"] = queries.by_unit(report, user)
        elif group == "leader":
            context["groups"] = queries.by_leader(report, user)
    template = "rectification/_tasks.html" if request.htmx else "rectification/ledger.html"
    return render(request, template, context)


@login_required
def report_list(request):
    user = request.user
    context = {"reports": queries.reports_for(user), "can_create": _is_office(user)}
    if _is_office(user):
        context["inspections"] = inspections_for(user)[:100]
        context["regions"] = Region.objects.visible_to(user).filter(level__in=["province", "city", "county"])[
            :300
        ]
    if request.method == "POST":
        try:
            inspection = get_object_or_404(inspections_for(user), code=request.POST.get("inspection", ""))
            region = Region.objects.visible_to(user).filter(code=request.POST.get("region", "")).first()
            if region is None:
                raise WorkflowError("请选择被督察地区", field="region")
            report = workflow.create_report(
                by=user, inspection=inspection, region=region, title=request.POST.get("title", ""),
                delivered_on=_date(request.POST.get("delivered_on"), "delivered_on"),
                text=request.POST.get("text", ""), attachment=request.FILES.get("attachment"),
            )  # fmt: skip
            messages.success(request, f"已登记：{report.title}，整改方案须于 {report.plan_due_on} 前报送")
            return redirect("report_detail", report.pk)
        except WorkflowError as exc:
            context["error"] = exc.message
    return render(request, "rectification/reports.html", context)


def _date(text, field) -> dt.date:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise WorkflowError("请填写日期（如 2026-11-30）", field=field) from None


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
    if action == "circular":
        messages.success(request, f"已印发通报，列出 {result.listed_units.count()} 个滞后单位")
    elif action != "import":
        messages.success(request, "已保存")
    return redirect("report_detail", report.pk)


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
        kind=data.get("kind", TaskKind.DEADLINE), starts_on=_date(data.get("starts_on") or str(report.delivered_on), "starts_on"),
        due_on=_date(due, "due_on") if due else None, lead_unit=lead,
        co_units=list(units.filter(pk__in=data.getlist("co_units"))), leader=leader,
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
    name, content = documents.monthly_report(report, month, request.user)
    return documents.docx_response(name, content)


@login_required
def dashboard(request, pk):
    user = request.user
    report = queries.report_for(user, pk)
    units = queries.by_unit(report, user)
    months = queries.by_month(report, user)
    figures = queries.figures(report, user)
    charts = {
        "units": [u["lead_unit__name"] for u in units[:20]],
        "closed": [u["closed"] for u in units[:20]],
        "open": [u["open"] - u["overdue"] for u in units[:20]],
        "overdue": [u["overdue"] for u in units[:20]],
        "months": [m["month"] for m in months],
        "month_closed": [m["closed"] for m in months],
        "month_reports": [m["reports"] for m in months],
        "status": [
            {"name": "已销号", "value": figures["tasks_closed"]},
            {
                "name": "整改中（正常）",
                "value": figures["tasks_in_progress"] - figures["tasks_yellow"] - figures["tasks_red"],
            },
            {"name": "黄色预警", "value": figures["tasks_yellow"]},
            {"name": "红色预警", "value": figures["tasks_red"]},
        ],
    }
    return render(
        request,
        "rectification/dashboard.html",
        {"report": report, "figures": figures, "units": units, "charts": charts},
    )


@login_required
def board(request, pk):
    """What is overdue or lagging, worst first: overdue, red, late reports, yellow."""
    user = request.user
    report = queries.report_for(user, pk)
    sections = [
        ("overdue", "超期未完成", "due_on"),
        ("red", "红色预警", "red_from"),
        ("late", "调度迟报", "next_report_due"),
        ("yellow", "黄色预警", "yellow_from"),
    ]
    counts = queries.tab_counts(user, report)
    sections = [
        (tab, label, queries.tasks_for(user, report=report, tab=tab).order_by(order)[:100], counts[tab])
        for tab, label, order in sections
    ]
    today = timezone.localdate()
    return render(
        request,
        "rectification/board.html",
        {
            "report": report,
            "sections": sections,
            "today": today,
        },
    )


@login_required
def task_detail(request, pk):
    user = request.user
    task = queries.task_for(user, pk)
    is_office = _is_office(user) and scope_of(user).covers(task.region_prefix)
    is_unit = user.unit_id == task.lead_unit_id and user.has_role("handler", "signer")
    allowed = set()
    if task.status == TaskStatus.RECTIFYING:
        if is_office or is_unit:
            allowed |= {"report", "apply"}
        if is_office:
            allowed |= {"warning", "deadline"}
    if task.status == TaskStatus.APPLIED and is_office:
        allowed.add("site_check")
    if task.status == TaskStatus.SIGNING and workflow.can_sign(user, task):
        allowed.add("sign")
    if task.status == TaskStatus.NOTICE and is_office:
        allowed.add("close")
    acceptances = task.acceptances.prefetch_related("signoffs__signed_by", "objections", "files")
    reports = task.reports.select_related("reported_by").prefetch_related("files")[:50]
    today = timezone.localdate()
    line = []
    if task.due_on:
        points = schedule.schedule_points(
            task.starts_on, task.due_on, task.milestones.values_list("due_on", "percent")
        )
        line = [[d.isoformat(), p] for d, p in points]
    context = {
        "task": task,
        "allowed": allowed,
        "is_office": is_office,
        "reports": reports,
        "acceptances": acceptances,
        "actions": Action.objects.filter(task=task).order_by("-issued_on", "-pk"),
        "events": _labelled(
            Event.objects.filter(subject_type="rectification.task", subject_id=str(task.pk))
            .select_related("actor")
            .order_by("at", "pk")
        ),
        "progress_choices": [(v, label) for v, label in Progress.choices if v != Progress.CLOSED],
        "expected": workflow.schedule_percent(task, today),
        "sign_level_label": SignLevel(task.sign_level).label if task.sign_level else "",
        "chart": {
            "line": line,
            "reported": [[r.reported_at.date().isoformat(), r.percent] for r in reversed(list(reports))],
            "today": today.isoformat(),
        },
        "today": today,
    }
    return render(request, "rectification/task.html", context)


@login_required
@require_POST
def task_action(request, pk, action):
    user = request.user
    task = queries.task_for(user, pk)
    data = request.POST
    files = request.FILES.getlist("files")
    steps = {
        "report": lambda: workflow.report_progress(
            task, by=user, text=data.get("text", ""), percent=data.get("percent"), progress=data.get("progress") or None,
            files=files, key=data.get("key") or None,
        ),
        "apply": lambda: workflow.apply_for_acceptance(task, by=user, summary=data.get("summary", ""), files=files),
        "warning": lambda: workflow.raise_warning(task, by=user, level=data.get("level", ""), reason=data.get("reason", "")),
        "deadline": lambda: workflow.change_deadline(
            task, by=user, due_on=_date(data.get("due_on"), "due_on"), reason=data.get("reason", "")
        ),
        "site_check": lambda: workflow.record_site_check(
            task, by=user, checked_on=_date(data.get("checked_on"), "checked_on"), inspectors=data.get("inspectors", ""),
            record=data.get("record", ""), passed=data.get("passed") == "yes",
        ),
        "sign": lambda: workflow.sign_off(task, by=user, approved=data.get("approved") == "yes", comment=data.get("comment", "")),
        "objection": lambda: workflow.handle_objection(
            get_object_or_404(Objection, pk=data.get("objection") or 0, acceptance__task=task), by=user,
            upheld=data.get("upheld") == "yes", response=data.get("response", ""),
        ),
        "close": lambda: workflow.close_task(task, by=user),
    }  # fmt: skip
    if action not in steps:
        raise Http404
    try:
        steps[action]()
        messages.success(request, "已保存")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("task_detail", task.pk)


@login_required
def action_list(request):
    user = request.user
    kind = request.GET.get("kind") or None
    rows = queries.actions_for(user, kind=kind).prefetch_related("listed_units")
    page = Paginator(rows, 40).get_page(request.GET.get("page"))
    return render(
        request,
        "rectification/actions.html",
        {"page": page, "kind": kind, "kinds": ActionKind.choices, "is_office": _is_office(user)},
    )


@login_required
def action_document(request, pk):
    action = get_object_or_404(queries.actions_for(request.user), pk=pk)
    name, content = documents.action_document(action)
    return documents.docx_response(name, content)


@login_required
@require_POST
def interview(request, pk):
    action = get_object_or_404(queries.actions_for(request.user), pk=pk)
    try:
        workflow.record_interview(
            action,
            by=request.user,
            held_on=_date(request.POST.get("held_on"), "held_on"),
            record=request.POST.get("record", ""),
        )
        messages.success(request, "已记录约谈")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect(request.POST.get("next") or "action_list")


@login_required
def spot_check_detail(request, pk):
    user = request.user
    spot = get_object_or_404(SpotCheck.objects.visible_to(user), pk=pk)
    if request.method == "POST":
        item = get_object_or_404(spot.items, pk=request.POST.get("item") or 0)
        try:
            workflow.record_spot_finding(
                item, by=user, finding=request.POST.get("finding", ""), note=request.POST.get("note", ""),
                person_name=request.POST.get("person_name", ""), post=request.POST.get("post", ""),
                form=request.POST.get("form", ""),
            )  # fmt: skip
            messages.success(request, "已录入抽查结论")
        except WorkflowError as exc:
            messages.error(request, exc.message)
        return redirect("spot_check_detail", spot.pk)
    from accountability.models import Form

    items = spot.items.select_related("task__lead_unit", "task__problem").filter(
        task__in=queries.tasks_for(user)
    )
    return render(
        request,
        "rectification/spot_check.html",
        {
            "spot": spot,
            "items": items,
            "findings": Finding.choices,
            "forms": Form.choices,
            "is_office": _is_office(user),
        },
    )


@login_required
def task_file(request, pk):
    from rectification.models import TaskFile

    upload = get_object_or_404(TaskFile, pk=pk, task__in=queries.tasks_for(request.user))
    return serve_upload(upload.file, upload.name)


@login_required
def report_attachment(request, pk):
    report = queries.report_for(request.user, pk)
    return serve_upload(report.attachment, "")
