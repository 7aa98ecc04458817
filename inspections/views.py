from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.models import Event
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections import queries, workflow
from inspections.forms import InspectionForm
from inspections.models import Inspection, InspectionLevel, InspectionStage
from workcalendar.deadlines import UNITS

# The form edits exactly the fields the workflow allows to change.
FORM_FIELDS = workflow.EDITABLE_FIELDS


@login_required
def inspection_list(request):
    q = request.GET.get("q", "").strip()
    stage = request.GET.get("stage") or None
    level = request.GET.get("level") or None
    inspections = queries.inspections_for(request.user, q=q or None, stage=stage, level=level)
    page = Paginator(inspections, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "stage": stage,
        "level": level,
        "today": timezone.localdate(),
        "stages": InspectionStage.choices,
        "levels": InspectionLevel.choices,
        "can_create": request.user.has_role("office"),
    }
    template = "inspections/_rows.html" if request.htmx else "inspections/list.html"
    return render(request, template, context)


@login_required
def inspection_detail(request, code):
    inspection = queries.inspection_for(request.user, code)
    today = timezone.localdate()
    stages = list(InspectionStage)
    current = stages.index(InspectionStage(inspection.stage))
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "today": today,
            "can_edit": queries.can_edit(request.user, inspection),
            "stages": [(s, i < current, i == current) for i, s in enumerate(stages)],
            "next_stage": stages[current + 1] if current + 1 < len(stages) else None,
            "previous_stage": stages[current - 1] if current > 0 else None,
            "events": _with_stage_labels(Event.objects.about(inspection).select_related("actor")[:50]),
            "units": UNITS,
        },
    )


def _with_stage_labels(events):
    labels = dict(InspectionStage.choices)
    events = list(events)
    for event in events:
        event.from_label = labels.get(event.from_state, event.from_state)
        event.to_label = labels.get(event.to_state, event.to_state)
    return events


def _save_form(request, form, inspection=None):
    data = dict(form.cleaned_data)
    if data.get("duplicate_threshold") is None:
        data.pop("duplicate_threshold", None)
    try:
        if inspection is None:
            return workflow.create_inspection(
                by=request.user,
                code=data["code"],
                office=data["office"],
                target_regions=data["target_regions"],
                teams=data["teams"],
                **{f: data[f] for f in FORM_FIELDS if f in data},
            )
        return workflow.update_inspection(
            inspection,
            by=request.user,
            target_regions=data["target_regions"],
            teams=list(data["teams"]),
            **{f: data[f] for f in FORM_FIELDS if f in data},
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


@login_required
def inspection_create(request):
    if not request.user.has_role("office"):
        raise PermissionDenied("只有督察办用户可以创建督察")
    form = InspectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        inspection = _save_form(request, form)
        if inspection is not None:
            return redirect("inspection_detail", code=inspection.code)
    return render(request, "inspections/form.html", {"form": form, "creating": True})


@login_required
def inspection_edit(request, code):
    inspection = get_object_or_404(
        Inspection.objects.editable_by(request.user).visible_to(request.user), code=code
    )
    form = InspectionForm(request.POST or None, instance=inspection, user=request.user)
    if request.method == "POST" and form.is_valid() and _save_form(request, form, inspection) is not None:
        return redirect("inspection_detail", code=code)
    return render(
        request, "inspections/form.html", {"form": form, "creating": False, "inspection": inspection}
    )


@login_required
@require_POST
def inspection_stage(request, code):
    inspection = queries.inspection_for(request.user, code)
    try:
        workflow.change_stage(
            inspection,
            by=request.user,
            to_stage=request.POST.get("stage", ""),
            note=request.POST.get("note", ""),
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect("inspection_detail", code=code)


@login_required
@require_POST
def deadline_rule_update(request, code, key):
    inspection = queries.inspection_for(request.user, code)
    rule = get_object_or_404(inspection.deadline_rules, key=key)
    error = None
    try:
        rule = workflow.update_deadline_rule(
            rule,
            by=request.user,
            amount=int(request.POST.get("amount", "")),
            unit=request.POST.get("unit", ""),
            is_active=request.POST.get("is_active") == "on",
        )
    except ValueError:
        error = "时限须为非负整数"
    except PermissionDeniedError as denied:
        raise PermissionDenied(denied.message) from None
    except WorkflowError as failure:
        error = failure.message
    return render(
        request,
        "inspections/_rule_row.html",
        {"rule": rule, "inspection": inspection, "can_edit": True, "units": UNITS, "error": error},
    )
