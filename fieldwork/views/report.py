"""The feedback report page (findings chosen and ordered, review, sign-off, delivery, Word and PDF), finding
transfers to 移交移送, and the archive with its progress and download."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accountability.models import ReceiverKind
from ducha.inputs import parse_date
from ducha.official import respond
from ducha.pages import attempt
from fieldwork import archive, documents, workflow
from fieldwork.access import is_office, is_team
from fieldwork.models import Archive, Finding, Report, Retention
from fieldwork.views.base import inspection_for


@login_required
def report_detail(request, pk):
    report = get_object_or_404(
        Report.objects.select_related("inspection", "region", "feedback_report"), pk=pk
    )
    inspection_for(request, report.inspection.code)
    if not Report.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    if request.GET.get("format") in ("docx", "pdf"):
        return respond(documents.report(report), request)
    user = request.user
    if request.method == "POST":
        data = request.POST
        steps = {
            "findings": (lambda: workflow.set_report_findings(report, by=user, finding_ids=data.getlist("findings")), "已保存报告中的问题"),
            "submit": (lambda: workflow.submit_report(report, by=user), "已提交督察办审核"),
            "approve": (lambda: workflow.review_report(report, by=user, approved=True, note=data.get("note", "")), "审核通过，待签发"),
            "return": (lambda: workflow.review_report(report, by=user, approved=False, note=data.get("note", "")), "已退回起草"),
            "sign": (lambda: workflow.sign_report(report, by=user), "已签发"),
            "deliver": (lambda: workflow.deliver_report(report, by=user, delivered_on=parse_date(data.get("delivered_on"), "delivered_on", required=False)),
                        "已反馈，问题已进入整改台账"),
        }  # fmt: skip
        step = steps.get(data.get("action"))
        if step is None:
            raise PermissionDenied("无权执行此操作")
        attempt(request, step[0], done=step[1])
        return redirect("work_report", report.pk)
    chosen = report.findings.select_related("unit", "focus", "problem").order_by("report_order")
    others = Finding.objects.filter(
        inspection=report.inspection, report__isnull=True, region_prefix__startswith=report.region_prefix
    )
    return render(request, "fieldwork/report.html", {
        "report": report, "chosen": chosen, "others": others.select_related("unit", "focus"),
        "team": is_team(user, report.inspection), "office": is_office(user, report.inspection),
    })  # fmt: skip


@login_required
def transfer(request, pk):
    finding = get_object_or_404(Finding.objects.visible_to(request.user).select_related("inspection"), pk=pk)
    inspection_for(request, finding.inspection.code)
    if request.method == "POST":
        data = request.POST
        attempt(request, lambda: workflow.transfer_finding(
            finding, by=request.user, receiver_kind=data.get("receiver_kind", ""), receiver=data.get("receiver", ""),
            description=data.get("description", "")), done="已移交问题线索")  # fmt: skip
        return redirect("work_gathering", finding.inspection.code)
    return render(request, "fieldwork/transfer.html", {"finding": finding, "kinds": ReceiverKind.choices})


@login_required
def archive_page(request, code):
    inspection = inspection_for(request, code)
    if request.method == "POST":
        attempt(request, lambda: archive.close_inspection(inspection, by=request.user, retention=request.POST.get("retention", "")),
                done="已立卷归档，正在组卷")  # fmt: skip
        return redirect("work_archive", code)
    row = Archive.objects.filter(inspection=inspection).first()
    if request.GET.get("download"):
        from ducha.views import serve_upload

        if row is None or row.status != "ready":
            raise Http404
        return serve_upload(row.file, f"{inspection.code}-档案.zip")
    context = {"inspection": inspection, "archive": row, "retentions": Retention.choices}
    if row is None:
        context["blockers"] = archive.blockers(inspection)
    template = "fieldwork/_archive_status.html" if request.htmx else "fieldwork/archive.html"
    return render(request, template, context)
