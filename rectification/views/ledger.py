"""The ledger by problem, unit or leader, with its tabs, and the list of feedback reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from ducha.errors import WorkflowError
from ducha.inputs import parse_date
from inspections.queries import inspections_for
from organisations.models import Region
from rectification import queries, workflow
from rectification.views.base import _is_office, _report_or_default


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
        rows = queries.by_urgency(queries.tasks_for(user, report=report, q=q or None, **filters))
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
                delivered_on=parse_date(request.POST.get("delivered_on"), "delivered_on"),
                text=request.POST.get("text", ""), attachment=request.FILES.get("attachment"),
            )  # fmt: skip
            messages.success(request, f"已登记：{report.title}，整改方案须于 {report.plan_due_on} 前报送")
            return redirect("report_detail", report.pk)
        except WorkflowError as exc:
            context["error"] = exc.message
    return render(request, "rectification/reports.html", context)
