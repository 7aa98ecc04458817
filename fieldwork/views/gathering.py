"""Gathering: document requests (the team's list and each unit's own), interviews (masked; the notes shown to the
team one at a time, each view logged), site visits with photos, and findings with their source."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ducha.inputs import parse_date
from ducha.official import respond
from ducha.pages import attempt
from fieldwork import documents, workflow
from fieldwork.access import is_team, may_view
from fieldwork.lookup import source_for, units_of
from fieldwork.models import (
    DocumentRequest,
    Finding,
    FocusArea,
    Interview,
    InterviewKind,
    ItemStatus,
    RequestItem,
    RequestKind,
    SiteVisit,
    SourceKind,
)
from fieldwork.views.base import inspection_for, parse_moment
from organisations.models import Region


def _post(request, inspection):
    data, user = request.POST, request.user
    action = data.get("action")
    units = units_of(inspection)
    if action == "request":
        item = attempt(request, lambda: workflow.create_request(
            inspection, by=user, unit=units.filter(pk=data.get("unit") or 0).first(), title=data.get("title", ""),
            items=data.get("items", "").splitlines(), due_at=parse_moment(data.get("due_at"), "due_at"),
            kind=data.get("kind", RequestKind.MATERIALS), note=data.get("note", ""),
        ), done="已发出调阅通知")  # fmt: skip
        if item is not None:
            return redirect("work_request", item.pk)
    elif action == "interview":
        attempt(request, lambda: workflow.record_interview(
            inspection, by=user, kind=data.get("kind", ""), person=data.get("person", ""), post=data.get("post", ""),
            held_at=parse_moment(data.get("held_at"), "held_at"), interviewers=data.get("interviewers", ""),
            notes=data.get("notes", ""), unit_name=data.get("unit_name", ""),
            region=Region.objects.filter(code=data.get("region", "")).first(),
        ), done="已记录谈话（记录加密保存）")  # fmt: skip
    elif action == "visit":
        attempt(request, lambda: workflow.record_site_visit(
            inspection, by=user, day=parse_date(data.get("day"), "day"), place=data.get("place", ""),
            region=Region.objects.filter(code=data.get("region", "")).first(), visitors=data.get("visitors", ""),
            seen=data.get("seen", ""), photos=request.FILES.getlist("photos"),
        ), done="已记录实地检查")  # fmt: skip
    elif action == "finding":
        kind = data.get("source_kind", "")
        attempt(request, lambda: workflow.record_finding(
            inspection, by=user, text=data.get("text", ""), source_kind=kind, source=source_for(inspection, kind, data.get("source", "")),
            unit=units.filter(pk=data.get("unit") or 0).first(), focus=FocusArea.objects.filter(inspection=inspection, pk=data.get("focus") or 0).first(),
            evidence=data.get("evidence", ""), is_clue=data.get("is_clue") == "on", persons=data.get("persons", ""),
        ), done="已记录发现问题")  # fmt: skip
    elif action == "report":
        report = attempt(request, lambda: workflow.create_report(
            inspection, by=user, region=Region.objects.filter(code=data.get("region", "")).first(), title=data.get("title", ""),
            addressee=data.get("addressee", ""), number=data.get("number", ""), copy_to=data.get("copy_to", ""),
            opening=data.get("opening", ""), demands=data.get("demands", ""),
        ), done="已起草反馈报告，请选择列入的问题")  # fmt: skip
        if report is not None:
            return redirect("work_report", report.pk)
    return redirect(request.get_full_path())


@login_required
def gathering(request, code):
    inspection = inspection_for(request, code)
    if request.method == "POST":
        return _post(request, inspection)
    team = is_team(request.user, inspection)
    now = timezone.now()
    requests = DocumentRequest.objects.filter(inspection=inspection).select_related("unit").order_by("-sequence").annotate(
        n_items=Count("items", distinct=True), n_received=Count("items", filter=Q(items__status=ItemStatus.RECEIVED), distinct=True),
    )  # fmt: skip
    findings = Finding.objects.filter(inspection=inspection).select_related(
        "unit", "focus", "complaint", "report", "problem", "clue_transfer", "request_item"
    )
    item_choices = RequestItem.objects.filter(
        request__inspection=inspection, request__submitted_at__isnull=False
    ).select_related("request__unit")
    return render(request, "fieldwork/gathering.html", {
        "inspection": inspection, "team": team, "now": now, "open": inspection.stage != "archived",
        "requests": Paginator(requests, 50).get_page(request.GET.get("page")), "overdue": requests.filter(submitted_at__isnull=True, due_at__lt=now).count(),
        "interviews": Interview.objects.filter(inspection=inspection)[:100] if team else [],
        "visits": SiteVisit.objects.filter(inspection=inspection).select_related("region").prefetch_related("photos")[:100],
        "findings": findings, "units": units_of(inspection)[:500], "focus": FocusArea.objects.filter(inspection=inspection),
        "request_kinds": RequestKind.choices, "interview_kinds": InterviewKind.choices, "source_kinds": SourceKind.choices,
        "items": item_choices[:300], "counties": Region.objects.filter(
            Q(parent__in=inspection.target_regions.all()) | Q(pk__in=inspection.target_regions.all())).order_by("code"),
        "regions": inspection.target_regions.all(), "reports": inspection.draft_reports.select_related("region"),
    })  # fmt: skip


def _request_for(request, pk) -> tuple[DocumentRequest, bool]:
    """The request and whether the user is on the team's side; the inspected unit sees only its own."""
    item = get_object_or_404(
        DocumentRequest.objects.select_related("inspection", "unit", "created_by"), pk=pk
    )
    staff = (
        may_view(request.user, item.inspection)
        and DocumentRequest.objects.visible_to(request.user).filter(pk=pk).exists()
    )
    if not staff and request.user.unit_id != item.unit_id:
        raise Http404
    return item, staff


