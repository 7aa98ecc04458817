"""Pages of the annual duty reports: the year's table for the office (who has submitted, who is late),
a unit's own report with its submission, and the office's review."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ducha.inputs import parse_date
from ducha.official import respond
from ducha.pages import attempt
from ducha.views import serve_upload
from dutyreports import documents, queries, workflow
from dutyreports.models import SECTIONS, ReportStatus
from organisations.models import Region


@login_required
def report_list(request):
    user = request.user
    today = timezone.localdate()
    cycles = queries.cycles_for(user).order_by("-year", "region__code")
    cycle = (
        cycles.filter(pk=request.GET.get("cycle")).first()
        if str(request.GET.get("cycle", "")).isdigit()
        else cycles.first()
    )
    rows = queries.reports_for(user)
    if cycle is not None:
        rows = rows.filter(cycle=cycle)
    status = request.GET.get("status", "")
    if status == "late":
        rows = rows.late(today)
    elif status in ReportStatus.values:
        rows = rows.filter(status=status)
    if request.GET.get("format") == "xlsx" and not user.has_role("office"):
        raise PermissionDenied("汇总表供督察（整改）办使用")
    if cycle is not None and request.GET.get("format") == "xlsx":
        name, content = documents.summary(cycle, rows.order_by("unit__region__code", "unit__name"))
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    is_office = user.has_role("office")
    return render(
        request,
        "dutyreports/list.html",
        {
            "cycle": cycle,
            "cycles": cycles[:20],
            "status": status,
            "statuses": ReportStatus.choices,
            "figures": queries.counts(queries.reports_for(user).filter(cycle=cycle), today)
            if cycle
            else None,
            "page": Paginator(
                rows.order_by("unit__region__code", "unit__sort_order", "unit__name"), 60
            ).get_page(request.GET.get("page")),
            "today": today,
            "is_office": is_office,
            "cities": Region.objects.visible_to(user).filter(level="city").order_by("code")[:50]
            if is_office
            else [],
            "next_year": today.year if today.month >= 10 else today.year - 1,
        },
    )


@login_required
@require_POST
def open_year(request):
    user = request.user
    region = get_object_or_404(Region.objects.visible_to(user), code=request.POST.get("region", ""))
    year = request.POST.get("year", "")
    cycle = attempt(
        request,
        lambda: workflow.open_year(
            by=user,
            region=region,
            year=int(year) if year.isdigit() else 0,
            due_on=parse_date(request.POST.get("due_on"), "due_on"),
            note=request.POST.get("note", ""),
        ),
        done="已布置年度报告",
    )
    return redirect(f"/duty-reports/?cycle={cycle.pk}" if cycle else "duty_reports")


@login_required
def report_detail(request, pk):
    user = request.user
    report = queries.report_for(user, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "submit":
            attempt(request, lambda: workflow.submit(
                report, by=user, title=request.POST.get("title", ""), body=request.POST.get("body", ""),
                upload=request.FILES.get("attachment"),
            ), done="已提交")  # fmt: skip
        elif action in ("accept", "return"):
            attempt(request, lambda: workflow.review(
                report, by=user, accept=action == "accept", comment=request.POST.get("comment", "")
            ), done="已审阅" if action == "accept" else "已退回修改")  # fmt: skip
        return redirect("duty_report", report.pk)
    if request.GET.get("file"):
        return serve_upload(report.attachment, "")
    if request.GET.get("format") in ("docx", "pdf"):
        return respond(documents.template(report.cycle, report.unit.name), request)
    may_submit = report.status in (ReportStatus.DUE, ReportStatus.RETURNED) and (
        user.is_superuser or (user.has_role("handler", "signer") and user.unit_id == report.unit_id)
    )
    return render(
        request,
        "dutyreports/detail.html",
        {
            "r": report,
            "late": report.is_late(timezone.localdate()),
            "may_submit": may_submit,
            "may_review": user.has_role("office") and report.status == ReportStatus.SUBMITTED,
            "sections": SECTIONS,
            "days_left": (report.cycle.due_on - timezone.localdate()).days,
            "one_day": dt.timedelta(days=1),
        },
    )
