"""The discipline group's oversight (督办监察组, seed 003), one function per write:

- `urge_accountability`: a numbered letter telling a unit to hold someone accountable by a date; a record
  registered for the same case answers it (`answer_urges`);
- `request_supervision` / `reply_supervision`: the patrol and petition groups ask the discipline group to
  act on poor handling (办理不及时、不到位、机制不顺畅), and it replies;
- `transfer_clue` / `record_transfer_outcome`: 移交移送, only once the inspection has reached that stage;
- `sample_key_records`: a reproducible draw of records on key complaints to check (抽查重点信访件问责情况).
"""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from accountability.models import (
    ClueTransfer,
    ReceiverKind,
    Record,
    RecordStatus,
    RequestKind,
    SupervisionRequest,
    TransferStatus,
    Urge,
    UrgeStatus,
)
from accounts.models import User
from audit.workflow import record_event
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import required_text
from notices.workflow import notify, notify_units
from organisations.models import Unit
from organisations.scope import scope_of

UNIT_ROLES = ("handler", "signer")
TRANSFER_STAGES = ("handover", "rectification", "archived")
SAMPLE_MAX = 50


def _require(by, prefix: str, *roles: str, what: str) -> None:
    if by.is_superuser:
        return
    if not by.has_role(*roles):
        raise PermissionDeniedError(f"您的角色不能{what}")
    if not scope_of(by).covers(prefix):
        raise PermissionDeniedError("不在您的管辖范围内")


def _issuer(by) -> Unit:
    if by.unit_id is None:
        raise PermissionDeniedError("账户未归属单位，不能发文")
    # The issuer's row is the lock that numbers its letters one after another.
    return Unit.objects.select_for_update().select_related("region").get(pk=by.unit_id)


def discipline_users_over(prefix: str):
    """Active discipline accounts whose area contains `prefix` (the city's group sees a county's case)."""
    ancestors = [prefix[:n] for n in (0, 2, 4, 6, 9) if n <= len(prefix)]
    return (
        User.objects.with_role("discipline")
        .filter(is_active=True, unit__region__prefix__in=ancestors)
        .distinct()
    )


# --- urging accountability ---------------------------------------------------------------------------


@transaction.atomic
def urge_accountability(
    *, by, unit: Unit, reason: str, due_on: dt.date, complaint=None, task=None, interview=None,
    spot_check_item=None, liaison_finding=None,
) -> Urge:  # fmt: skip
    """督促问责: one numbered letter about one case, to the unit that must act, with a deadline."""
    if unit is None:
        raise WorkflowError("请选择督促对象单位", field="unit")
    _require(by, unit.region.prefix, "discipline", what="督促问责")
    reason = required_text(reason, field="reason", label="督促事由", limit=2000)
    today = timezone.localdate()
    if due_on is None or due_on <= today:
        raise WorkflowError("问责时限应晚于今天", field="due_on")
    if due_on > today + dt.timedelta(days=366):
        raise WorkflowError("问责时限不能超过一年", field="due_on")
    links = {
        "complaint": complaint, "task": task, "interview": interview,
        "spot_check_item": spot_check_item, "liaison_finding": liaison_finding,
    }  # fmt: skip
    given = {k: v for k, v in links.items() if v is not None}
    if len(given) != 1:
        raise WorkflowError("督促问责须针对一件举报、一项任务、一次约谈或一项发现", field="case")
    ((field, case),) = given.items()
    if Urge.objects.filter(status=UrgeStatus.OPEN, **{field: case}).exists():
        raise WorkflowError("该事项已有督促中的问责函", field="case", code="duplicate")
    issuer = _issuer(by)
    year = today.year
    last = Urge.objects.filter(issuer=issuer, year=year).aggregate(n=Max("sequence"))["n"] or 0
    prefix = issuer.short_name or issuer.region.name
    urge = Urge.objects.create(
        number=f"{prefix}督问〔{year}〕{last + 1}号", year=year, sequence=last + 1, issuer=issuer, unit=unit,
        reason=reason, due_on=due_on, region_prefix=unit.region.prefix, created_by=by, **given,
    )  # fmt: skip
    record_event(urge, by=by, action="urged", to_state=UrgeStatus.OPEN, note=f"{urge.number} → {unit.name}")
    if hasattr(case, "pk") and field in ("complaint", "task"):
        record_event(case, by=by, action="accountability_urged", note=urge.number)
    message = {
        "title": f"督促问责：{urge.number}，请于 {due_on:%Y-%m-%d} 前问责到位",
        "body": reason[:200], "link": f"/accountability/urges/{urge.pk}/", "level": "danger",
        "key": f"urge:{urge.pk}", "sms": True,
    }  # fmt: skip
    transaction.on_commit(lambda: notify_units([unit.pk], UNIT_ROLES, **message))
    return urge


