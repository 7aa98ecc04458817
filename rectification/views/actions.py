"""Notices, letters, interviews and circulars; spot checks; scoped file downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ducha.errors import WorkflowError
from ducha.inputs import parse_date
from ducha.official import respond
from ducha.views import serve_upload
from rectification import documents, queries, workflow
from rectification.models import (
    ActionKind,
    Finding,
    SpotCheck,
)
from rectification.views.base import _is_office


@login_required
def action_list(request):
    user = request.user
    kind = request.GET.get("kind") or None
    rows = (
        queries.actions_for(user, kind=kind)
        .select_related("report__region", "unit")
        .prefetch_related("listed_units")
    )
    if (one := request.GET.get("id", "")).isdigit():  # opened from an assessment's deduction
        rows = rows.filter(pk=one)
    page = Paginator(rows, 40).get_page(request.GET.get("page"))
    return render(
        request,
        "rectification/actions.html",
        {"page": page, "kind": kind, "kinds": ActionKind.choices, "is_office": _is_office(user)},
    )


@login_required
def action_document(request, pk):
    action = get_object_or_404(queries.actions_for(request.user), pk=pk)
    return respond(documents.action_document(action), request)


@login_required
@require_POST
def action_distribution(request, pk):
    action = get_object_or_404(queries.actions_for(request.user), pk=pk)
    raw = request.POST.get("copies", "").strip()
    try:
        workflow.set_distribution(
            action,
            by=request.user,
            main_to=request.POST.get("main_to", ""),
            copy_to=request.POST.get("copy_to", ""),
            copies=int(raw) if raw.isdigit() else None,
        )
        messages.success(request, "已保存发送范围和份数")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/rectification/") else "action_list")


@login_required
@require_POST
def interview(request, pk):
    action = get_object_or_404(queries.actions_for(request.user), pk=pk)
    try:
        workflow.record_interview(
            action,
            by=request.user,
            held_on=parse_date(request.POST.get("held_on"), "held_on"),
            record=request.POST.get("record", ""),
        )
        messages.success(request, "已记录约谈")
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect(request.POST.get("next") or "action_list")


@login_required
def spot_check_detail(request, pk):
    user = request.user
    spot = get_object_or_404(SpotCheck.objects.visible_to(user), pk=pk)
    if request.method == "POST":
        item = get_object_or_404(spot.items, pk=request.POST.get("item") or 0)
        try:
            workflow.record_spot_finding(
                item, by=user, finding=request.POST.get("finding", ""), note=request.POST.get("note", ""),
                person_name=request.POST.get("person_name", ""), post=request.POST.get("post", ""),
                form=request.POST.get("form", ""),
            )  # fmt: skip
            messages.success(request, "已录入抽查结论")
        except WorkflowError as exc:
            messages.error(request, exc.message)
        return redirect("spot_check_detail", spot.pk)
    from accountability.models import FormOfAccountability

    items = spot.items.select_related("task__lead_unit", "task__problem").filter(
        task__in=queries.tasks_for(user)
    )
    return render(
        request,
        "rectification/spot_check.html",
        {
            "spot": spot,
            "items": items,
            "findings": Finding.choices,
            "forms": FormOfAccountability.objects.filter(is_active=True).values_list("code", "name"),
            "is_office": _is_office(user),
        },
    )


@login_required
def task_file(request, pk):
    from rectification.models import TaskFile

    upload = get_object_or_404(TaskFile, pk=pk, task__in=queries.tasks_for(request.user))
    return serve_upload(upload.file, upload.name)


@login_required
def report_attachment(request, pk):
    report = queries.report_for(request.user, pk)
    return serve_upload(report.attachment, "")
