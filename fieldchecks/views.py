"""Pages of field checks, made to be used on a phone on site: the check, its sites, problems with photos
taken from the camera, closing it (transfer and letter), and the letter as Word and PDF."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from ducha.errors import WorkflowError
from ducha.inputs import parse_date
from ducha.official import respond
from ducha.pages import attempt
from fieldchecks import documents, workflow
from fieldchecks.models import CheckKind, FieldCheck, Problem, ProblemType
from organisations.models import Region, Unit


def _time(text: str, field: str):
    import datetime as dt

    try:
        return dt.time.fromisoformat((text or "").strip())
    except ValueError:
        raise WorkflowError("请填写时间（如 21:00）", field=field) from None


@login_required
def check_list(request):
    from inspections.models import Inspection

    user = request.user
    inspections = Inspection.objects.visible_to(user).order_by("-stationed_from")
    if request.method == "POST":
        data = request.POST
        inspection = get_object_or_404(inspections, pk=data.get("inspection") or 0)
        region = Region.objects.filter(code=data.get("region", "")).first()

        def create():
            return workflow.create_check(
                by=user, inspection=inspection, kind=data.get("kind", ""), region=region,
                day=parse_date(data.get("day"), "day"), starts_at=_time(data.get("starts_at"), "starts_at"),
                ends_at=_time(data.get("ends_at"), "ends_at"), teams=data.get("teams", ""), context=data.get("context", ""),
                letter_to=Unit.objects.visible_to(user).filter(pk=data.get("letter_to") or 0).first(),
            )  # fmt: skip

        check = attempt(request, create, done="已建立检查，请逐个录入检查点和问题")
        if check is not None:
            return redirect("field_check", check.pk)
    checks = FieldCheck.objects.visible_to(user).select_related("inspection", "region")[:100]
    return render(
        request,
        "fieldchecks/list.html",
        {
            "checks": checks, "inspections": inspections[:50], "kinds": CheckKind.choices, "values": request.POST,
            "may_record": user.has_role("team", "office"),
            "governments": Unit.objects.visible_to(user).filter(kind="government").select_related("region").order_by("region__code")[:300],
        },
    )  # fmt: skip


@login_required
def check_detail(request, pk):
    user = request.user
    check = get_object_or_404(
        FieldCheck.objects.visible_to(user).select_related(
            "inspection__office", "region", "letter_to", "batch"
        ),
        pk=pk,
    )
    if request.GET.get("format") in ("docx", "pdf"):
        if not check.letter_number:
            raise PermissionDenied("检查交办后才有督办函")
        return respond(documents.letter(check), request)
    if request.method == "POST":
        data = request.POST
        action = data.get("action")
        if action == "site":
            region = Region.objects.filter(code=data.get("region_code", "")).first() or check.region
            attempt(request, lambda: workflow.add_site(check, by=user, name=data.get("name", ""), region=region,
                                                        address=data.get("address", ""), kind=data.get("site_kind", "")), done="已添加检查点")  # fmt: skip
        elif action == "problem":
            site = get_object_or_404(check.sites.all(), pk=data.get("site") or 0)
            kind = ProblemType.objects.filter(pk=data.get("kind") or 0).first()
            attempt(request, lambda: workflow.add_problem(site, by=user, kind=kind, description=data.get("description", ""),
                                                           photos=request.FILES.getlist("photos")), done="已记录问题")  # fmt: skip
        elif action == "close":
            attempt(request, lambda: workflow.close_check(check, by=user), done="已交办，督办函已编号")
        return redirect("field_check", check.pk)
    problems = (
        Problem.objects.filter(site__field_check=check)
        .select_related("site__region", "kind", "complaint")
        .prefetch_related("photos")
    )
    return render(
        request,
        "fieldchecks/check.html",
        {
            "check": check, "sites": check.sites.select_related("region"), "problems": problems,
            "types": ProblemType.objects.filter(is_active=True), "open": check.closed_at is None and user.has_role("team", "office"),
            "counties": Region.objects.filter(parent=check.region).order_by("code") if check.region.level == "city" else [check.region],
        },
    )  # fmt: skip


@login_required
def photo(request, pk):
    from ducha.views import serve_upload
    from fieldchecks.models import Photo

    item = get_object_or_404(
        Photo.objects.filter(problem__site__field_check__in=FieldCheck.objects.visible_to(request.user)),
        pk=pk,
    )
    return serve_upload(item.file, item.name)
