from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ducha.errors import PermissionDeniedError, WorkflowError
from imports.models import JobStatus
from imports.workflow import start_import
from inspections.queries import inspections_for
from organisations import groups, queries
from organisations.forms import TownshipImportForm
from organisations.models import Duty, GroupKind, GroupMember, Person, Region
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
            "members": unit.members.select_related("member_unit", "person"),
            "duties": [d.get_duty_display() for d in unit.duties.all()],
            "duty_choices": Duty.choices,
            "duty_values": set(unit.duties.values_list("duty", flat=True)),
            "group_kinds": GroupKind.choices,
            "may_edit_group": request.user.is_superuser
            or (
                request.user.has_role("office", "secadmin")
                and scope_of(request.user).covers(unit.region.prefix)
            ),
            "member_units": queries.units_for(request.user)
            .filter(region__prefix__startswith=unit.region.prefix[:4])
            .order_by("region__code", "sort_order", "name")[:300]
            if unit.group_kind
            else [],
        },
    )


@login_required
@require_POST
def unit_group(request, pk):
    unit = queries.unit_for(request.user, pk)
    data = request.POST
    try:
        if data.get("member_unit") or data.get("person_name"):
            person = None
            if data.get("person_name", "").strip():
                person, _ = Person.objects.get_or_create(
                    name=data["person_name"].strip()[:40], region=unit.region
                )
            groups.add_member(
                unit, by=request.user, person=person, title=data.get("title", "成员"), note=data.get("note", ""),
                member_unit=queries.units_for(request.user).filter(pk=data.get("member_unit") or 0).first(),
            )  # fmt: skip
            messages.success(request, "已添加小组成员")
        elif data.get("remove"):
            member = get_object_or_404(GroupMember, pk=data["remove"], group=unit)
            groups.remove_member(member, by=request.user)
            messages.success(request, "已移除小组成员")
        else:
            groups.set_group(
                unit, by=request.user, group_kind=data.get("group_kind", ""), duties=data.getlist("duties")
            )
            messages.success(request, "已保存小组类型和职责")
    except PermissionDeniedError as denied:
        raise PermissionDenied(denied.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect("unit_detail", pk=unit.pk)


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