def answer_urges(record: Record, complaints=()) -> int:
    """A record for a case answers the open letters about it (one UPDATE). A letter about a complaint is
    answered once the complaint has as many records as its feedback counts people held accountable."""
    from complaints.models import Complaint

    match = Q()
    if complaints:
        backed = (
            Complaint.objects.filter(pk__in=[c.pk for c in complaints])
            .annotate(recorded=Count("accountability_records", distinct=True))
            .filter(recorded__gte=F("accountable_people"))
            .values("pk")
        )
        match |= Q(complaint__in=backed)
    for field in ("task", "interview", "spot_check_item", "liaison_finding"):
        value = getattr(record, f"{field}_id")
        if value is not None:
            match |= Q(**{f"{field}_id": value})
    if not match:
        return 0
    return Urge.objects.filter(match, status=UrgeStatus.OPEN).update(
        status=UrgeStatus.ANSWERED, answered_at=timezone.now()
    )


# --- supervision requests ----------------------------------------------------------------------------


@transaction.atomic
def request_supervision(
    *, by, subject_unit: Unit, kind: str, description: str, complaints=()
) -> SupervisionRequest:
    """监察申请 from the patrol group or the petition group (team accounts) or the office."""
    if subject_unit is None:
        raise WorkflowError("请选择被申请监察的单位", field="subject_unit")
    _require(by, subject_unit.region.prefix, "team", "office", what="提出监察申请")
    if kind not in RequestKind.values:
        raise WorkflowError("事由类别应为：办理工作机制不顺畅 / 办理不及时 / 办理不到位", field="kind")
    description = required_text(description, field="description", label="情况说明", limit=2000)
    complaints = list(complaints)
    scope = scope_of(by)
    for complaint in complaints:
        if not scope.covers(complaint.region_prefix):
            raise PermissionDeniedError(f"举报件 {complaint.number} 不在您的管辖范围内")
    issuer = _issuer(by)
    year = timezone.localdate().year
    count = SupervisionRequest.objects.filter(from_unit=issuer, created_at__year=year).count()
    request = SupervisionRequest.objects.create(
        number=f"{issuer.short_name or issuer.name}监察申请〔{year}〕{count + 1}号", from_unit=issuer,
        subject_unit=subject_unit, kind=kind, description=description,
        region_prefix=subject_unit.region.prefix, created_by=by,
    )  # fmt: skip
    if complaints:
        request.complaints.set(complaints)
    record_event(
        request,
        by=by,
        action="supervision_requested",
        note=f"{request.get_kind_display()}：{subject_unit.name}",
    )
    users = list(discipline_users_over(subject_unit.region.prefix))
    message = {
        "title": f"收到监察申请：{subject_unit.name}{request.get_kind_display()}", "body": description[:200],
        "link": f"/accountability/requests/{request.pk}/", "level": "warning", "key": f"request:{request.pk}",
    }  # fmt: skip
    transaction.on_commit(lambda: notify(users, **message))
    return request


@transaction.atomic
def reply_supervision(request: SupervisionRequest, *, by, reply: str) -> SupervisionRequest:
    _require(by, request.region_prefix, "discipline", what="答复监察申请")
    locked = SupervisionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.replied_at is not None:
        raise WorkflowError("该监察申请已答复", field="reply", code="duplicate")
    locked.reply = required_text(reply, field="reply", label="答复", limit=2000)
    locked.replied_by, locked.replied_at = by, timezone.now()
    locked.save(update_fields=["reply", "replied_by", "replied_at"])
    record_event(locked, by=by, action="supervision_replied", note=locked.reply[:100])
    requester = locked.created_by
    message = {
        "title": f"监察申请已答复：{locked.number}", "body": locked.reply[:200],
        "link": f"/accountability/requests/{locked.pk}/", "key": f"request-reply:{locked.pk}",
    }  # fmt: skip
    transaction.on_commit(lambda: notify([requester], **message))
    return locked


# --- transfer of clues (移交移送) ---------------------------------------------------------------------


