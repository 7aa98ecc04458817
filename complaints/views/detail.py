"""The complaint page and its actions by role."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.models import Event
from complaints import queries, workflow
from complaints.models import (
    COUNTERS,
    FINISHED,
    HANDED_OVER,
    MONEY_FIELDS,
    Complaint,
    HandlingState,
    IndustryCategory,
    PollutionType,
    Status,
    Verdict,
    VerificationKind,
)
from complaints.views.lists import ACTION_LABELS, STATUS_LABELS
from complaints.workflow.followup import CHECKABLE, EXTENDABLE
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import parse_date
from organisations.models import Region, Unit
from screening.pollution import suggest as suggest_types

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
    type_suggestions = suggest_types(complaint.text) if is_team_or_office else []
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
        "type_suggestions": type_suggestions,
        "type_suggestion_ids": ",".join(str(t.type_id) for t in type_suggestions),
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
        "industries": IndustryCategory.objects.filter(is_active=True),
        "figures": _previous_figures(complaint),
        "extensions": complaint.extensions.select_related("requested_by", "decided_by"),
        "verifications": complaint.verifications.select_related("recorded_by"),
        "verification_kinds": VerificationKind.choices,
        "today": timezone.localdate(),
        "records": complaint.accountability_records.visible_to(user).select_related("unit").with_form_names(),
        "urges": complaint.accountability_urges.visible_to(user).filter(status="open"),
        "shares": complaint.joint_shares.select_related("unit__region", "answered_by"),
        "may_answer_joint": user.has_role("handler")
        and complaint.status in HANDED_OVER
        and complaint.status not in FINISHED,
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
        if status in workflow.TRANSITIONS["reopen"][0]:
            actions.add("reopen")
        if c.rebound_reported_at and not c.rebound_handled_at:
            actions.add("answer_rebound")
        if status == Status.CLOSED:
            actions.add("start_check")
        if c.pending_extension is not None:
            actions.add("decide_extension")
    if roles & {"team", "office"} and status in CHECKABLE:
        actions.add("verify")
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
    if (
        roles & {"handler", "signer"} and is_lead and status in EXTENDABLE
        and not c.extended_at and c.pending_extension is None
    ):  # fmt: skip
        actions.add("extension")
    if status == Status.SIGNING and "signer" in roles and workflow._is_county_leader(user, c):
        actions |= {"sign_feedback", "decline_feedback"}
    return actions


def _counters(data) -> dict:
    """The figures typed on the form; a blank one carries over from the previous round. Money is read as
    typed, to the 分 (251,542.71), and checked by the workflow."""
    values = {}
    for name, label in COUNTERS:
        raw = (data.get(name) or "").strip()
        if not raw:
            continue
        if name in MONEY_FIELDS:
            values[name] = raw
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
            industry=IndustryCategory.objects.filter(pk=data.get("industry") or 0).first(),
        ),
        "forward": lambda: workflow.forward_complaints([complaint], by=user),
        "joint": lambda: workflow.answer_joint_part(complaint, by=user, answer=data.get("answer", "")),
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
        "reopen": lambda: workflow.reopen_complaint(complaint, by=user, reason=data.get("reason", "")),
        "answer_rebound": lambda: workflow.answer_rebound(complaint, by=user, reason=data.get("reason", "")),
        "extension": lambda: workflow.request_extension(complaint, by=user, reason=data.get("reason", "")),
        "decide_extension": lambda: workflow.decide_extension(
            _pending(complaint), by=user, approved=data.get("approved") == "yes", note=data.get("note", "")
        ),
        "start_check": lambda: workflow.start_acceptance([complaint], by=user),
        "verify": lambda: workflow.record_verification(
            complaint,
            by=user,
            kind=data.get("kind", ""),
            visited_on=parse_date(data.get("visited_on"), "visited_on"),
            inspectors=data.get("inspectors", ""),
            findings=data.get("findings", ""),
            confirmed=data.get("confirmed") == "yes",
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
        complaint.refresh_from_db()
        messages.success(
            request, DONE.get(action, "已保存").format(c=complaint, unit=complaint.lead_unit or "")
        )
    return redirect("complaint_detail", pk=pk)


# What each action did, as the message after it says it.
DONE = {
    "accept": "已受理 {c.number}，待组批交办",
    "reject": "已不予受理 {c.number}",
    "duplicate": "已将 {c.number} 合并为 {c.duplicate_of.number} 的重复件",
    "classify": "已更新 {c.number} 的分类和承办单位",
    "forward": "已转办 {c.number} 至{unit}",
    "joint": "已反馈本县（市、区）的合办情况，牵头单位已收到通知",
    "phone": "已记录电话确认（接电话人：{c.phone_answered_by}）",
    "phone_correction": "已更正电话确认（接电话人：{c.phone_answered_by}）",
    "sign_receipt": "已签收 {c.number}",
    "receipt_scan": "已上传签收回执",
    "feedback": "已提交反馈，待领导签字",
    "evidence": "已补充佐证材料",
    "sign_feedback": "已签字，反馈已报督察办审核",
    "decline_feedback": "已退回承办人修改反馈",
    "accept_feedback": "已审核通过：{c.number} {c.get_status_display}",
    "return_feedback": "已退回重办，理由已通知{unit}",
    "reopen": "已重新交办 {c.number} 至{unit}，反馈时限重新计算",
    "answer_rebound": "已答复问题反弹，理由已记录",
    "extension": "已提交延期申请，待督察办审批",
    "decide_extension": "已审批 {c.number} 的延期申请，{unit}已收到通知",
    "start_check": "{c.number} 已进入验收",
    "verify": "已登记现场核实：{c.number} {c.get_status_display}",
}


def _pending(complaint):
    request = complaint.pending_extension
    if request is None:
        raise WorkflowError("没有待审批的延期申请", field="state")
    return request


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
