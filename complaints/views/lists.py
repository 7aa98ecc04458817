"""The complaint list: queues by role, filters, labels shared by the pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from complaints import queries, workflow
from complaints.models import (
    Status,
)
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.pagination import IdPaginator
from inspections.queries import inspection_for, inspections_for

STATUS_LABELS = dict(Status.choices)
ACTION_LABELS = {
    "registered": "受理登记",
    "reporter_viewed": "查看了举报人身份",
    "classified": "修改分类",
    "accepted": "审核受理",
    "rejected": "不予受理",
    "marked_duplicate": "标记为重复件",
    "batched": "加入批次",
    "transferred": "交办",
    "forwarded": "转办至承办单位",
    "phone_confirmed": "电话确认",
    "phone_corrected": "更正电话确认",
    "accountability_registered": "登记问责",
    "receipt_signed": "领导签收回执",
    "receipt_uploaded": "上传签收回执",
    "received": "签收完成",
    "feedback_submitted": "填报反馈",
    "evidence_added": "补充佐证材料",
    "feedback_signed": "领导签字报送",
    "feedback_declined": "领导退回修改",
    "feedback_accepted": "审核通过",
    "feedback_returned": "退回重办",
    "rated": "群众评价",
    "imported": "Excel 导入",
    "urged": "督察办催办",
    "rebound_reported": "群众反映问题反弹",
    "reopened": "重新交办",
    "rebound_answered": "答复问题反弹",
    "extension_requested": "申请延期",
    "extension_granted": "批准延期",
    "extension_refused": "不予批准延期",
    "check_started": "进入验收",
    "check_passed": "验收通过，销号",
    "check_failed": "现场核实未通过，退回重办",
    "verified_on_site": "现场核实",
}


BULK = [("accept", ("team", "office")), ("forward", ("office",)), ("urge", ("office",))]


@login_required
def complaint_list(request):
    user = request.user
    code = request.GET.get("inspection") or ""
    inspection = inspection_for(user, code) if code else None
    queue = request.GET.get("queue") or ""
    filters = {
        "status": request.GET.get("status") or None,
        "batch": int(request.GET["batch"]) if request.GET.get("batch", "").isdigit() else None,
        "region_code": request.GET.get("region") or None,
        "due_state": request.GET.get("due") or None,
        "q": request.GET.get("q", "").strip() or None,
    }
    rows = queries.complaints_for(
        user, inspection=inspection, queue=queue or None, **filters
    ).prefetch_related("pollution_types")
    page = IdPaginator(rows, 30).get_page(request.GET.get("page"))
    from complaints.models import JointShare

    joint = set(
        JointShare.objects.filter(complaint_id__in=[c.pk for c in page]).values_list(
            "complaint_id", flat=True
        )
    )
    for complaint in page:
        complaint.joint = complaint.pk in joint  # 合办件, marked in each of its counties' lists
    names = queries.queues_for(user)
    counts = queries.queue_counts(user, names)
    context = {
        "page": page,
        "inspection": inspection,
        "queue": queue,
        "queues": [(n, queries.QUEUES[n][0], counts.get(n, 0)) for n in names],
        "filters": filters,
        "statuses": Status.choices,
        "inspections": inspections_for(user)[:50],
        "query": request.GET.urlencode(),
        "can_intake": user.has_role("team", "office"),
        "bulk": [a for a, roles in BULK if user.has_role(*roles)],
        "next": request.get_full_path(),
    }
    template = (
        "complaints/_rows.html" if request.htmx and not request.htmx.boosted else "complaints/list.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def complaint_bulk(request):
    """Act on several complaints at once from the list: 受理, 转办 or 催办. Each complaint's step is atomic;
    the message says how many went through and why the others did not."""
    user = request.user
    action = request.POST.get("action", "")
    picked = list(queries.complaints_for(user).filter(pk__in=request.POST.getlist("complaints")[:500]))
    back = request.POST.get("next") or reverse("complaint_list")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("complaint_list")
    if not picked:
        messages.error(request, "请先勾选举报件")
        return redirect(back)
    try:
        if action == "accept":
            done, failed = 0, []
            for complaint in picked:
                try:
                    workflow.accept_complaint(complaint, by=user)
                    done += 1
                except WorkflowError as error:
                    failed.append(f"{complaint.number}（{error.message}）")
            text = f"已受理 {done} 件"
            if failed:
                text += f"；{len(failed)} 件未受理：" + "；".join(failed[:5])
            (messages.success if not failed else messages.warning)(request, text)
        elif action == "forward":
            rows = [c for c in picked if c.status == Status.TRANSFERRED]
            if not rows:
                raise WorkflowError("所选举报件中没有待转办的")
            units = sorted({c.lead_unit.name for c in rows if c.lead_unit_id})
            count = workflow.forward_complaints(rows, by=user)
            skipped = len(picked) - len(rows)
            messages.success(
                request, f"已转办 {count} 件至{'、'.join(units[:4])}{'等' if len(units) > 4 else ''}"
                + (f"；{skipped} 件不是待转办状态，未处理" if skipped else "")
            )  # fmt: skip
        elif action == "urge":
            count = workflow.urge_complaints(picked, by=user, note=request.POST.get("note", ""))
            messages.success(request, f"已催办 {count} 件，承办单位已收到消息")
        else:
            raise WorkflowError("未知的批量操作")
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect(back)
