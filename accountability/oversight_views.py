"""Pages of the discipline group's oversight: urge letters, supervision requests, transfers of clues,
the draw of key cases' records, and the import of a 问责情况表."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accountability import documents, oversight, queries
from accountability.models import ReceiverKind, RequestKind
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import parse_date
from ducha.official import respond
from ducha.pages import attempt
from organisations.models import Unit

# --- urges -------------------------------------------------------------------------------------------


def _urge_case(request, source):
    """The case an urge is about, found through the user's own scope: (field, object, unit)."""
    from complaints.models import Complaint
    from liaison.models import Finding
    from rectification.models import Action, SpotCheckItem, Task

    user = request.user
    tasks = Task.objects.visible_to(user)
    lookups = {
        "complaint": (Complaint.objects.visible_to(user), "lead_unit"),
        "task": (tasks, "lead_unit"),
        "interview": (Action.objects.visible_to(user), "unit"),
        "spot_check_item": (SpotCheckItem.objects.filter(task__in=tasks), "task.lead_unit"),
        "liaison_finding": (Finding.objects.visible_to(user), "unit"),
    }
    for field, (rows, unit_path) in lookups.items():
        if pk := source.get(field):
            case = get_object_or_404(rows, pk=pk if str(pk).isdigit() else 0)
            unit = case
            for part in unit_path.split("."):
                unit = getattr(unit, part, None)
            return field, case, unit
    return None, None, None


