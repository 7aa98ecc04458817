"""Pages of typical cases (典型案例): the office's list and editor, and the public pages on the portal."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from briefings import cases
from briefings.models import CaseKind, CasePhoto, CaseStatus, TypicalCase
from ducha.pages import attempt


def _source(user, kind: str, reference: str) -> dict:
    from complaints.models import Complaint
    from fieldchecks.models import FieldCheck
    from rectification.models import Task

    reference = (reference or "").strip()
    if kind == "complaint":
        return {"complaint": Complaint.objects.visible_to(user).filter(number=reference).first()}
    if kind == "task":
        return {"task": Task.objects.visible_to(user).filter(code=reference).first()}
    if kind == "field_check" and reference.isdigit():
        return {"field_check": FieldCheck.objects.visible_to(user).filter(pk=int(reference)).first()}
    return {}


@login_required
def case_list(request):
    from organisations.models import Region
    from organisations.scope import scope_of

    user = request.user
    if not (user.is_superuser or user.has_role("office")):
        raise PermissionDenied("典型案例由督察（整改）办编写")
    if request.method == "POST":
        data = request.POST
        case = attempt(request, lambda: cases.create_case(
            by=user, kind=data.get("kind", ""), title=data.get("title", ""), text=data.get("text", ""),
            region=Region.objects.filter(code=data.get("region", "")).first(), **_source(user, data.get("source_kind", ""), data.get("source", "")),
        ), done="已起草典型案例，请上传整改前后照片")  # fmt: skip
        if case is not None:
            return redirect("typical_case", case.pk)
    rows = TypicalCase.objects.visible_to(user).select_related("region").order_by("status", "-created_at")
    scope = scope_of(user)
    regions = (
        Region.objects.filter(prefix__startswith=scope.prefix or "")
        .exclude(level__in=["country", "township"])
        .order_by("code")[:400]
    )
    return render(request, "briefings/cases.html", {
        "page": Paginator(rows, 50).get_page(request.GET.get("page")), "kinds": CaseKind.choices, "regions": regions, "values": request.POST,
    })  # fmt: skip


@login_required
def case_detail(request, pk):
    user = request.user
    case = get_object_or_404(
        TypicalCase.objects.visible_to(user).select_related("region", "complaint", "task", "field_check"),
        pk=pk,
    )
    if not (user.is_superuser or user.has_role("office")):
        raise PermissionDenied("典型案例由督察（整改）办编写")
    if request.method == "POST":
        data = request.POST
        steps = {
            "photo": (lambda: cases.add_photo(case, by=user, stage=data.get("stage", ""), upload=request.FILES.get("photo")), "已添加照片"),
            "submit": (lambda: cases.submit_case(case, by=user), "已提交审核"),
            "publish": (lambda: cases.review_case(case, by=user, approved=True, note=data.get("note", "")), "已在门户公开"),
            "return": (lambda: cases.review_case(case, by=user, approved=False, note=data.get("note", "")), "已退回修改"),
        }  # fmt: skip
        step = steps.get(data.get("action"))
        if step is None:
            raise PermissionDenied("无权执行此操作")
        attempt(request, step[0], done=step[1])
        return redirect("typical_case", case.pk)
    return render(
        request,
        "briefings/case.html",
        {"case": case, "photos": case.photos.all(), "stages": CasePhoto.Stage.choices},
    )


def _photo(request, pk, published_only: bool):
    from ducha.views import serve_upload

    rows = CasePhoto.objects.select_related("case")
    photo = get_object_or_404(rows, pk=pk)
    if published_only:
        if photo.case.status != CaseStatus.PUBLISHED:
            raise Http404
    elif not TypicalCase.objects.visible_to(request.user).filter(pk=photo.case_id).exists():
        raise Http404
    return serve_upload(photo.file, photo.name)


@login_required
def case_photo(request, pk):
    return _photo(request, pk, published_only=False)


def public_cases(request):
    rows = TypicalCase.objects.filter(status=CaseStatus.PUBLISHED).select_related("region")
    kind = request.GET.get("kind")
    if kind in CaseKind.values:
        rows = rows.filter(kind=kind)
    return render(
        request,
        "portal/cases.html",
        {
            "page": Paginator(rows, 20).get_page(request.GET.get("page")),
            "kinds": CaseKind.choices,
            "kind": kind,
        },
    )


def public_case(request, pk):
    case = get_object_or_404(
        TypicalCase.objects.filter(status=CaseStatus.PUBLISHED).select_related("region"), pk=pk
    )
    return render(request, "portal/case.html", {"case": case, "photos": case.photos.all()})


def public_photo(request, pk):
    return _photo(request, pk, published_only=True)
