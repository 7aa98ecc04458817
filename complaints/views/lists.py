"""The complaint list: queues by role, filters, labels shared by the pages."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from complaints import queries
from complaints.models import (
    Status,
)
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
}


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
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
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
    }
    template = (
        "complaints/_rows.html" if request.htmx and not request.htmx.boosted else "complaints/list.html"
    )
    return render(request, template, context)