@login_required
def urge_list(request):
    user = request.user
    tab = request.GET.get("tab", "")
    field, case, unit = _urge_case(request, request.GET)
    return render(
        request,
        "accountability/urges.html",
        {
            "page": Paginator(queries.urges_for(user, tab=tab), 40).get_page(request.GET.get("page")),
            "tab": tab,
            "field": field,
            "case": case,
            "case_unit": unit,
            "may_urge": user.has_role("discipline"),
            "units": Unit.objects.visible_to(user).order_by("region__code", "name")[:500],
            "default_due": timezone.localdate() + dt.timedelta(days=15),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def urge_new(request):
    user = request.user
    field, case, _unit = _urge_case(request, request.POST)
    unit = (
        Unit.objects.visible_to(user)
        .select_related("region")
        .filter(pk=request.POST.get("unit") or 0)
        .first()
    )
    urge = attempt(
        request,
        lambda: oversight.urge_accountability(
            by=user,
            unit=unit,
            reason=request.POST.get("reason", ""),
            due_on=parse_date(request.POST.get("due_on"), "due_on"),
            **({field: case} if field else {}),
        ),
        done="已发出督促问责函",
    )
    if urge is None:
        back = reverse("accountability_urges")
        return redirect(f"{back}?{field}={case.pk}" if field else back)
    return redirect("accountability_urge", urge.pk)


@login_required
def urge_detail(request, pk):
    urge = get_object_or_404(
        queries.urges_for(request.user).select_related(
            "interview", "spot_check_item__task", "liaison_finding__visit", "complaint__region", "created_by"
        ),
        pk=pk,
    )
    if request.GET.get("format") in ("docx", "pdf"):
        return respond(documents.urge_letter(urge), request)
    return render(request, "accountability/urge.html", {"urge": urge, "case": documents._case_line(urge)})


# --- supervision requests ----------------------------------------------------------------------------


@login_required
def request_list(request):
    user = request.user
    if request.method == "POST":
        from complaints.models import Complaint

        data = request.POST
        numbers = [
            n
            for n in data.get("complaints", "").replace("，", ",").replace("、", ",").split(",")
            if n.strip()
        ]
        complaints = list(Complaint.objects.visible_to(user).filter(number__in=[n.strip() for n in numbers]))
        if len(complaints) != len({n.strip() for n in numbers}):
            messages.error(request, "受理编号有误，或不在您的管辖范围内")
        else:
            unit = (
                Unit.objects.visible_to(user)
                .select_related("region")
                .filter(pk=data.get("subject_unit") or 0)
                .first()
            )
            created = attempt(
                request,
                lambda: oversight.request_supervision(
                    by=user,
                    subject_unit=unit,
                    kind=data.get("kind", ""),
                    description=data.get("description", ""),
                    complaints=complaints,
                ),
                done="已提交监察申请",
            )
            if created is not None:
                return redirect("accountability_request", created.pk)
    tab = request.GET.get("tab", "")
    return render(
        request,
        "accountability/requests.html",
        {
            "page": Paginator(queries.requests_for(user, tab=tab), 40).get_page(request.GET.get("page")),
            "tab": tab,
            "kinds": RequestKind.choices,
            "may_request": user.has_role("team", "office"),
            "units": Unit.objects.visible_to(user).order_by("region__code", "name")[:500],
            "values": request.POST,
        },
    )


@login_required
def request_detail(request, pk):
    user = request.user
    item = get_object_or_404(queries.requests_for(user).prefetch_related("complaints"), pk=pk)
    if request.method == "POST":
        attempt(
            request,
            lambda: oversight.reply_supervision(item, by=user, reply=request.POST.get("reply", "")),
            done="已答复",
        )
        return redirect("accountability_request", item.pk)
    return render(
        request,
        "accountability/request.html",
        {"item": item, "may_reply": user.has_role("discipline") and item.is_open},
    )


# --- transfers of clues ------------------------------------------------------------------------------


@login_required
def transfer_list(request):
    from inspections.models import Inspection

    user = request.user
    inspections = Inspection.objects.visible_to(user).order_by("-stationed_from")
    chosen = request.GET.get("inspection") or request.POST.get("inspection")
    inspection = get_object_or_404(inspections, pk=chosen) if chosen and str(chosen).isdigit() else None
    if request.method == "POST" and inspection is not None:
        from complaints.models import Complaint
        from rectification.models import Task

        data = request.POST
        numbers = {
            n.strip()
            for n in data.get("complaints", "").replace("，", ",").replace("、", ",").split(",")
            if n.strip()
        }
        complaints = list(Complaint.objects.visible_to(user).filter(number__in=numbers))
        codes = {
            c.strip()
            for c in data.get("tasks", "").replace("，", ",").replace("、", ",").split(",")
            if c.strip()
        }
        tasks = list(Task.objects.visible_to(user).filter(code__in=codes))
        if len(complaints) != len(numbers) or len(tasks) != len(codes):
            messages.error(request, "受理编号或任务编号有误，或不在您的管辖范围内")
        else:
            transfer = attempt(
                request,
                lambda: oversight.transfer_clue(
                    by=user,
                    inspection=inspection,
                    receiver_kind=data.get("receiver_kind", ""),
                    receiver=data.get("receiver", ""),
                    title=data.get("title", ""),
                    description=data.get("description", ""),
                    persons=data.get("persons", ""),
                    complaints=complaints,
                    tasks=tasks,
                    transferred_on=parse_date(data.get("transferred_on"), "transferred_on", required=False),
                ),
                done="已登记移交",
            )
            if transfer is not None:
                return redirect("accountability_transfer", transfer.pk)
    rows = queries.transfers_for(user, inspection=inspection.pk if inspection else None)
    if inspection is not None and request.GET.get("format") in ("docx", "pdf"):
        return respond(
            documents.transfer_list(inspection, rows.prefetch_related("complaints", "tasks")), request
        )
    return render(
        request,
        "accountability/transfers.html",
        {
            "page": Paginator(rows, 40).get_page(request.GET.get("page")),
            "inspections": inspections[:100],
            "inspection": inspection,
            "may_transfer": user.has_role("office", "discipline")
            and inspection is not None
            and inspection.stage in oversight.TRANSFER_STAGES,
            "receiver_kinds": ReceiverKind.choices,
            "values": request.POST,
            "today": timezone.localdate(),
        },
    )


@login_required
def transfer_detail(request, pk):
    user = request.user
    transfer = get_object_or_404(
        queries.transfers_for(user)
        .select_related("inspection__office")
        .prefetch_related("complaints", "tasks"),
        pk=pk,
    )
    if request.method == "POST":
        attempt(
            request,
            lambda: oversight.record_transfer_outcome(
                transfer,
                by=user,
                outcome=request.POST.get("outcome", ""),
                outcome_on=parse_date(request.POST.get("outcome_on"), "outcome_on"),
            ),
            done="已登记办理结果",
        )
        return redirect("accountability_transfer", transfer.pk)
    if request.GET.get("format") in ("docx", "pdf"):
        return respond(documents.transfer_letter(transfer), request)
    return render(
        request,
        "accountability/transfer.html",
        {
            "t": transfer,
            "may_answer": user.has_role("office", "discipline") and transfer.status == "sent",
            "today": timezone.localdate(),
        },
    )


# --- the draw of key cases, the import ---------------------------------------------------------------


@login_required
@require_POST
def sample(request):
    size = request.POST.get("size", "")
    chosen = attempt(
        request,
        lambda: oversight.sample_key_records(by=request.user, size=int(size) if size.isdigit() else 0),
        done="已抽取重点件问责记录",
    )
    if chosen:
        return redirect(f"{reverse('accountability_list')}?tab=sampled")
    return redirect("accountability_queue")


@login_required
def record_import(request):
    from imports.models import JobStatus
    from imports.workflow import start_import
    from organisations.forms import TownshipImportForm

    user = request.user
    if not user.has_role("office", "discipline", "handler"):
        raise PermissionDenied("您的角色不能导入问责情况表")
    form = TownshipImportForm(request.POST or None, request.FILES or None)
    form.fields["file"].help_text = "第一个工作表，表头含 被问责人 · 所在单位 · 问责事由；全部正确才会写入。"
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            job = start_import("accountability", subject=None, upload=form.cleaned_data["file"], by=user)
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from None
        except WorkflowError as error:
            form.add_error("file", error.message)
        else:
            if job.status == JobStatus.DONE:
                messages.success(request, job.message)
                return redirect("accountability_list")
            if job.finished and not job.errors:
                form.add_error("file", job.message)
            elif job.finished:
                errors = job.errors
            else:
                return redirect("import_job", job.pk)
    from accountability.importer import COLUMNS

    return render(request, "accountability/import.html", {"form": form, "errors": errors, "columns": COLUMNS})
