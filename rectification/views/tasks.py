"""A task: its page with every step and the actions on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.models import Event
from ducha.errors import WorkflowError
from ducha.inputs import parse_date
from organisations.scope import scope_of
from rectification import queries, schedule, workflow
from rectification.models import (
    Action,
    Objection,
    Progress,
    SignLevel,
    TaskStatus,
)
from rectification.views.base import _is_office, _labelled


@login_required
def task_detail(request, pk):
    user = request.user
    task = queries.task_for(user, pk)
    is_office = _is_office(user) and scope_of(user).covers(task.region_prefix)
    is_unit = user.unit_id == task.lead_unit_id and user.has_role("handler", "signer")
    allowed = set()
    if task.status == TaskStatus.RECTIFYING:
        if is_office or is_unit:
            allowed |= {"report", "apply"}
        if is_office:
            allowed |= {"warning", "deadline"}
    if task.status == TaskStatus.APPLIED and is_office:
        allowed.add("site_check")
    if task.status == TaskStatus.SIGNING and workflow.can_sign(user, task):
        allowed.add("sign")
    if task.status == TaskStatus.NOTICE and is_office:
        allowed.add("close")
    pending = task.extensions.filter(state="pending").first()
    if is_unit and task.status == TaskStatus.RECTIFYING and task.due_on and pending is None:
        allowed.add("extension")
    if is_office and pending is not None:
        allowed.add("decide_extension")
    acceptances = task.acceptances.prefetch_related("signoffs__signed_by", "objections", "files")
    reports = task.reports.select_related("reported_by").prefetch_related("files")[:50]
    today = timezone.localdate()
    line = []
    if task.due_on:
        points = schedule.schedule_points(
            task.starts_on, task.due_on, task.milestones.values_list("due_on", "percent")
        )
        line = [[d.isoformat(), p] for d, p in points]
    context = {
        "task": task,
        "allowed": allowed,
        "is_office": is_office,
        "reports": reports,
        "acceptances": acceptances,
        "actions": Action.objects.filter(task=task).order_by("-issued_on", "-pk"),
        "events": _labelled(
            Event.objects.filter(subject_type="rectification.task", subject_id=str(task.pk))
            .select_related("actor")
            .order_by("at", "pk")
        ),
        "progress_choices": [(v, label) for v, label in Progress.choices if v != Progress.CLOSED],
        "expected": workflow.schedule_percent(task, today),
        "sign_level_label": SignLevel(task.sign_level).label if task.sign_level else "",
        "chart": {
            "line": line,
            "reported": [[r.reported_at.date().isoformat(), r.percent] for r in reversed(list(reports))],
            "today": today.isoformat(),
        },
        "today": today,
        "pending_extension": pending,
        "extensions": task.extensions.select_related("requested_by", "decided_by"),
    }
    return render(request, "rectification/task.html", context)


@login_required
@require_POST
def task_action(request, pk, action):
    user = request.user
    task = queries.task_for(user, pk)
    data = request.POST
    files = request.FILES.getlist("files")
    steps = {
        "report": lambda: workflow.report_progress(
            task, by=user, text=data.get("text", ""), percent=data.get("percent"), progress=data.get("progress") or None,
            files=files, key=data.get("key") or None,
        ),
        "apply": lambda: workflow.apply_for_acceptance(task, by=user, summary=data.get("summary", ""), files=files),
        "warning": lambda: workflow.raise_warning(task, by=user, level=data.get("level", ""), reason=data.get("reason", "")),
        "deadline": lambda: workflow.change_deadline(
            task, by=user, due_on=parse_date(data.get("due_on"), "due_on"), reason=data.get("reason", "")
        ),
        "site_check": lambda: workflow.record_site_check(
            task, by=user, checked_on=parse_date(data.get("checked_on"), "checked_on"), inspectors=data.get("inspectors", ""),
            record=data.get("record", ""), passed=data.get("passed") == "yes",
        ),
        "sign": lambda: workflow.sign_off(task, by=user, approved=data.get("approved") == "yes", comment=data.get("comment", "")),
        "objection": lambda: workflow.handle_objection(
            get_object_or_404(Objection, pk=data.get("objection") or 0, acceptance__task=task), by=user,
            upheld=data.get("upheld") == "yes", response=data.get("response", ""),
        ),
        "close": lambda: workflow.close_task(task, by=user),
        "extension": lambda: workflow.request_task_extension(
            task, by=user, due_on=parse_date(data.get("due_on"), "due_on"), reason=data.get("reason", "")
        ),
        "decide_extension": lambda: workflow.decide_task_extension(
            get_object_or_404(task.extensions, state="pending"), by=user, approved=data.get("approved") == "yes",
            note=data.get("note", ""),
        ),
    }  # fmt: skip
    if action not in steps:
        raise Http404
    try:
        steps[action]()
        messages.success(request, TASK_DONE.get(action, "已保存").format(t=task))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("task_detail", task.pk)


# What each step did, as the message after it says it.
TASK_DONE = {
    "report": "已报送 {t.code} 的本期整改进展",
    "apply": "已申请验收 {t.code}，待现场核查",
    "warning": "已对 {t.code} 发出预警，责任单位已收到",
    "deadline": "已调整 {t.code} 的完成时限",
    "site_check": "已记录 {t.code} 的现场核查",
    "sign": "已签署 {t.code} 的验收意见",
    "objection": "已答复对 {t.code} 公示的异议",
    "close": "已销号 {t.code}",
    "extension": "已提交 {t.code} 的延期申请，待整改办审批",
    "decide_extension": "已审批 {t.code} 的延期申请，责任单位已收到通知",
}