@login_required
def request_list(request):
    """The unit's own requests (an inspected unit's inbox), or, for the team and office, every request in scope."""
    user = request.user
    rows = DocumentRequest.objects.select_related("inspection", "unit").annotate(n_items=Count("items"))
    if user.has_role("team", "office") or user.is_superuser:
        rows = rows.visible_to(user)
    else:
        rows = rows.filter(unit_id=user.unit_id)
    if request.GET.get("open"):
        rows = rows.filter(submitted_at__isnull=True)
    page = Paginator(rows.order_by("submitted_at", "due_at", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "fieldwork/requests.html",
        {"page": page, "now": timezone.now(), "only_open": bool(request.GET.get("open"))},
    )


@login_required
def request_detail(request, pk):
    item, staff = _request_for(request, pk)
    if request.GET.get("format") in ("docx", "pdf"):
        return respond(documents.request_letter(item), request)
    if request.method == "POST":
        data, user = request.POST, request.user
        action = data.get("action")
        if action == "upload":
            line = get_object_or_404(item.items, pk=data.get("item") or 0)
            attempt(
                request,
                lambda: workflow.upload_to_item(line, by=user, uploads=request.FILES.getlist("files")),
                done="已上传",
            )
        elif action == "submit":
            attempt(request, lambda: workflow.submit_request(item, by=user), done="已报送督察组")
        elif action == "mark" and staff:
            line = get_object_or_404(item.items, pk=data.get("item") or 0)
            attempt(request, lambda: workflow.mark_item(line, by=user, status=data.get("status", ""), remark=data.get("remark", "")),
                    done="已核对")  # fmt: skip
        else:
            raise PermissionDenied("无权执行此操作")
        return redirect("work_request", item.pk)
    items = item.items.prefetch_related("files").annotate(n_findings=Count("findings"))
    return render(request, "fieldwork/request.html", {
        "item": item, "items": items, "staff": staff, "own": request.user.unit_id == item.unit_id,
        "overdue": item.is_overdue(), "statuses": [c for c in ItemStatus.choices if c[0] != ItemStatus.PENDING],
        "open": item.inspection.stage != "archived",
    })  # fmt: skip


@login_required
def reveal(request, pk):
    """The interview's person and notes (POST only, for the team; each view is an event)."""
    from ducha.errors import PermissionDeniedError

    if request.method != "POST":
        raise PermissionDenied("请通过“查看记录”按钮查看")
    interview = get_object_or_404(
        Interview.objects.visible_to(request.user).select_related("inspection"), pk=pk
    )
    try:
        secret = workflow.reveal_interview(interview, by=request.user)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from None
    return render(request, "fieldwork/_interview.html", {"interview": interview, "secret": secret})


@login_required
def download(request, kind, pk):
    """A file of the work, to whoever may see its record: request files also to the unit that uploaded them."""
    from ducha.views import serve_upload
    from fieldwork.models import RequestFile, SitePhoto, WorkDocument

    if kind == "request":
        row = get_object_or_404(RequestFile.objects.select_related("item__request"), pk=pk)
        _request_for(request, row.item.request_id)
    elif kind == "document":
        row = get_object_or_404(WorkDocument.objects.select_related("inspection"), pk=pk)
        inspection_for(request, row.inspection.code)
    elif kind == "photo":
        row = get_object_or_404(SitePhoto.objects.select_related("visit__inspection"), pk=pk)
        if not SiteVisit.objects.visible_to(request.user).filter(pk=row.visit_id).exists():
            raise Http404
        inspection_for(request, row.visit.inspection.code)
    else:
        raise Http404
    return serve_upload(row.file, row.name)