@transaction.atomic
def transfer_clue(
    *, by, inspection, receiver_kind: str, receiver: str, title: str, description: str, persons: str = "",
    complaints=(), tasks=(), transferred_on: dt.date | None = None,
) -> ClueTransfer:  # fmt: skip
    """One clue handed to the body that acts on it. The inspection must have reached 移交移送."""
    from inspections.models import Inspection

    locked = Inspection.objects.select_for_update().select_related("office__region").get(pk=inspection.pk)
    prefix = locked.office.region.prefix if locked.office_id else ""
    _require(by, prefix, "office", "discipline", what="登记移交移送")
    if locked.stage not in TRANSFER_STAGES:
        raise WorkflowError(
            f"督察处于“{locked.get_stage_display()}”阶段，进入“移交移送”阶段后才能移交问题线索",
            field="inspection", code="transition",
        )  # fmt: skip
    if receiver_kind not in ReceiverKind.values:
        raise WorkflowError("接收机关类别无效", field="receiver_kind")
    receiver = required_text(receiver, field="receiver", label="接收机关", limit=120)
    title = required_text(title, field="title", label="问题线索", limit=200)
    description = required_text(description, field="description", label="线索情况", limit=4000)
    day = transferred_on or timezone.localdate()
    if day > timezone.localdate():
        raise WorkflowError("移交日期不能晚于今天", field="transferred_on")
    scope = scope_of(by)
    for linked in [*complaints, *tasks]:
        if not scope.covers(linked.region_prefix):
            raise PermissionDeniedError("所附举报件或任务不在您的管辖范围内")
    sequence = (ClueTransfer.objects.filter(inspection=locked).aggregate(n=Max("sequence"))["n"] or 0) + 1
    transfer = ClueTransfer.objects.create(
        inspection=locked, number=f"{locked.code} 移交〔{day.year}〕{sequence}号", sequence=sequence,
        receiver_kind=receiver_kind, receiver=receiver, title=title, description=description,
        persons=(persons or "").strip()[:300], transferred_on=day, region_prefix=prefix, created_by=by,
    )  # fmt: skip
    if complaints:
        transfer.complaints.set(complaints)
    if tasks:
        transfer.tasks.set(tasks)
    record_event(transfer, by=by, action="clue_transferred", note=f"{transfer.number} → {receiver}")
    record_event(locked, by=by, action="clue_transferred", note=f"{title} → {receiver}")
    return transfer


@transaction.atomic
def record_transfer_outcome(transfer: ClueTransfer, *, by, outcome: str, outcome_on: dt.date) -> ClueTransfer:
    _require(by, transfer.region_prefix, "office", "discipline", what="登记移交办理结果")
    locked = ClueTransfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.status == TransferStatus.ANSWERED:
        raise WorkflowError("已登记办理结果", field="outcome", code="duplicate")
    if outcome_on is None or outcome_on > timezone.localdate() or outcome_on < locked.transferred_on:
        raise WorkflowError("反馈日期应在移交日期与今天之间", field="outcome_on")
    locked.outcome = required_text(outcome, field="outcome", label="办理结果", limit=4000)
    locked.outcome_on, locked.status = outcome_on, TransferStatus.ANSWERED
    locked.save(update_fields=["outcome", "outcome_on", "status"])
    record_event(
        locked, by=by, action="transfer_answered", from_state=TransferStatus.SENT, to_state=locked.status
    )
    return locked


# --- spot-checking records of key cases --------------------------------------------------------------


@transaction.atomic
def sample_key_records(*, by, size: int, seed: int | None = None) -> list[int]:
    """抽查重点信访件问责情况: draw `size` decided records on key complaints (重点件) not drawn before,
    reproducibly from `seed`; they appear under 抽查 until verified or found insufficient."""
    _require(by, scope_of(by).prefix or "", "discipline", what="抽查问责记录")
    if not 1 <= size <= SAMPLE_MAX:
        raise WorkflowError(f"抽查数量应为 1–{SAMPLE_MAX}", field="size")
    pool = sorted(
        Record.objects.visible_to(by)
        .filter(complaints__is_key_case=True, sampled_at__isnull=True)
        .exclude(status=RecordStatus.PROPOSED)
        .values_list("pk", flat=True)
        .distinct()
    )
    if not pool:
        raise WorkflowError("没有尚未抽查的重点件问责记录", field="size")
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    chosen = sorted(random.Random(seed).sample(pool, min(size, len(pool))))
    Record.objects.filter(pk__in=chosen).update(sampled_at=timezone.now(), sampled_by=by)
    for record in Record.objects.filter(pk__in=chosen):
        record_event(record, by=by, action="sampled", note=f"重点件问责抽查，种子 {seed}")
    return chosen
