"""Pages of loop C's accountability: the records, the discipline group's queue, registering a record
from what it answers to, and the record page with its decision, execution and audit."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accountability import queries, workflow
from accountability.models import CadreLevel, FormOfAccountability, SourceKind
from audit.models import Event
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import parse_date
from organisations.models import Unit

TABS = [
    ("", gettext_noop("全部")),
    ("proposed", gettext_noop("待决定")),
    ("to_verify", gettext_noop("待核实")),
    ("insufficient", gettext_noop("追责不到位")),
    ("overdue", gettext_noop("决定超期")),
    ("sampled", gettext_noop("抽查中")),
]
ACTION_LABELS = {
    "registered": gettext_noop("登记问责"),
    "decided": gettext_noop("作出问责决定"),
    "carried_out": gettext_noop("问责已执行"),
    "verified": gettext_noop("核实"),
    "found_insufficient": gettext_noop("认定追责不到位"),
}


@login_required
def record_list(request):
    user = request.user
    tab = request.GET.get("tab", "")
    rows = queries.records_for(user, tab=tab, q=request.GET.get("q", "").strip()[:40])
    return render(
        request,
        "accountability/list.html",
        {
            "page": Paginator(rows, 40).get_page(request.GET.get("page")),
            "tab": tab,
            "tabs": TABS,
            "q": request.GET.get("q", ""),
            "figures": queries.figures(user),
            "may_register": user.has_role("office", "discipline", "handler"),
            "may_queue": user.has_role("office", "discipline"),
            "is_discipline": user.has_role("discipline"),
        },
    )


@login_required
def queue(request):
    """督办监察组's queue: where accountability is due but missing, and the records awaiting audit."""
    user = request.user
    if not user.has_role("discipline", "office"):
        raise PermissionDenied("问责督办队列供纪检监察机关（督办监察组）和督察办使用")
    sections = {
        "complaints": queries.complaints_missing_records(user)[:100],
        "interviews": queries.interviews_without_records(user)[:100],
        "findings": queries.findings_without_records(user)[:100],
        "liaison": queries.liaison_findings_without_records(user)[:100],
    }
    fields = {
        "complaints": "complaint",
        "interviews": "interview",
        "findings": "spot_check_item",
        "liaison": "liaison_finding",
    }
    for name in fields:
        sections[name] = list(sections[name])
    open_urges = queries.open_urges_by_case(
        user, {fields[n]: [row.pk for row in sections[n]] for n in fields}
    )
    for name, field in fields.items():
        for row in sections[name]:
            row.open_urge = open_urges.get((field, row.pk))
    return render(
        request,
        "accountability/queue.html",
        {
            "counts": queries.queue_counts(user),
            **sections,
            "overdue": queries.overdue_decisions(user).select_related("unit")[:100],
            "is_discipline": user.has_role("discipline"),
        },
    )


def _linked(request, source):
    """What the new record answers to, found through the user's own scope."""
    from complaints.models import Complaint
    from rectification.models import Action, SpotCheckItem, Task

    user = request.user
    linked = {
        "complaints": [], "task": None, "interview": None, "spot_check_item": None, "liaison_finding": None,
        "unit": None, "reason": "",
    }  # fmt: skip
    if pk := source.get("complaint"):
        complaint = get_object_or_404(Complaint.objects.visible_to(user).select_related("lead_unit"), pk=pk)
        linked.update(complaints=[complaint], unit=complaint.lead_unit)
        linked["reason"] = (
            f"信访举报件 {complaint.number} 经查属实，{complaint.accountability or '需追究相关人员责任'}"
        )
    if pk := source.get("interview"):
        interview = get_object_or_404(Action.objects.visible_to(user).select_related("task"), pk=pk)
        linked.update(interview=interview, task=interview.task, unit=interview.unit)
        linked["reason"] = (
            f"约谈（{interview.held_on or interview.issued_on}）：{interview.record or interview.reason}"
        )
    if pk := source.get("finding"):
        item = get_object_or_404(
            SpotCheckItem.objects.filter(task__in=Task.objects.visible_to(user)).select_related(
                "task__lead_unit"
            ),
            pk=pk,
        )
        linked.update(spot_check_item=item, task=item.task, unit=item.task.lead_unit)
        linked["reason"] = f"整改任务 {item.task.code} 抽查发现{item.get_finding_display()}：{item.note}"
    if pk := source.get("liaison"):
        from liaison.models import Finding

        finding = get_object_or_404(
            Finding.objects.visible_to(user).select_related("unit", "task", "visit"), pk=pk
        )
        linked.update(liaison_finding=finding, task=finding.task, unit=finding.unit)
        linked["reason"] = (
            f"包联督导检查（{finding.visit.visited_on}，{finding.visit.place}）发现"
            f"{finding.get_kind_display()}：{finding.description}"
        )
    if pk := source.get("task"):
        task = get_object_or_404(Task.objects.visible_to(user).select_related("lead_unit"), pk=pk)
        linked.update(task=task, unit=linked["unit"] or task.lead_unit)
    return linked


