from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from ducha.errors import PermissionDeniedError, WorkflowError
from imports.models import JobStatus
from imports.workflow import start_import
from inspections.queries import inspections_for
from organisations import queries
from organisations.forms import TownshipImportForm
from organisations.models import Region
from organisations.scope import scope_of


@login_required
def organisation_home(request):
    region = queries.home_region(request.user)
    if region is None:
        raise Http404("您的账户尚未关联单位")
    return redirect("region_detail", code=region.code)


@login_required
def region_detail(request, code):
    region = queries.region_for(request.user, code)
    children = queries.children_with_counts(request.user, region)
    if request.htmx and request.GET.get("part") == "children":
        return render(request, "organisations/_children.html", {"region": region, "children": children})
    units = queries.units_for(request.user, region_code=region.code).prefetch_related("posts__person")
    q = request.GET.get("q", "").strip()
    search = None
    if q:
        search = Paginator(
            queries.units_for(request.user, region_code=region.code, subtree=True, q=q), 30
        ).get_page(1)
    scope = scope_of(request.user)
    return render(
        request,
        "organisations/region.html",
        {
            "region": region,
            "children": children,
            "units": units,
            "posts": queries.posts_for(request.user, region=region),
            # The path above the user's own region is shown as text, never as a link they cannot open.
            "ancestors": [(a, scope.covers(a.prefix)) for a in Region.objects.ancestors_of(region)],
            "inspections": inspections_for(request.user).filter(targets__region=region)[:20],
            "q": q,
            "search": search,
            "can_import": request.user.has_role("office"),
        },
    )


@login_required
def unit_detail(request, pk):
    unit = queries.unit_for(request.user, pk)
    return render(
        request,
        "organisations/unit.html",
        {
            "unit": unit,
            "posts": queries.posts_for(request.user, unit=unit),
            "children": queries.units_for(request.user).filter(parent=unit),
            "users": unit.users.filter(is_active=True).prefetch_related("roles")
            if request.user.has_role("office")
            else [],
        },
    )


@login_required
def township_import(request):
    if not request.user.has_role("office"):
        raise PermissionDenied("只有督察办用户可以维护乡镇（街道）")
    form = TownshipImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            job = start_import("townships", subject=None, upload=form.cleaned_data["file"], by=request.user)
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from None
        except WorkflowError as error:
            form.add_error("file", error.message)
        else:
            if job.status == JobStatus.DONE:
                messages.success(request, job.message)
                return redirect("organisation_home")
            if job.finished and not job.errors:
                form.add_error("file", job.message)
            elif job.finished:
                errors = job.errors
            else:
                return redirect("import_job", job.pk)
    return render(request, "organisations/township_import.html", {"form": form, "errors": errors})
