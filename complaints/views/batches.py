"""Transfer batches: build, issue, forward, publish, print the transfer order."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from complaints import queries, workflow
from complaints.models import (
    BatchStatus,
    Complaint,
    Status,
)
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.queries import inspection_for

# --- batches ------------------------------------------------------------------------------------


@login_required
def batch_list(request, code):
    user = request.user
    inspection = inspection_for(user, code)
    batches = list(queries.batches_for(user, inspection))
    draft = next((b for b in batches if b.status == BatchStatus.DRAFT), None)
    waiting = (
        queries.complaints_for(user, inspection=inspection, status=Status.ACCEPTED)
        .filter(batch__isnull=True)
        .prefetch_related("pollution_types")
    )
    return render(
        request,
        "complaints/batches.html",
        {
            "inspection": inspection,
            "batches": batches,
            "draft": draft,
            "draft_items": queries.complaints_for(user, inspection=inspection).filter(batch=draft)
            if draft
            else [],
            "waiting": Paginator(waiting, 100).get_page(request.GET.get("page")),
            "can_build": user.has_role("team", "office"),
            "is_office": user.has_role("office"),
        },
    )


@login_required
@require_POST
def batch_action(request, code, action):
    user = request.user
    inspection = inspection_for(user, code)
    number = request.POST.get("number", "")
    batch = queries.batch_for(user, code, int(number)) if number.isdigit() else None
    try:
        if action == "create":
            batch = workflow.create_batch(inspection, by=user, note=request.POST.get("note", ""))
            messages.success(request, f"已新建{batch}")
        elif batch is None:
            raise Http404
        elif action == "add":
            picked = queries.complaints_for(user, inspection=inspection).filter(
                pk__in=request.POST.getlist("complaints")
            )
            messages.success(request, f"已加入 {workflow.add_to_batch(batch, list(picked), by=user)} 件")
        elif action == "remove":
            picked = Complaint.objects.filter(pk__in=request.POST.getlist("complaints"))
            messages.success(request, f"已移出 {workflow.remove_from_batch(batch, list(picked), by=user)} 件")
        elif action == "issue":
            workflow.issue_batch(batch, by=user)
            messages.success(request, f"{batch}已交办，转办时限已开始计算")
        elif action == "forward":
            rows = list(
                queries.complaints_for(user, inspection=inspection).filter(
                    batch=batch, status=Status.TRANSFERRED
                )
            )
            if not rows:
                raise WorkflowError(f"{batch}没有待转办的举报件")
            messages.success(request, f"已转办 {workflow.forward_complaints(rows, by=user)} 件")
        elif action == "publish":
            publication = workflow.publish_batch(batch, by=user)
            messages.success(request, f"已公开{publication}，{publication.items.count()} 条")
        else:
            raise Http404
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect("batch_list", code=code)


@login_required
def transfer_order(request, code, number):
    """The printable transfer order (交办单) of a batch, grouped by lead unit."""
    user = request.user
    batch = queries.batch_for(user, code, number)
    if batch.status != BatchStatus.ISSUED:
        raise Http404
    rows = (
        queries.complaints_for(user, inspection=batch.inspection)
        .filter(batch=batch)
        .prefetch_related("pollution_types")
        .order_by("lead_unit__name", "number")
    )
    if request.GET.get("format") in ("docx", "pdf"):
        from complaints import documents
        from ducha.official import respond

        build = documents.receipt if request.GET.get("kind") == "receipt" else documents.transfer_order
        return respond(build(batch, rows.select_related("lead_unit", "region")), request)
    return render(
        request,
        "complaints/transfer_order.html",
        {"batch": batch, "rows": rows, "inspection": batch.inspection},
    )