@login_required
def record_new(request):
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    linked = _linked(request, source)
    error = None
    if request.method == "POST":
        data = request.POST
        unit = Unit.objects.visible_to(user).filter(pk=data.get("unit") or 0).first()
        try:
            record = workflow.register_record(
                by=user,
                unit=unit,
                person_name=data.get("person_name", ""),
                post=data.get("post", ""),
                cadre_level=data.get("cadre_level", CadreLevel.OTHER),
                reason=data.get("reason", ""),
                form=data.get("form", ""),
                source_kind=_source_kind(linked),
                complaints=linked["complaints"],
                task=linked["task"],
                interview=linked["interview"],
                spot_check_item=linked["spot_check_item"],
                liaison_finding=linked["liaison_finding"],
                decided_by=data.get("decided_by", ""),
                decided_on=parse_date(data.get("decided_on"), "decided_on", required=False),
                document_number=data.get("document_number", ""),
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from None
        except WorkflowError as exc:
            error = exc
        else:
            messages.success(request, f"已登记：{record.person_name}")
            return redirect("accountability_record", record.pk)
    return render(
        request,
        "accountability/new.html",
        {
            "linked": linked,
            "values": request.POST if request.method == "POST" else {},
            "error": error,
            "forms": FormOfAccountability.objects.filter(is_active=True),
            "levels": CadreLevel.choices,
            "units": Unit.objects.visible_to(user)
            .select_related("region")
            .order_by("region__code", "name")[:500],
        },
    )


def _source_kind(linked) -> str:
    if linked["spot_check_item"] is not None:
        return SourceKind.SPOT_CHECK
    if linked["liaison_finding"] is not None:
        return SourceKind.LIAISON
    if linked["interview"] is not None:
        return SourceKind.INTERVIEW
    if linked["complaints"]:
        return SourceKind.FEEDBACK
    return SourceKind.MANUAL


@login_required
def record_detail(request, pk):
    user = request.user
    record = queries.record_for(user, pk)
    events = list(Event.objects.about(record)[:100])
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
    return render(
        request,
        "accountability/detail.html",
        {
            "r": record,
            "events": events,
            "complaints": record.complaints.all(),
            "forms": FormOfAccountability.objects.filter(is_active=True),
            "is_discipline": user.has_role("discipline"),
            "may_decide": user.has_role("office", "discipline"),
            "today": dt.date.today(),
        },
    )


@login_required
@require_POST
def record_action(request, pk, action):
    user = request.user
    record = queries.record_for(user, pk)
    data = request.POST
    steps = {
        "decide": lambda: workflow.decide_record(
            record,
            by=user,
            form=data.get("form", ""),
            decided_by=data.get("decided_by", ""),
            decided_on=parse_date(data.get("decided_on"), "decided_on", required=False),
            document_number=data.get("document_number", ""),
        ),
        "carry_out": lambda: workflow.carry_out_record(
            record, by=user, carried_out_on=parse_date(data.get("carried_out_on"), "carried_out_on")
        ),
        "verify": lambda: workflow.verify_record(record, by=user, note=data.get("note", "")),
        "reject": lambda: workflow.reject_record(record, by=user, reason=data.get("reason", "")),
    }
    if action not in steps:
        raise Http404
    try:
        steps[action]()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from None
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, RECORD_DONE.get(action, "已保存").format(r=record))
    return redirect("accountability_record", record.pk)


# What each step did, as the message after it says it.
RECORD_DONE = {
    "decide": "已登记问责决定：{r.person_name}",
    "carry_out": "已登记执行情况：{r.person_name}",
    "verify": "已核实：{r.person_name}",
    "reject": "已退回登记单位补正：{r.person_name}",
}
