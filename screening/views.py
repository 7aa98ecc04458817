"""The document desk: paste or upload a document as it arrives and get clean text, its figures and, from
a feedback report, a draft ledger of its problems to confirm into a report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ducha.errors import PermissionDeniedError, WorkflowError
from rectification import queries as rectification_queries
from rectification.models import PlanStatus
from rectification.workflow import add_problem
from screening import documents

KIND_LABELS = {
    "period": "期间", "deadline": "时限", "date": "日期", "money": "金额", "team": "督察组",
    "phone": "电话", "mailbox": "信箱", "count": "数量",
}  # fmt: skip


def _may_use(user) -> bool:
    return user.is_superuser or user.has_role("office", "team")


def _reports(user):
    return (
        rectification_queries.reports_for(user)
        .exclude(plan_status=PlanStatus.PUBLISHED)
        .order_by("-delivered_on")[:50]
    )


@login_required
def desk(request):
    user = request.user
    if not _may_use(user):
        raise PermissionDenied("只有督察组和督察办可以使用文档整理")
    context = {"reports": _reports(user), "kinds": KIND_LABELS}
    if request.method == "POST":
        try:
            upload = request.FILES.get("file")
            text = documents.text_of_upload(upload) if upload else request.POST.get("text", "")
            reading = documents.read(text)
        except WorkflowError as error:
            context.update(error=error, pasted=request.POST.get("text", ""))
            return render(request, "screening/desk.html", context, status=400)
        for figure in reading.figures:
            figure_label = KIND_LABELS.get(figure.kind, figure.kind)
            context.setdefault("figures", []).append((figure_label, figure.text))
        context.update(reading=reading, pasted=request.POST.get("text", ""))
    return render(request, "screening/desk.html", context)


@login_required
@require_POST
def confirm_problems(request):
    """Add the ticked problems, as edited, to the chosen report, numbered after its last one; all or none."""
    user = request.user
    report = rectification_queries.report_for(user, int(request.POST.get("report") or 0))
    texts = request.POST.getlist("problem")
    categories = request.POST.getlist("category")
    chosen = {int(i) for i in request.POST.getlist("take") if i.isdigit()}
    rows = [
        (texts[i].strip(), categories[i] if i < len(categories) else "")
        for i in sorted(chosen)
        if i < len(texts)
    ]
    rows = [(text, category) for text, category in rows if text]
    if not rows:
        messages.error(request, "没有勾选问题")
        return redirect("screening_desk")
    try:
        with transaction.atomic():
            for text, category in rows:
                add_problem(report, by=user, text=text, category=category)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect("screening_desk")
    messages.success(request, f"已登记 {len(rows)} 个问题，请逐个制定整改任务")
    return redirect("report_detail", report.pk)
