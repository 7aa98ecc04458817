"""The job page: a progress bar while a large import runs, then its result (errors by row and column)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ducha.errors import PermissionDeniedError, WorkflowError
from imports.queries import job_for
from imports.registry import importer
from imports.workflow import map_units, progress_of, unknown_units


def _context(request, job):
    spec = importer(job.kind)
    progress = progress_of(job)
    total = progress.get("total") or 0
    percent = min(100, int(progress["done"] * 100 / total)) if total else 0
    errors = Paginator(job.errors, 100).get_page(request.GET.get("page"))
    return {
        "job": job,
        "label": spec.label,
        "back": spec.back(job.subject_id),
        "progress": progress,
        "percent": 100 if job.finished else percent,
        "errors": errors,
    }


@login_required
def job_detail(request, pk):
    job = job_for(request.user, pk)
    if request.htmx:
        return render(request, "imports/_status.html", _context(request, job))
    context = _context(request, job)
    if job.status == "failed":
        context["mapping"] = _mapping(request, job)
    return render(request, "imports/job.html", context)


def _mapping(request, job, error=None):
    """The unknown unit names of a failed job, each with its candidates and the scope's units to choose
    from, or a unit to create."""
    from organisations.models import Region, RegionLevel, Unit, UnitKind

    entries = unknown_units(job)
    if not entries or not (request.user.is_superuser or request.user.has_role("office")):
        return None
    units = Unit.objects.visible_to(request.user).filter(is_active=True)
    if job.region_prefix:
        units = units.filter(region__prefix__startswith=job.region_prefix)
    by_pk = {u.pk: u for u in units.filter(pk__in={pk for e in entries for pk in e["candidates"]})}
    for entry in entries:
        entry["options"] = [by_pk[pk] for pk in entry["candidates"] if pk in by_pk]
    regions = Region.objects.visible_to(request.user).filter(
        level__in=[RegionLevel.CITY, RegionLevel.COUNTY], prefix__startswith=job.region_prefix[:4]
    )
    return {
        "entries": entries,
        "units": units.select_related("region").order_by("region__code", "name")[:600],
        "regions": regions.order_by("code")[:400],
        "kinds": UnitKind.choices,
        "error": error,
    }


@login_required
@require_POST
def map_job_units(request, pk):
    """Save the office's answers for each unknown unit name and import the same file again."""
    from organisations.models import Region, Unit

    job = job_for(request.user, pk)
    entries = unknown_units(job)
    choices = {}
    for number, entry in enumerate(entries):
        picked = request.POST.get(f"unit-{number}", "")
        if picked == "new":
            choices[entry["name"]] = {
                "create": {
                    "name": request.POST.get(f"name-{number}", ""),
                    "region": Region.objects.visible_to(request.user)
                    .filter(code=request.POST.get(f"region-{number}", ""))
                    .first(),
                    "kind": request.POST.get(f"kind-{number}", ""),
                }
            }
        elif picked.isdigit():
            unit = Unit.objects.visible_to(request.user).filter(pk=int(picked)).first()
            if unit is not None:
                choices[entry["name"]] = {"unit": unit}
    try:
        rerun = map_units(job, by=request.user, choices=choices)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        context = _context(request, job) | {"mapping": _mapping(request, job, error=error.message)}
        return render(request, "imports/job.html", context, status=400)
    return redirect("import_job", rerun.pk)
