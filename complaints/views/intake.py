"""Hotline intake: the keyboard-only form and its live hints (screeners only)."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from complaints import queries, workflow
from complaints.models import (
    Channel,
    PollutionType,
)
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.queries import inspection_for, inspections_for
from organisations.models import Region

# --- intake -------------------------------------------------------------------------------------


def _intake_context(user, inspection, values=None, error=None, created=None):
    return {
        "inspection": inspection,
        "inspections": [i for i in inspections_for(user) if i.stage in ("stationed", "preparation")]
        or list(inspections_for(user)[:20]),
        "counties": queries.target_counties(inspection) if inspection else [],
        "types": queries.pollution_type_tree(),
        "channels": Channel.choices,
        "values": values or {},
        "error": error,
        "created": created,
        # A fresh key per form: a double click or a resent request registers one complaint.
        "form_key": uuid.uuid4().hex,
    }


@login_required
def complaint_intake(request):
    """The hotline operator's form: keyboard only, posted by htmx, ready for the next call at once."""
    user = request.user
    if not user.has_role("team", "office"):
        raise PermissionDenied("只有督察组和督察办可以受理举报")
    code = request.POST.get("inspection") or request.GET.get("inspection")
    inspection = inspection_for(user, code) if code else None
    if inspection is None:
        candidates = _intake_context(user, None)["inspections"]
        inspection = candidates[0] if candidates else None
    if request.method != "POST":
        return render(request, "complaints/intake.html", _intake_context(user, inspection))
    data = request.POST
    region = Region.objects.filter(code=data.get("region")).first()
    try:
        complaint, _ = workflow.register_complaint(
            by=user,
            inspection=inspection,
            channel=data.get("channel", ""),
            text=data.get("text", ""),
            address=data.get("address", ""),
            region=region,
            pollution_types=PollutionType.objects.filter(pk__in=data.getlist("types")),
            reporter_name=data.get("reporter_name", ""),
            reporter_phone=data.get("reporter_phone", ""),
            is_anonymous=data.get("is_anonymous") == "on",
            is_key_case=data.get("is_key_case") == "on",
            idempotency_key=data.get("idempotency_key"),
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        context = _intake_context(user, inspection, values=data, error=error)
        return render(
            request, "complaints/_intake_form.html" if request.htmx else "complaints/intake.html", context
        )
    context = _intake_context(user, inspection, values={"channel": data.get("channel")}, created=complaint)
    return render(
        request, "complaints/_intake_form.html" if request.htmx else "complaints/intake.html", context
    )


@login_required
def intake_hints(request):
    """Live hints while typing: the county the address names, with the reason (or the counties a name
    fits, to choose from); pollution types the words suggest; and earlier complaints of the inspection
    that seem to be the same matter, with their score and the things both name. For screeners (team
    and office) only; a picked county must be one of the inspection's targets."""
    from screening.hints import hints_for

    user = request.user
    if not user.has_role("team", "office"):
        raise PermissionDenied("只有督察组和督察办可以查看受理提示")
    inspection = inspection_for(user, request.GET.get("inspection", ""))
    counties = {r.code: r for r in queries.target_counties(inspection)}
    hints = hints_for(
        user,
        inspection,
        text=request.GET.get("text", ""),
        address=request.GET.get("address", ""),
        picked=counties.get(request.GET.get("region") or ""),
    )
    return render(
        request,
        "complaints/_hints.html",
        {
            "place": hints.place,
            "similar": hints.similar,
            "picked": request.GET.get("region"),
            "types": hints.types,
            "type_ids": ",".join(str(t.type_id) for t in hints.types),
            "threshold": hints.threshold,
        },
    )
