"""The public portal: report (named or anonymous), track by code, read the disclosure tables, rate.

No sign-in. Nothing here reads reporter identity or internal notes: tracking shows the public
status and the published row; disclosure pages read the published snapshots alone."""

import uuid

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from complaints import queries, workflow
from complaints.api import public_status
from complaints.models import Channel, Complaint, PollutionType
from ducha.errors import WorkflowError
from organisations.models import Region


def home(request):
    inspections = queries.public_inspections().select_related("announcement")[:20]
    return render(request, "portal/home.html", {"inspections": inspections})


def _inspection(code):
    return get_object_or_404(queries.public_inspections(), code=code)


def report(request, code):
    inspection = _inspection(code)
    context = {
        "inspection": inspection,
        "counties": queries.target_counties(inspection),
        "types": queries.pollution_type_tree(),
        "values": request.POST,
        "form_key": request.POST.get("idempotency_key") or uuid.uuid4().hex,
    }
    if request.method == "POST":
        data = request.POST
        try:
            complaint, _ = workflow.register_complaint(
                by=None,
                inspection=inspection,
                channel=Channel.ONLINE,
                text=data.get("text", ""),
                address=data.get("address", ""),
                region=Region.objects.filter(code=data.get("region")).first(),
                pollution_types=PollutionType.objects.filter(pk__in=data.getlist("types"), is_active=True),
                reporter_name=data.get("reporter_name", ""),
                reporter_phone=data.get("reporter_phone", ""),
                is_anonymous=data.get("is_anonymous") == "on",
                idempotency_key=data.get("idempotency_key"),
                photos=request.FILES.getlist("photos"),
            )
        except WorkflowError as error:
            context["error"] = error
        else:
            return render(request, "portal/reported.html", {"complaint": complaint, "inspection": inspection})
    return render(request, "portal/report.html", context)


def announcement(request, code):
    """The stationing announcement (进驻公告) as published, on the page and as Word or PDF."""
    from ducha.official import respond
    from fieldwork.documents import announcement as document
    from fieldwork.models import Announcement

    notice = get_object_or_404(
        Announcement.objects.select_related("inspection"), inspection__code=code, published_at__isnull=False
    )
    if request.GET.get("format") in ("docx", "pdf"):
        return respond(document(notice), request)
    return render(
        request,
        "portal/announcement.html",
        {"notice": notice, "inspection": notice.inspection, "today": timezone.localdate()},
    )


def track(request):
    code = request.GET.get("code", "").strip().upper()
    complaint = Complaint.objects.filter(tracking_code=code).first() if code else None
    context = _tracking(complaint) if complaint is not None else {}
    return render(request, "portal/track.html", {"code": code, "complaint": complaint, **context})


SATISFACTION = [(3, _("满意")), (2, _("基本满意")), (1, _("不满意"))]


def satisfaction_label(rating) -> str:
    """Ratings are 满意 (3), 基本满意 (2), 不满意 (1); ratings given as stars before are read as 满意 from 4."""
    if rating is None:
        return ""
    return SATISFACTION[0][1] if rating >= 3 else SATISFACTION[1][1] if rating == 2 else SATISFACTION[2][1]


def _timeline(complaint) -> list[dict]:
    """The public steps with the day each was done, or the day it is expected."""
    steps = [
        (_("受理"), complaint.received_at, None),
        (_("交办地方"), complaint.transferred_at, None),
        (_("区县签收"), complaint.received_at_county, None),
        (_("反馈办理结果"), complaint.closed_at or (complaint.updated_at if complaint.status in ("stage_closed", "in_progress") else None),
         complaint.team_due_at or complaint.local_due_at),
        (_("公开办理情况"), complaint.published_items.order_by("publication__published_at").values_list("publication__published_at", flat=True).first(), None),
    ]  # fmt: skip
    return [
        {"label": label, "done": done, "expected": expected if not done else None}
        for label, done, expected in steps
    ]


def _tracking(complaint) -> dict:
    reopenable = complaint.status in ("closed", "checking", "verified", "stage_closed", "in_progress")
    return {
        "code": complaint.tracking_code,
        "complaint": complaint,
        "status": public_status(complaint),
        "published": complaint.published_items.filter(is_current=True).first(),
        "can_rate": complaint.status in ("closed", "checking", "verified") and complaint.rating is None,
        "satisfaction": SATISFACTION,
        "rating_label": satisfaction_label(complaint.rating),
        "timeline": _timeline(complaint),
        "can_report_rebound": reopenable,
        "rebound_pending": bool(complaint.rebound_reported_at and not complaint.rebound_handled_at),
    }


