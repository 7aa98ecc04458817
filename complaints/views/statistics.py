"""Statistics of an inspection, and the scoped downloads of receipt scans and evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from complaints import queries
from complaints import summary as published
from complaints.models import (
    COUNTERS,
    Complaint,
)
from ducha.errors import WorkflowError
from ducha.inputs import parse_date
from ducha.templatetags.ducha_tags import wan_yuan, yuan
from ducha.views import serve_upload
from inspections.queries import inspection_for

# --- statistics ---------------------------------------------------------------------------------


@login_required
def statistics(request, code):
    user = request.user
    inspection = inspection_for(user, code)
    figures = queries.statistics(inspection, user)
    scoped = Complaint.objects.filter(inspection=inspection) & Complaint.objects.visible_to(user)
    as_of = None
    if request.GET.get("as_of"):
        try:
            as_of = parse_date(request.GET["as_of"], "as_of")
        except WorkflowError as exc:
            messages.error(request, exc.message)
    by_region = published.by_county(scoped)  # one grouping serves the chart and the table
    cities = published.by_city(scoped)
    by_type = queries.figures_by_pollution_type(inspection, user)
    funnel = [
        ("收到", figures["received"]),
        ("受理", figures["accepted"]),
        ("合并重复后", figures["merged"]),
        ("转办", figures["transferred"]),
        ("办结", figures["closed"]),
        ("阶段性办结", figures["stage_closed"]),
        ("正在办理", figures["in_progress"]),
    ]
    charts = {
        "regions": [r["region__name"] for r in by_region],
        "closed": [r["closed"] for r in by_region],
        "stage_closed": [r["stage_closed"] for r in by_region],
        "open": [r["transferred"] - r["closed"] - r["stage_closed"] for r in by_region],
        "types": [{"name": t["name"], "value": t["count"]} for t in by_type],
        "funnel": [{"name": n, "value": v} for n, v in funnel],
    }
    return render(
        request,
        "complaints/statistics.html",
        {
            "inspection": inspection,
            "figures": figures,
            "funnel": funnel,
            "by_region": by_region,
            "counters": [
                (gettext("罚款"), f"{yuan(figures[name])}（{wan_yuan(figures[name])}）")
                if name == "fines_yuan"
                else (label, figures[name])
                for name, label in COUNTERS
            ],
            "charts": charts,
            "cities": cities if len(cities) > 1 else [],
            "as_of": as_of,
            "industries": queries.figures_by_industry(inspection, user),
            "units": published.by_unit(scoped),
            "running": published.running(scoped, as_of) if as_of else None,
            "definitions": published.DEFINITIONS,
        },
    )


@login_required
def receipt_scan(request, pk):
    complaint = queries.complaint_for(request.user, pk)
    return serve_upload(
        complaint.receipt_scan, f"{complaint.number}签收回执.{complaint.receipt_scan.name.rsplit('.', 1)[-1]}"
    )


@login_required
def evidence_file(request, pk):
    from complaints.models import Evidence

    evidence = get_object_or_404(
        Evidence, pk=pk, feedback__complaint__in=Complaint.objects.visible_to(request.user)
    )
    return serve_upload(evidence.file, evidence.name)


@login_required
def report_photo(request, pk):
    """A photo the public attached, for whoever may open the complaint."""
    from complaints.models import ReportPhoto

    photo = get_object_or_404(ReportPhoto, pk=pk, complaint__in=Complaint.objects.visible_to(request.user))
    return serve_upload(photo.file, photo.name)
