"""Transfer batches: build, issue, forward, publish, print the transfer order."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from complaints import queries, workflow
from complaints.models import (
    BatchStatus,
    Complaint,
    Status,
)
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.queries import inspection_for
from organisations.models import Unit

# --- batches ------------------------------------------------------------------------------------


@login_required
def batch_list(request, code):
    user = request.user
    inspection = inspection_for(user, code)
    batches = list(queries.batches_for(user, inspection))
    progress = queries.batch_progress(user, inspection)
    calls = queries.phone_calls_due(user, inspection) if user.has_role("office") else {}
    for batch in batches:
        batch.progress = progress.get(batch.pk, {})
        batch.calls = calls.get(batch.pk, [])
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
            "now": timezone.now(),
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
            messages.success(request, f"{batch}已交办 {batch.complaints.count()} 件，转办时限已开始计算")
        elif action == "forward":
            rows = list(
                queries.complaints_for(user, inspection=inspection).filter(
                    batch=batch, status=Status.TRANSFERRED
                )
            )
            if not rows:
                raise WorkflowError(f"{batch}没有待转办的举报件")
            units = sorted({c.lead_unit.name for c in rows if c.lead_unit_id})
            count = workflow.forward_complaints(rows, by=user)
            messages.success(
                request, f"已转办 {count} 件至{'、'.join(units[:4])}{'等' if len(units) > 4 else ''}"
            )
        elif action == "phone":
            unit = Unit.objects.visible_to(user).filter(pk=request.POST.get("unit") or 0).first()
            if unit is None:
                raise WorkflowError("请选择承办单位")
            count = workflow.confirm_batch_by_phone(
                batch, unit, by=user, answered_by=request.POST.get("answered_by", "")
            )
            messages.success(
                request,
                f"已电话确认{unit.name}在{batch}中的 {count} 件（接电话人：{request.POST.get('answered_by', '').strip()}）",
            )
        elif action == "publish":
            if request.POST.get("confirmed") != "yes":
                raise WorkflowError("请在确认框中核对将公开的内容后再公开")
            publication = workflow.publish_batch(batch, by=user, partial=request.POST.get("partial") == "yes")
            messages.success(
                request, f"已公开{batch}第 {publication.sequence} 次：{publication.items.count()} 条办理情况"
            )
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

        kind = request.GET.get("kind")
        rows = rows.select_related("lead_unit", "region")
        if kind == "city":
            # 交办令: the forwarding office's own order to its counties, of what it forwarded.
            if not user.has_role("office") or user.unit_id is None:
                raise PermissionDenied("交办令由转办的督察办（保障工作组）印发")
            rows = rows.filter(forwarded_at__isnull=False).select_related(
                "local_rule__region", "local_rule__set_by"
            )
            return respond(documents.city_order(batch, rows, user.unit), request)
        build = documents.receipt if kind == "receipt" else documents.transfer_order
        return respond(build(batch, rows), request)
    return render(
        request,
        "complaints/transfer_order.html",
        {"batch": batch, "rows": rows, "inspection": batch.inspection},
    )