@require_POST
def rate(request, code):
    complaint = get_object_or_404(Complaint, tracking_code=code.strip().upper())
    raw = request.POST.get("rating", "")
    try:
        workflow.rate_complaint(
            complaint, rating=int(raw) if raw.isdigit() else 0, comment=request.POST.get("comment", "")
        )
    except WorkflowError as error:
        return render(
            request, "portal/track.html", {**_tracking(complaint), "error": error.message}, status=400
        )
    return redirect(f"{reverse('portal_track')}?code={complaint.tracking_code}")


@require_POST
def rebound(request, code):
    """The reporter says the problem is back (问题反弹): it reaches the office, which can reopen it."""
    complaint = get_object_or_404(Complaint, tracking_code=code.strip().upper())
    try:
        workflow.report_rebound(complaint, text=request.POST.get("text", ""))
    except WorkflowError as error:
        return render(
            request, "portal/track.html", {**_tracking(complaint), "error": error.message}, status=400
        )
    return redirect(f"{reverse('portal_track')}?code={complaint.tracking_code}&rebound=1")


def disclosure(request, code, number=None):
    from complaints import announcement
    from complaints.views.announcements import disclosure_pdf

    inspection = _inspection(code)
    batches = list(
        inspection.batches.filter(status="issued", publications__isnull=False).distinct().order_by("number")
    )
    batch = get_object_or_404(inspection.batches, number=number, status="issued") if number else None
    if request.GET.get("format") == "pdf":
        return disclosure_pdf(inspection, batch)
    if request.GET.get("format") == "xlsx":
        return _disclosure_excel(inspection, batch)
    rows = queries.disclosure_rows(inspection, number)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/disclosure.html",
        {
            "inspection": inspection,
            "batches": batches,
            "batch": batch,
            "page": page,
            "offset": page.start_index() - 1 if page.paginator.count else 0,
            "summary": queries.batch_summary(batch) if batch else None,
            "announcement": announcement.text(batch) if batch else "",
            "figures": queries.statistics(inspection),
        },
    )


def _disclosure_excel(inspection, batch):
    """The published table as Excel, streamed from a temporary file (never built in memory)."""
    import tempfile
    from urllib.parse import quote

    from django.http import FileResponse

    from complaints.excel import disclosure_title, write_disclosure

    spool = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it once sent
    write_disclosure(inspection, spool, batch=batch.number if batch else None)
    spool.seek(0)
    name = quote(f"{disclosure_title(inspection, batch.number if batch else None)}.xlsx")
    response = FileResponse(
        spool, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


# --- rectification: the published plan with live progress, notices and objections ---------------


def _published_reports():
    from rectification.models import FeedbackReport, PlanStatus

    return FeedbackReport.objects.filter(plan_status=PlanStatus.PUBLISHED).select_related(
        "region", "inspection"
    )


def rectification_list(request):
    return render(request, "portal/rectification_list.html", {"reports": _published_reports()})


def rectification_plan(request, pk, error=None, status=200):
    from rectification.models import TaskStatus
    from rectification.queries import figures

    report = get_object_or_404(_published_reports(), pk=pk)
    tasks = (
        report.tasks.exclude(status=TaskStatus.DRAFT)
        .select_related("problem", "lead_unit")
        .order_by("problem__number", "pk")
    )
    page = Paginator(tasks, 30).get_page(request.GET.get("page"))
    notices = (
        report.tasks.filter(status=TaskStatus.NOTICE)
        .select_related("problem", "lead_unit")
        .prefetch_related("acceptances")
        .order_by("notice_until")
    )
    return render(
        request,
        "portal/rectification_plan.html",
        {
            "report": report,
            "page": page,
            "notices": notices,
            "figures": figures(report),
            "error": error,
            "form_key": uuid.uuid4().hex,
        },
        status=status,
    )


@require_POST
def objection(request, pk):
    from rectification import workflow as rectification_workflow
    from rectification.models import Task

    task = get_object_or_404(Task.objects.filter(report__in=_published_reports()), pk=pk)
    try:
        rectification_workflow.submit_objection(
            task,
            text=request.POST.get("text", ""),
            contact=request.POST.get("contact", ""),
            key=request.POST.get("idempotency_key") or None,
        )
    except WorkflowError as error:
        return rectification_plan(request, task.report_id, error=error.message, status=400)
    return render(request, "portal/objection_received.html", {"task": task})


def assessment_list(request):
    """Published assessment rankings (the office chooses when): scores, ranks and grades, no detail."""
    from assessments.queries import public_rankings

    return render(request, "portal/assessments.html", {"publications": public_rankings()[:50]})


def assessment_ranking(request, pk):
    from assessments.models import Publication, Result

    publication = get_object_or_404(Publication.objects.select_related("scheme__region"), pk=pk)
    rows = (
        Result.objects.filter(scheme=publication.scheme, period=publication.period)
        .select_related("subject__unit")
        .order_by("rank", "subject__unit__name")
    )
    return render(request, "portal/assessment.html", {"publication": publication, "rows": rows})
