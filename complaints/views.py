"""Staff pages of loop A: queues, intake, the complaint page with its actions, batches, statistics."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from audit.models import Event
from complaints import queries, workflow
from complaints.models import (
    COUNTERS,
    BatchStatus,
    Channel,
    Complaint,
    HandlingState,
    PollutionType,
    Status,
    Verdict,
)
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.views import serve_upload
from inspections.queries import inspection_for, inspections_for
from organisations.models import Region, Unit

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


# --- intake -------------------------------------------------------------------------------------


def _intake_context(user, inspection, values=None, error=None, created=None):
    return {
        "inspection": inspection,
        "inspections": [i for i in inspections_for(user) if i.stage in ("stationed", "preparation")]
        or list(inspections_for(user)[:20]),
        "counties": queries.target_counties(inspection) if inspection else [],
        "types": queries.pollution_type_tree(),
        "channels": Channel.choices,
        "values": values or {},
        "error": error,
        "created": created,
        # A fresh key per form: a double click or a resent request registers one complaint.
        "form_key": uuid.uuid4().hex,
    }


@login_required
def complaint_intake(request):
    """The hotline operator's form: keyboard only, posted by htmx, ready for the next call at once."""
    user = request.user
    if not user.has_role("team", "office"):
        raise PermissionDenied("只有督察组和督察办可以受理举报")
    code = request.POST.get("inspection") or request.GET.get("inspection")
    inspection = inspection_for(user, code) if code else None
    if inspection is None:
        candidates = _intake_context(user, None)["inspections"]
        inspection = candidates[0] if candidates else None
    if request.method != "POST":
        return render(request, "complaints/intake.html", _intake_context(user, inspection))
    data = request.POST
    region = Region.objects.filter(code=data.get("region")).first()
    try:
        complaint, _ = workflow.register_complaint(
            by=user,
            inspection=inspection,
            channel=data.get("channel", ""),
            text=data.get("text", ""),
            address=data.get("address", ""),
            region=region,
            pollution_types=PollutionType.objects.filter(pk__in=data.getlist("types")),
            reporter_name=data.get("reporter_name", ""),
            reporter_phone=data.get("reporter_phone", ""),
            is_anonymous=data.get("is_anonymous") == "on",
            is_key_case=data.get("is_key_case") == "on",
            idempotency_key=data.get("idempotency_key"),
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        context = _intake_context(user, inspection, values=data, error=error)
        return render(
            request, "complaints/_intake_form.html" if request.htmx else "complaints/intake.html", context
        )
    context = _intake_context(user, inspection, values={"channel": data.get("channel")}, created=complaint)
    return render(
        request, "complaints/_intake_form.html" if request.htmx else "complaints/intake.html", context
    )


@login_required
def intake_hints(request):
    """Live hints while typing: the county named in the address, and similar earlier complaints.
    For screeners (team and office) only; the county must be one of the inspection's targets."""
    user = request.user
    if not user.has_role("team", "office"):
        raise PermissionDenied("只有督察组和督察办可以查看受理提示")
    inspection = inspection_for(user, request.GET.get("inspection", ""))
    address, text = request.GET.get("address", ""), request.GET.get("text", "")
    counties = {r.code: r for r in queries.target_counties(inspection)}
    region = counties.get(request.GET.get("region") or "") or queries.suggest_region(
        inspection, address + text
    )
    similar = (
        list(queries.similar_complaints(text, user=user, inspection=inspection, region=region))
        if len(text) >= 8
        else []
    )
    return render(
        request,
        "complaints/_hints.html",
        {"suggested": region, "similar": similar, "picked": request.GET.get("region")},
    )


# --- the complaint page and its actions ---------------------------------------------------------


@login_required
def complaint_detail(request, pk):
    user = request.user
    complaint = queries.complaint_for(user, pk)
    events = list(Event.objects.about(complaint).select_related("actor")[:100])
    for event in events:
        event.from_label = STATUS_LABELS.get(event.from_state, event.from_state)
        event.to_label = STATUS_LABELS.get(event.to_state, event.to_state)
        event.label = ACTION_LABELS.get(event.action, event.action)
    is_team_or_office = user.is_superuser or user.has_role("team", "office")
    context = {
        "c": complaint,
        "events": events,
        "feedbacks": _feedbacks(complaint),
        "actions": available_actions(user, complaint),
        "similar": list(
            queries.similar_complaints(
                complaint, user=user, inspection=complaint.inspection, region=complaint.region
            )
        )
        if is_team_or_office and complaint.status in (Status.REGISTERED, Status.ACCEPTED)
        else [],
        "may_reveal": workflow.may_reveal_reporter(user, complaint),
        "types": queries.pollution_type_tree(),
        "counties": queries.target_counties(complaint.inspection),
        "units": Unit.objects.visible_to(user)
        .filter(region__prefix__startswith=complaint.region_prefix[:4])
        .select_related("region")
        .order_by("region__code", "name")[:200]
        if is_team_or_office
        else [],
        "verdicts": Verdict.choices,
        "handling_states": HandlingState.choices,
        "counters": COUNTERS,
        "figures": _previous_figures(complaint),
    }
    return render(request, "complaints/detail.html", context)


def _previous_figures(complaint):
    """The counters a new feedback round starts from: the last round's, else the accepted ones."""
    previous = complaint.feedbacks.order_by("-round").first()
    figures = (previous or complaint).counters()
    return [(name, label, figures[name]) for name, label in COUNTERS]


def _feedbacks(complaint):
    rounds = list(
        complaint.feedbacks.select_related("written_by", "signed_by", "decided_by").prefetch_related(
            "evidence"
        )
    )
    for feedback in rounds:
        feedback.late_local_text = workflow.format_delay(feedback.late_local_seconds)
        feedback.late_team_text = workflow.format_delay(feedback.late_team_seconds)
    return rounds


def available_actions(user, c: Complaint) -> set[str]:
    """What the page offers this user now; the workflow checks again when they act."""
    roles = set(user.role_codes) | ({"team", "office", "handler", "signer"} if user.is_superuser else set())
    status = c.status
    actions = set()
    if roles & {"team", "office"} and status in (Status.REGISTERED, Status.ACCEPTED):
        actions |= {"classify", "duplicate"}
        if status == Status.REGISTERED:
            actions |= {"accept", "reject"}
    if "office" in roles:
        if status == Status.TRANSFERRED:
            actions.add("forward")
        if status == Status.FORWARDED and not c.phone_confirmed_at:
            actions.add("phone")
        elif c.phone_confirmed_at and status in (Status.FORWARDED, Status.RECEIVED):
            actions.add("phone_correction")
        if status == Status.REVIEWING:
            actions |= {"accept_feedback", "return_feedback"}
    if (
        status == Status.FORWARDED
        and not c.receipt_signed_at
        and "signer" in roles
        and workflow._is_county_leader(user, c)
    ):
        actions.add("sign_receipt")
    if status == Status.FORWARDED and not c.receipt_scan and roles & {"handler", "office"}:
        actions.add("receipt_scan")
    is_lead = user.is_superuser or (user.unit_id is not None and user.unit_id == c.lead_unit_id)
    if "handler" in roles and is_lead and status in workflow.TRANSITIONS["submit_feedback"][0]:
        actions.add("feedback")
    if "handler" in roles and is_lead and status == Status.SIGNING:
        actions.add("evidence")
    if status == Status.SIGNING and "signer" in roles and workflow._is_county_leader(user, c):
        actions |= {"sign_feedback", "decline_feedback"}
    return actions


def _counters(data) -> dict[str, int]:
    """The figures typed on the form; a blank one carries over from the previous round."""
    values = {}
    for name, label in COUNTERS:
        raw = (data.get(name) or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or len(raw) > 10:
            raise WorkflowError(f"“{label}”须为非负整数", field=name)
        values[name] = int(raw)
    return values


@login_required
@require_POST
def complaint_action(request, pk, action):
    user = request.user
    complaint = queries.complaint_for(user, pk)
    data = request.POST
    units = Unit.objects.visible_to(user)
    steps = {
        "accept": lambda: workflow.accept_complaint(
            complaint,
            by=user,
            lead_unit=units.filter(pk=data.get("lead_unit") or 0).first(),
            note=data.get("note", ""),
        ),
        "reject": lambda: workflow.reject_complaint(
            complaint, by=user, reason=data.get("reason", ""), referral=data.get("referral", "")
        ),
        "duplicate": lambda: workflow.mark_duplicate(
            complaint, by=user, original=queries.complaint_by_number(user, data.get("original", "").strip())
        ),
        "classify": lambda: workflow.classify_complaint(
            complaint,
            by=user,
            region=Region.objects.filter(code=data.get("region")).first(),
            pollution_types=PollutionType.objects.filter(pk__in=data.getlist("types")),
            is_key_case=data.get("is_key_case") == "on",
            lead_unit=units.filter(pk=data.get("lead_unit") or 0).first(),
            co_units=list(units.filter(pk__in=data.getlist("co_units"))),
        ),
        "forward": lambda: workflow.forward_complaints([complaint], by=user),
        "phone": lambda: workflow.confirm_by_phone(
            complaint, by=user, answered_by=data.get("answered_by", "")
        ),
        "phone_correction": lambda: workflow.correct_phone_confirmation(
            complaint, by=user, answered_by=data.get("answered_by", ""), reason=data.get("reason", "")
        ),
        "sign_receipt": lambda: workflow.sign_receipt(complaint, by=user),
        "receipt_scan": lambda: workflow.upload_receipt_scan(
            complaint, by=user, upload=_one_file(request, "receipt_scan")
        ),
        "feedback": lambda: workflow.submit_feedback(
            complaint,
            by=user,
            findings=data.get("findings", ""),
            verdict=data.get("verdict", ""),
            measures=data.get("measures", ""),
            accountability=data.get("accountability", ""),
            handling_state=data.get("handling_state", ""),
            counters=_counters(data),
            correction=data.get("correction", ""),
            files=request.FILES.getlist("evidence"),
        ),
        "evidence": lambda: workflow.add_evidence(
            complaint, by=user, files=request.FILES.getlist("evidence")
        ),
        "sign_feedback": lambda: workflow.sign_feedback(complaint, by=user),
        "decline_feedback": lambda: workflow.decline_feedback(
            complaint, by=user, reason=data.get("reason", "")
        ),
        "accept_feedback": lambda: workflow.accept_feedback(complaint, by=user, note=data.get("note", "")),
        "return_feedback": lambda: workflow.return_feedback(
            complaint, by=user, reason=data.get("reason", "")
        ),
    }
    if action not in steps:
        raise Http404
    try:
        steps[action]()
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已保存")
    return redirect("complaint_detail", pk=pk)


def _one_file(request, name):
    upload = request.FILES.get(name)
    if upload is None:
        raise WorkflowError("请选择文件", field=name)
    return upload


@login_required
@require_POST
def reveal_reporter(request, pk):
    complaint = queries.complaint_for(request.user, pk)
    try:
        identity = workflow.reveal_reporter(complaint, by=request.user)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    return render(request, "complaints/_reporter.html", {"identity": identity})


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
    return render(
        request,
        "complaints/transfer_order.html",
        {"batch": batch, "rows": rows, "inspection": batch.inspection},
    )


# --- statistics ---------------------------------------------------------------------------------


@login_required
def statistics(request, code):
    user = request.user
    inspection = inspection_for(user, code)
    figures = queries.statistics(inspection, user)
    by_region = queries.figures_by_region(inspection, user)
    by_type = queries.figures_by_pollution_type(inspection, user)
    funnel = [
        ("收到", figures["received"]),
        ("受理", figures["accepted"]),
        ("合并重复后", figures["merged"]),
        ("转办", figures["transferred"]),
        ("办结", figures["closed"]),
        ("阶段性办结", figures["stage_closed"]),
        ("正在办理", figures["in_progress"]),
    ]
    charts = {
        "regions": [r["region__name"] for r in by_region],
        "closed": [r["closed"] for r in by_region],
        "stage_closed": [r["stage_closed"] for r in by_region],
        "open": [r["transferred"] - r["closed"] - r["stage_closed"] for r in by_region],
        "types": [{"name": t["name"], "value": t["count"]} for t in by_type],
        "funnel": [{"name": n, "value": v} for n, v in funnel],
    }
    return render(
        request,
        "complaints/statistics.html",
        {
            "inspection": inspection,
            "figures": figures,
            "funnel": funnel,
            "by_region": by_region,
            "counters": [(label, figures[name]) for name, label in COUNTERS],
            "charts": charts,
        },
    )


@login_required
def receipt_scan(request, pk):
    complaint = queries.complaint_for(request.user, pk)
    return serve_upload(
        complaint.receipt_scan, f"{complaint.number}签收回执.{complaint.receipt_scan.name.rsplit('.', 1)[-1]}"
    )


@login_required
def evidence_file(request, pk):
    from complaints.models import Evidence

    evidence = get_object_or_404(
        Evidence, pk=pk, feedback__complaint__in=Complaint.objects.visible_to(request.user)
    )
    return serve_upload(evidence.file, evidence.name)
