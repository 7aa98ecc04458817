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
from organisations.models import Region
from organisations.scope import scope_of
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
    can_edit = queries.can_edit(request.user, inspection)
    today = timezone.localdate()
    stages = list(InspectionStage)
    current = stages.index(InspectionStage(inspection.stage))
    from fieldwork.access import may_view
    from fieldwork.workflow import checklist

    may_work = may_view(request.user, inspection)
    checks = checklist(inspection) if may_work and inspection.stage in ("preparation", "stationed") else []
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "today": today,
            "can_edit": can_edit,
            "rules": _rules(request.user, inspection, can_edit),
            "local_regions": _local_regions(request.user, inspection),
            "stages": [(s, i < current, i == current) for i, s in enumerate(stages)],
            "next_stage": stages[current + 1] if current + 1 < len(stages) else None,
            "previous_stage": stages[current - 1] if current > 0 else None,
            "events": _with_stage_labels(Event.objects.about(inspection).select_related("actor")[:50]),
            "units": UNITS,
            "may_work": may_work,
            "checks": checks,
            "ready": sum(c.done for c in checks),
        },
    )


def _with_stage_labels(events):
    from fieldwork.labels import EVENT_LABELS

    labels = dict(InspectionStage.choices)
    events = list(events)
    for event in events:
        event.label = EVENT_LABELS.get(event.action, "")
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
                target_units=data.get("target_units") or [],
                **{f: data[f] for f in FORM_FIELDS if f in data},
            )
        return workflow.update_inspection(
            inspection,
            by=request.user,
            target_regions=data["target_regions"],
            teams=list(data["teams"]),
            target_units=list(data.get("target_units") or []),
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


def _rules(user, inspection, can_edit: bool) -> list:
    """The rules in force, the inspection's own first, then each locality's, with who may edit each."""
    rules = list(inspection.deadline_rules.select_related("region", "set_by", "inspection"))
    scope = scope_of(user)
    for rule in rules:
        rule.editable = (
            (user.is_superuser or (user.has_role("office") and scope.covers(rule.region.prefix)))
            if rule.region_id
            else can_edit
        )
    return sorted(rules, key=lambda r: (r.region_id is not None, r.region.code if r.region_id else "", r.pk))


def _local_regions(user, inspection) -> list:
    """Where this user's office may set its own rule: its region, when the inspection covers it."""
    if not user.has_role("office") or user.unit_id is None:
        return []
    region = user.unit.region
    covered = inspection.concerns(region)
    has_one = inspection.deadline_rules.filter(key="feedback_local", region=region).exists()
    return [region] if covered and region.prefix and not has_one else []


@login_required
@require_POST
def next_year(request, code):
    inspection = queries.inspection_for(request.user, code)
    try:
        copy = workflow.copy_for_next_year(
            inspection, by=request.user, code=request.POST.get("code", ""), name=request.POST.get("name", "")
        )
    except PermissionDeniedError as denied:
        raise PermissionDenied(denied.message) from None
    except WorkflowError as failure:
        messages.error(request, failure.message)
        return redirect("inspection_detail", code=code)
    messages.success(
        request, f"已创建下一年度督察 {copy.code}，进驻期 {copy.stationed_from}—{copy.stationed_until}"
    )
    return redirect("inspection_detail", code=copy.code)


@login_required
@require_POST
def local_rule_add(request, code):
    inspection = queries.inspection_for(request.user, code)
    try:
        workflow.add_local_rule(
            inspection,
            by=request.user,
            region=Region.objects.filter(code=request.POST.get("region", "")).first(),
            key=request.POST.get("key", "feedback_local"),
            amount=int(request.POST.get("amount", "")),
            unit=request.POST.get("unit", ""),
            basis=request.POST.get("basis", ""),
        )
        messages.success(request, "已规定本辖区的从严时限，此后交办的举报件按此计算")
    except ValueError:
        messages.error(request, "时限须为非负整数")
    except PermissionDeniedError as denied:
        raise PermissionDenied(denied.message) from None
    except WorkflowError as failure:
        messages.error(request, failure.message)
    return redirect("inspection_detail", code=code)


@login_required
@require_POST
def deadline_rule_update(request, code, pk):
    inspection = queries.inspection_for(request.user, code)
    rule = get_object_or_404(inspection.deadline_rules, pk=pk)
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
    rule.editable = True
    return render(
        request,
        "inspections/_rule_row.html",
        {"rule": rule, "inspection": inspection, "units": UNITS, "error": error},
    )
