"""Every write to complaints: intake, screening, batches, forwarding, receipt, feedback, review,
publication and the public's rating. One function per transition; each locks its rows, checks
`TRANSITIONS` and the actor's role, writes one event per complaint and queues messages on commit."""

import datetime as dt
import secrets as random_source
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from audit.workflow import record_event, record_events
from complaints import secrets
from complaints.models import (
    COUNTER_FIELDS,
    COUNTER_MAX,
    COUNTERS,
    Batch,
    BatchStatus,
    Channel,
    Complaint,
    DueState,
    Evidence,
    Feedback,
    HandlingState,
    NumberCounter,
    PollutionType,
    Publication,
    PublishedItem,
    Status,
    Verdict,
)
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.models import DeadlineRuleKey, Inspection
from notices.workflow import notify_units
from organisations.models import Region, Unit

# action: (statuses it may start from, status it leads to). Nothing else assigns a status.
TRANSITIONS = {
    "accept": ({Status.REGISTERED}, Status.ACCEPTED),
    "reject": ({Status.REGISTERED}, Status.REJECTED),
    "mark_duplicate": ({Status.REGISTERED, Status.ACCEPTED}, Status.DUPLICATE),
    "issue": ({Status.ACCEPTED}, Status.TRANSFERRED),
    "forward": ({Status.TRANSFERRED}, Status.FORWARDED),
    "receive": ({Status.FORWARDED}, Status.RECEIVED),
    "submit_feedback": (
        {Status.RECEIVED, Status.RETURNED, Status.IN_PROGRESS, Status.STAGE_CLOSED},
        Status.SIGNING,
    ),
    "sign_feedback": ({Status.SIGNING}, Status.REVIEWING),
    "decline_feedback": ({Status.SIGNING}, Status.RECEIVED),
    "accept_feedback": ({Status.REVIEWING}, None),  # the feedback's handling state decides
    "return_feedback": ({Status.REVIEWING}, Status.RETURNED),
}
RESULT_STATUS = {
    HandlingState.CLOSED: Status.CLOSED,
    HandlingState.STAGE_CLOSED: Status.STAGE_CLOSED,
    HandlingState.IN_PROGRESS: Status.IN_PROGRESS,
}

# ISO 3166-2:CN province codes, used as the province part of acceptance numbers (D3SX…).
PROVINCE_ABBREVIATIONS = {
    "11": "BJ", "12": "TJ", "13": "HE", "14": "SX", "15": "NM", "21": "LN", "22": "JL", "23": "HL",
    "31": "SH", "32": "JS", "33": "ZJ", "34": "AH", "35": "FJ", "36": "JX", "37": "SD", "41": "HA",
    "42": "HB", "43": "HN", "44": "GD", "45": "GX", "46": "HI", "50": "CQ", "51": "SC", "52": "GZ",
    "53": "YN", "54": "XZ", "61": "SN", "62": "GS", "63": "QH", "64": "NX", "65": "XJ",
}  # fmt: skip
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Extension: (offset, the bytes a file of that kind has there). An MP4 (ISO base media file) opens with
# a box whose type, at byte 4, is "ftyp".
EVIDENCE_TYPES = {
    "jpg": (0, b"\xff\xd8\xff"),
    "jpeg": (0, b"\xff\xd8\xff"),
    "png": (0, b"\x89PNG"),
    "pdf": (0, b"%PDF"),
    "docx": (0, b"PK\x03\x04"),
    "xlsx": (0, b"PK\x03\x04"),
    "mp4": (4, b"ftyp"),
}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def _check_transition(complaint: Complaint, action: str) -> Status | None:
    sources, target = TRANSITIONS[action]
    if complaint.status not in sources:
        raise WorkflowError(
            f"{complaint.number} 当前状态为“{complaint.get_status_display()}”，不能执行此操作",
            field="status",
            code="transition",
        )
    return target


def _locked(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("inspection", "lead_unit")
        .get(pk=complaint.pk)
    )


def _visible(by, complaint: Complaint) -> None:
    if not Complaint.objects.visible_to(by).filter(pk=complaint.pk).exists():
        raise PermissionDeniedError("该举报件不在您的管辖范围内")


def _require_role(by, *roles: str, what: str) -> None:
    if by is None or not by.is_authenticated or not (by.is_superuser or by.has_role(*roles)):
        raise PermissionDeniedError(f"您的角色不能{what}")


# --- clocks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    due_at: dt.datetime | None
    soon_at: dt.datetime | None

    def state(self, now: dt.datetime) -> str:
        if self.due_at is None:
            return DueState.NONE
        if now > self.due_at:
            return DueState.OVERDUE
        if self.soon_at is not None and now >= self.soon_at:
            return DueState.SOON
        return DueState.OK


def clock(started: dt.datetime, due: dt.datetime | None) -> Clock:
    """A deadline and the moment it turns yellow: a third of the span before, at most one day."""
    if due is None:
        return Clock(None, None)
    warning = min((due - started) / 3, dt.timedelta(days=1))
    return Clock(due, due - warning)


def feedback_deadlines(inspection: Inspection, start: dt.datetime) -> tuple[dt.datetime | None, ...]:
    """(team, local) feedback deadlines from `start`; the current clock runs to the earlier."""
    return (
        inspection.deadline(DeadlineRuleKey.FEEDBACK_TEAM, start),
        inspection.deadline(DeadlineRuleKey.FEEDBACK_LOCAL, start),
    )


def _earliest(*moments):
    present = [m for m in moments if m is not None]
    return min(present) if present else None


# --- intake -------------------------------------------------------------------------------------


def new_tracking_code() -> str:
    return "".join(random_source.choice(TRACKING_ALPHABET) for _ in range(10))


def allocate_serials(inspection: Inspection, day: dt.date, count: int = 1) -> range:
    """The next `count` serials of an inspection's acceptance numbers on a day: one
    `UPDATE … RETURNING` takes the row lock and the numbers together (PostgreSQL and SQLite ≥ 3.35);
    the day's first caller creates the row, and a concurrent creator loses to the unique constraint."""
    table = NumberCounter._meta.db_table
    sql = f"UPDATE {table} SET last = last + %s WHERE inspection_id = %s AND day = %s RETURNING last"
    params = [count, inspection.pk, connection.ops.adapt_datefield_value(day)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            try:
                with transaction.atomic():
                    NumberCounter.objects.create(inspection=inspection, day=day)
            except IntegrityError:
                pass
            cursor.execute(sql, params)
            row = cursor.fetchone()
    last = row[0]
    return range(last - count + 1, last + 1)


def format_number(inspection: Inspection, channel: str, day: dt.date, serial: int) -> str:
    """Acceptance numbers (受理编号): channel letter, round digit, province, date, serial —
    D3SX202505280018. Stored as text, never parsed."""
    round_digit = str((inspection.round_number or 0) % 10)
    return f"{channel}{round_digit}{_province_abbreviation(inspection)}{day:%Y%m%d}{serial:04d}"


def _province_abbreviation(inspection: Inspection) -> str:
    regions = sorted(inspection.target_region_list, key=lambda r: r.depth)
    code = (regions[0].code if regions else inspection.office.region.code)[:2]
    return PROVINCE_ABBREVIATIONS.get(code, "ZY")


def check_region(inspection: Inspection, region: Region | None) -> Region:
    if region is None:
        raise WorkflowError("请选择问题所在的行政区域", field="region")
    prefixes = [r.prefix for r in inspection.target_region_list]
    if not any(region.prefix.startswith(p) for p in prefixes):
        raise WorkflowError(f"{region.name}不在本次督察的范围内", field="region")
    return region


def check_pollution_types(types) -> list[PollutionType]:
    types = list(types)
    inactive = [t.name for t in types if not t.is_active]
    if inactive:
        raise WorkflowError(f"污染类型已停用：{'、'.join(inactive)}", field="pollution_types")
    return types


def check_received_at(received_at: dt.datetime) -> dt.datetime:
    """A complaint is received in the past (a few minutes of clock skew allowed), not before 2000."""
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        raise WorkflowError("受理时间不能晚于现在", field="received_at")
    if received_at.year < 2000:
        raise WorkflowError("受理时间不能早于 2000 年", field="received_at")
    return received_at


def check_intake_rights(by, inspection: Inspection) -> None:
    """Staff intake: the team or an office that can see the inspection."""
    _require_role(by, "team", "office", what="受理举报")
    if not Inspection.objects.visible_to(by).filter(pk=inspection.pk).exists():
        raise PermissionDeniedError("该督察不在您的管辖范围内")


def _intake_key(by, key: str | None) -> str | None:
    if not key:
        return None
    owner = by.pk if by is not None and by.is_authenticated else "public"
    return f"{owner}:{key.strip()[:100]}"


def register_complaint(
    *,
    by,
    inspection: Inspection,
    channel: str,
    text: str,
    region: Region | None,
    address: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    is_anonymous: bool = False,
    pollution_types=(),
    received_at: dt.datetime | None = None,
    is_key_case: bool = False,
    idempotency_key: str | None = None,
) -> tuple[Complaint, bool]:
    """Register a complaint with a new acceptance number and tracking code; writes a `registered`
    event. `by` None is the public portal. With an idempotency key already used by the same
    caller, nothing is created and the first complaint is returned with `created` False."""
    key = _intake_key(by, idempotency_key)
    if key:
        existing = Complaint.objects.filter(intake_key=key).first()
        if existing is not None:
            return existing, False
    if by is not None and by.is_authenticated:
        check_intake_rights(by, inspection)
    elif not inspection.is_stationed_on(timezone.localdate()):
        raise WorkflowError("督察组不在进驻期，暂不受理网上举报", field="inspection")
    if channel not in Channel.values:
        raise WorkflowError(f"受理方式无效：{channel}", field="channel")
    text = (text or "").strip()
    if len(text) < 5:
        raise WorkflowError("请填写举报内容（至少 5 个字）", field="text")
    region = check_region(inspection, region)
    types = check_pollution_types(pollution_types)
    reporter_name, reporter_phone = reporter_name.strip(), reporter_phone.strip()
    if is_anonymous:
        reporter_name = reporter_phone = ""
    received_at = check_received_at(received_at or timezone.now())
    try:
        with transaction.atomic():
            complaint = _create(
                by=by,
                inspection=inspection,
                channel=channel,
                text=text,
                region=region,
                address=address.strip(),
                reporter_name=reporter_name,
                reporter_phone=reporter_phone,
                is_anonymous=is_anonymous,
                received_at=received_at,
                is_key_case=is_key_case,
                intake_key=key,
            )
            if types:
                complaint.pollution_types.set(types)
            record_event(
                complaint, by=by, action="registered", to_state=Status.REGISTERED, note=complaint.number
            )
    except IntegrityError:
        # A concurrent request with the same idempotency key won the race.
        if key:
            existing = Complaint.objects.filter(intake_key=key).first()
            if existing is not None:
                return existing, False
        raise
    return complaint, True


def _create(*, by, inspection, channel, received_at, reporter_name, reporter_phone, intake_key, **fields):
    local_day = timezone.localtime(received_at).date()
    return Complaint.objects.create(
        inspection=inspection,
        number=format_number(inspection, channel, local_day, allocate_serials(inspection, local_day)[0]),
        tracking_code=new_tracking_code(),
        intake_key=intake_key,
        channel=channel,
        received_at=received_at,
        region_prefix=fields["region"].prefix,
        reporter_name_secret=secrets.encrypt(reporter_name),
        reporter_phone_secret=secrets.encrypt(reporter_phone),
        reporter_name_masked=secrets.mask_name(reporter_name),
        reporter_phone_masked=secrets.mask_phone(reporter_phone),
        created_by=by if by is not None and by.is_authenticated else None,
        **fields,
    )


def may_reveal_reporter(by, complaint: Complaint) -> bool:
    """Only the inspection team sees a reporter's identity (a team named on the inspection, if any)."""
    if by is None or not by.is_authenticated or not by.has_role("team"):
        return False
    teams = set(complaint.inspection.teams.values_list("pk", flat=True))
    return not teams or by.unit_id in teams


def reveal_reporter(complaint: Complaint, *, by) -> dict[str, str]:
    """Decrypt the reporter's name and phone for a team member; writes a `reporter_viewed` event."""
    _visible(by, complaint)
    if not may_reveal_reporter(by, complaint):
        raise PermissionDeniedError("举报人信息仅督察组可见")
    record_event(complaint, by=by, action="reporter_viewed")
    return {
        "name": secrets.decrypt(complaint.reporter_name_secret),
        "phone": secrets.decrypt(complaint.reporter_phone_secret),
    }


# --- screening ----------------------------------------------------------------------------------


def _check_screener(by, complaint):
    _require_role(by, "team", "office", what="审核举报件")
    _visible(by, complaint)


def default_lead_unit(region: Region) -> Unit | None:
    """The county's people's government, else its party committee, else any unit there."""
    units = Unit.objects.filter(region=region, is_active=True).order_by("pk")
    return units.filter(kind="government").first() or units.filter(kind="party").first() or units.first()


def _check_units(complaint, lead_unit, co_units):
    inspection_prefixes = [t.region.prefix for t in complaint.inspection.targets.select_related("region")]
    for unit in [lead_unit, *co_units]:
        if unit is not None and not any(unit.region.prefix.startswith(p) for p in inspection_prefixes):
            raise WorkflowError(f"{unit.name}不在本次督察范围内", field="lead_unit")
    if lead_unit is not None and lead_unit in co_units:
        raise WorkflowError("牵头单位不能同时是配合单位", field="co_units")


@transaction.atomic
def classify_complaint(
    complaint: Complaint,
    *,
    by,
    region: Region | None = None,
    pollution_types=None,
    is_key_case: bool | None = None,
    lead_unit: Unit | None = None,
    co_units=None,
) -> Complaint:
    """Set county, pollution types, key-case flag, lead and co-units before transfer; writes a
    `classified` event naming the fields that changed."""
    _check_screener(by, complaint)
    locked = _locked(complaint)
    if locked.status not in (Status.REGISTERED, Status.ACCEPTED):
        raise WorkflowError("已交办的举报件不能再修改分类", field="status", code="transition")
    changed = []
    if region is not None and region.pk != locked.region_id:
        check_region(locked.inspection, region)
        locked.region, locked.region_prefix = region, region.prefix
        changed += ["region", "region_prefix"]
    if is_key_case is not None and is_key_case != locked.is_key_case:
        locked.is_key_case = is_key_case
        changed.append("is_key_case")
    if lead_unit is not None or co_units is not None:
        new_co = list(co_units) if co_units is not None else list(locked.co_units.all())
        _check_units(locked, lead_unit or locked.lead_unit, new_co)
        if lead_unit is not None and lead_unit.pk != locked.lead_unit_id:
            locked.lead_unit = lead_unit
            changed.append("lead_unit")
        if co_units is not None and {u.pk for u in new_co} != set(
            locked.co_units.values_list("pk", flat=True)
        ):
            locked.co_units.set(new_co)
            changed.append("co_units")
    if pollution_types is not None:
        types = check_pollution_types(pollution_types)
        if {t.pk for t in types} != set(locked.pollution_types.values_list("pk", flat=True)):
            locked.pollution_types.set(types)
            changed.append("pollution_types")
    model_fields = [f for f in changed if f not in ("co_units", "pollution_types")]
    if model_fields:
        locked.save(update_fields=[*model_fields, "updated_at"])
    if changed:
        record_event(
            locked, by=by, action="classified", data={"fields": [f for f in changed if f != "region_prefix"]}
        )
    return locked


@transaction.atomic
def accept_complaint(complaint: Complaint, *, by, lead_unit: Unit | None = None, note: str = "") -> Complaint:
    """Screen in: the complaint is an environmental matter and will be transferred. The lead unit
    defaults to the county's government."""
    _check_screener(by, complaint)
    locked = _locked(complaint)
    target = _check_transition(locked, "accept")
    lead_unit = lead_unit or locked.lead_unit or default_lead_unit(locked.region)
    if lead_unit is None:
        raise WorkflowError(f"{locked.region.name}尚无承办单位，请先在组织机构中添加", field="lead_unit")
    _check_units(locked, lead_unit, list(locked.co_units.all()))
    locked.status, locked.lead_unit = target, lead_unit
    locked.save(update_fields=["status", "lead_unit", "updated_at"])
    record_event(locked, by=by, action="accepted", from_state=Status.REGISTERED, to_state=target, note=note)
    return locked


@transaction.atomic
def reject_complaint(complaint: Complaint, *, by, reason: str, referral: str = "") -> Complaint:
    """Screen out: not an environmental matter; the reason and the channel it goes to are kept."""
    _check_screener(by, complaint)
    if not reason.strip():
        raise WorkflowError("请说明不予受理的理由", field="reason")
    locked = _locked(complaint)
    target = _check_transition(locked, "reject")
    locked.status, locked.rejection_reason, locked.referral = target, reason.strip(), referral.strip()
    locked.save(update_fields=["status", "rejection_reason", "referral", "updated_at"])
    record_event(locked, by=by, action="rejected", from_state=Status.REGISTERED, to_state=target, note=reason)
    return locked


@transaction.atomic
def mark_duplicate(complaint: Complaint, *, by, original: Complaint, note: str = "") -> Complaint:
    """Link a complaint to the earlier one it repeats; it is counted once, through the original."""
    _check_screener(by, complaint)
    if original.pk == complaint.pk:
        raise WorkflowError("不能标记为自身的重复件", field="original")
    if original.inspection_id != complaint.inspection_id:
        raise WorkflowError("只能与同一次督察的举报件合并", field="original")
    _visible(by, original)
    locked = _locked(complaint)
    source = locked.status
    target = _check_transition(locked, "mark_duplicate")
    root = original
    while root.duplicate_of_id is not None:
        root = root.duplicate_of
    if root.pk == locked.pk:
        raise WorkflowError("不能形成循环的重复关系", field="original")
    if locked.batch_id is not None and locked.batch.status == BatchStatus.ISSUED:
        raise WorkflowError("已交办的举报件不能标记为重复件", field="status", code="transition")
    locked.status, locked.duplicate_of, locked.batch = target, root, None
    locked.save(update_fields=["status", "duplicate_of", "batch", "updated_at"])
    record_event(
        locked, by=by, action="marked_duplicate", from_state=source, to_state=target, note=root.number
    )
    return locked


# --- batches ------------------------------------------------------------------------------------


def _check_batch_rights(by, inspection):
    _require_role(by, "team", "office", what="组织交办批次")
    if not Inspection.objects.visible_to(by).filter(pk=inspection.pk).exists():
        raise PermissionDeniedError("该督察不在您的管辖范围内")


@transaction.atomic
def create_batch(inspection: Inspection, *, by, note: str = "") -> Batch:
    """Open the next numbered batch (第N批) of an inspection, as a draft."""
    _check_batch_rights(by, inspection)
    Inspection.objects.select_for_update().get(pk=inspection.pk)
    draft = inspection.batches.filter(status=BatchStatus.DRAFT).first()
    if draft is not None:
        raise WorkflowError(f"{draft}尚未交办，请先交办或在其中继续添加", field="batch", code="duplicate")
    number = (inspection.batches.aggregate(n=Max("number"))["n"] or 0) + 1
    batch = Batch.objects.create(inspection=inspection, number=number, note=note)
    record_event(batch, by=by, action="batch_created", to_state=BatchStatus.DRAFT, note=str(batch))
    return batch


def _locked_draft(batch: Batch) -> Batch:
    locked = Batch.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=batch.pk)
    if locked.status != BatchStatus.DRAFT:
        raise WorkflowError(f"{locked}已交办，不能再调整", field="batch", code="transition")
    return locked


@transaction.atomic
def add_to_batch(batch: Batch, complaints, *, by) -> int:
    """Put accepted complaints of the batch's inspection into a draft batch; returns how many moved."""
    _check_batch_rights(by, batch.inspection)
    locked = _locked_draft(batch)
    ids = [c.pk for c in complaints]
    rows = list(Complaint.objects.visible_to(by).select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(set(ids)):
        raise PermissionDeniedError("部分举报件不存在或不在您的管辖范围内")
    for complaint in rows:
        if complaint.inspection_id != locked.inspection_id:
            raise WorkflowError(f"{complaint.number} 不属于本次督察", field="complaints")
        if complaint.status != Status.ACCEPTED:
            raise WorkflowError(
                f"{complaint.number} 当前状态为“{complaint.get_status_display()}”，审核受理后才能交办",
                field="complaints",
                code="transition",
            )
    moving = [c for c in rows if c.batch_id != locked.pk]
    Complaint.objects.filter(pk__in=[c.pk for c in moving]).update(batch=locked, updated_at=timezone.now())
    record_events(
        moving,
        by=by,
        action="batched",
        from_state=Status.ACCEPTED,
        to_state=Status.ACCEPTED,
        note=str(locked),
    )
    return len(moving)


@transaction.atomic
def remove_from_batch(batch: Batch, complaints, *, by) -> int:
    _check_batch_rights(by, batch.inspection)
    locked = _locked_draft(batch)
    return Complaint.objects.filter(batch=locked, pk__in=[c.pk for c in complaints]).update(
        batch=None, updated_at=timezone.now()
    )


@transaction.atomic
def issue_batch(batch: Batch, *, by) -> Batch:
    """Transfer a draft batch: every complaint in it becomes 待转办 and the clocks start — forward
    within the forwarding rule (1 hour), feedback within the team's and the local rules. One UPDATE
    for the batch, one event per complaint; the office is notified to forward."""
    _check_batch_rights(by, batch.inspection)
    locked = _locked_draft(batch)
    inspection = locked.inspection
    complaints = list(Complaint.objects.select_for_update().filter(batch=locked).order_by("pk"))
    if not complaints:
        raise WorkflowError(f"{locked}中还没有举报件", field="batch")
    missing = [c.number for c in complaints if c.lead_unit_id is None]
    if missing:
        raise WorkflowError(f"以下举报件未指定承办单位：{'、'.join(missing[:10])}", field="lead_unit")
    wrong = [c.number for c in complaints if c.status != Status.ACCEPTED]
    if wrong:
        raise WorkflowError(
            f"以下举报件状态已变化：{'、'.join(wrong[:10])}", field="status", code="transition"
        )
    now = timezone.now()
    forward_due = inspection.deadline(DeadlineRuleKey.FORWARD, now)
    team_due, local_due = feedback_deadlines(inspection, now)
    current = clock(now, forward_due) if forward_due else clock(now, _earliest(team_due, local_due))
    Complaint.objects.filter(pk__in=[c.pk for c in complaints]).update(
        status=Status.TRANSFERRED,
        transferred_at=now,
        forward_due_at=forward_due,
        team_due_at=team_due,
        local_due_at=local_due,
        due_at=current.due_at,
        soon_at=current.soon_at,
        due_state=current.state(now),
        updated_at=now,
    )
    locked.status, locked.issued_at, locked.issued_by = BatchStatus.ISSUED, now, by
    locked.save(update_fields=["status", "issued_at", "issued_by"])
    record_event(
        locked,
        by=by,
        action="batch_issued",
        from_state=BatchStatus.DRAFT,
        to_state=BatchStatus.ISSUED,
        data={"count": len(complaints)},
    )
    record_events(
        complaints,
        by=by,
        action="transferred",
        from_state=Status.ACCEPTED,
        to_state=Status.TRANSFERRED,
        note=str(locked),
        at=now,
    )
    notify_units(
        Unit.objects.filter(pk=inspection.office_id).values_list("pk", flat=True),
        ["office"],
        title=f"{inspection.name}{locked}已交办（{len(complaints)} 件），请在时限内转办",
        link=f"/complaints/batches/{locked.pk}/",
        level="warn",
        key=f"batch-issued-{locked.pk}",
        sms=True,
    )
    return locked


@transaction.atomic
def forward_complaints(complaints, *, by) -> int:
    """The office forwards transferred complaints to their counties (快转办); the feedback clock
    becomes the current one. Handlers of the lead units are notified by inbox, e-mail and SMS."""
    _require_role(by, "office", what="转办举报件")
    ids = [c.pk for c in complaints]
    rows = list(Complaint.objects.visible_to(by).select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(set(ids)):
        raise PermissionDeniedError("部分举报件不存在或不在您的管辖范围内")
    for row in rows:
        _check_transition(row, "forward")
    now = timezone.now()
    # Complaints of one batch share their deadlines, so one UPDATE per batch.
    by_batch: dict[int, list[Complaint]] = {}
    for row in rows:
        by_batch.setdefault(row.batch_id, []).append(row)
    for group in by_batch.values():
        first = group[0]
        current = clock(first.transferred_at, _earliest(first.team_due_at, first.local_due_at))
        Complaint.objects.filter(pk__in=[c.pk for c in group]).update(
            status=Status.FORWARDED,
            forwarded_at=now,
            forwarded_by=by,
            due_at=current.due_at,
            soon_at=current.soon_at,
            due_state=current.state(now),
            updated_at=now,
        )
    record_events(
        rows, by=by, action="forwarded", from_state=Status.TRANSFERRED, to_state=Status.FORWARDED, at=now
    )
    units = {c.lead_unit_id for c in rows}
    for unit_id in units:
        count = sum(1 for c in rows if c.lead_unit_id == unit_id)
        notify_units(
            [unit_id],
            ["handler", "signer"],
            title=f"收到 {count} 件督察转办举报件，请电话确认并由领导签收",
            link="/complaints/?queue=inbox",
            level="warn",
            sms=True,
        )
    return len(rows)


def _receipt_complete(locked: Complaint, *, by, now) -> None:
    if locked.phone_confirmed_at and (locked.receipt_signed_at or locked.receipt_scan):
        target = _check_transition(locked, "receive")
        locked.status, locked.received_at_county = target, now
        locked.save(update_fields=["status", "received_at_county", "updated_at"])
        record_event(locked, by=by, action="received", from_state=Status.FORWARDED, to_state=target)


@transaction.atomic
def confirm_by_phone(
    complaint: Complaint, *, by, answered_by: str, called_at: dt.datetime | None = None
) -> Complaint:
    """First confirmation of receipt: the office phoned the county; who called, who answered, when."""
    _require_role(by, "office", what="电话确认签收")
    _visible(by, complaint)
    if not answered_by.strip():
        raise WorkflowError("请填写接电话人", field="answered_by")
    locked = _locked(complaint)
    if locked.status != Status.FORWARDED:
        _check_transition(locked, "receive")
    if locked.phone_confirmed_at:
        raise WorkflowError(
            f"已于 {timezone.localtime(locked.phone_confirmed_at):%m-%d %H:%M} 电话确认（接电话人："
            f"{locked.phone_answered_by}）；如需更正请使用“更正电话确认”",
            field="answered_by",
            code="duplicate",
        )
    now = timezone.now()
    called_at = _check_call_time(locked, called_at or now, now)
    locked.phone_confirmed_at, locked.phone_confirmed_by, locked.phone_answered_by = (
        called_at,
        by,
        answered_by.strip(),
    )
    locked.save(update_fields=["phone_confirmed_at", "phone_confirmed_by", "phone_answered_by", "updated_at"])
    record_event(
        locked,
        by=by,
        action="phone_confirmed",
        note=f"接电话人：{answered_by.strip()}",
        data={"called_at": called_at.isoformat()},
    )
    _receipt_complete(locked, by=by, now=now)
    return locked


def _check_call_time(locked: Complaint, called_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    if called_at > now + dt.timedelta(minutes=5):
        raise WorkflowError("通话时间不能晚于现在", field="called_at")
    if locked.forwarded_at and called_at < locked.forwarded_at - dt.timedelta(minutes=1):
        raise WorkflowError(
            f"通话时间不能早于转办时间 {timezone.localtime(locked.forwarded_at):%Y-%m-%d %H:%M}",
            field="called_at",
        )
    return called_at


@transaction.atomic
def correct_phone_confirmation(
    complaint: Complaint, *, by, answered_by: str, reason: str, called_at: dt.datetime | None = None
) -> Complaint:
    """Correct who answered (or when) after the first confirmation. The first record stays on the
    timeline; the correction is a new event naming both, with the reason."""
    _require_role(by, "office", what="更正电话确认")
    _visible(by, complaint)
    if not answered_by.strip():
        raise WorkflowError("请填写接电话人", field="answered_by")
    if not reason.strip():
        raise WorkflowError("请说明更正理由", field="reason")
    locked = _locked(complaint)
    if not locked.phone_confirmed_at:
        raise WorkflowError("尚未电话确认，无需更正", field="answered_by", code="transition")
    before = f"{timezone.localtime(locked.phone_confirmed_at):%Y-%m-%d %H:%M} {locked.phone_answered_by}"
    called_at = _check_call_time(locked, called_at or locked.phone_confirmed_at, timezone.now())
    locked.phone_confirmed_at, locked.phone_answered_by = called_at, answered_by.strip()
    locked.save(update_fields=["phone_confirmed_at", "phone_answered_by", "updated_at"])
    after = f"{timezone.localtime(called_at):%Y-%m-%d %H:%M} {locked.phone_answered_by}"
    record_event(
        locked,
        by=by,
        action="phone_corrected",
        note=f"原记录：{before}；更正为：{after}；理由：{reason.strip()}",
        data={"before": before, "after": after},
    )
    return locked


def _is_county_leader(by, complaint: Complaint) -> bool:
    if by.is_superuser:
        return True
    return (
        by.has_role("signer")
        and by.unit_id is not None
        and complaint.lead_unit_id is not None
        and (by.unit_id == complaint.lead_unit_id or by.unit.region_id == complaint.lead_unit.region_id)
    )


@transaction.atomic
def sign_receipt(complaint: Complaint, *, by) -> Complaint:
    """Second confirmation: the county's leader signs the receipt (签收回执) in the system."""
    _visible(by, complaint)
    locked = _locked(complaint)
    if not _is_county_leader(by, locked):
        raise PermissionDeniedError("签收回执须由承办地的签字领导签署")
    if locked.status != Status.FORWARDED:
        _check_transition(locked, "receive")
    if locked.receipt_signed_at:
        raise WorkflowError("回执已签收", field="receipt", code="duplicate")
    now = timezone.now()
    locked.receipt_signed_at, locked.receipt_signed_by = now, by
    locked.save(update_fields=["receipt_signed_at", "receipt_signed_by", "updated_at"])
    record_event(locked, by=by, action="receipt_signed")
    _receipt_complete(locked, by=by, now=now)
    return locked


def check_upload(upload, *, field: str) -> str:
    """The extension is one we accept, the content starts like it, and it is not too large."""
    name = upload.name or ""
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind not in EVIDENCE_TYPES:
        raise WorkflowError(
            f"不支持的文件类型“{kind or '无扩展名'}”，请上传 jpg、png、pdf、docx、xlsx 或 mp4", field=field
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise WorkflowError(f"{name} 超过 20 MB", field=field)
    if upload.size == 0:
        raise WorkflowError(f"{name} 是空文件", field=field)
    offset, magic = EVIDENCE_TYPES[kind]
    head = upload.read(offset + len(magic))
    upload.seek(0)
    if head[offset:] != magic:
        raise WorkflowError(f"{name} 的内容与扩展名不符", field=field)
    return kind


@transaction.atomic
def upload_receipt_scan(complaint: Complaint, *, by, upload) -> Complaint:
    """Second confirmation on paper: a scan of the receipt the county's leader signed by hand."""
    _require_role(by, "handler", "office", what="上传签收回执")
    _visible(by, complaint)
    check_upload(upload, field="receipt_scan")
    locked = _locked(complaint)
    if by.has_role("handler") and not by.has_role("office") and by.unit_id != locked.lead_unit_id:
        raise PermissionDeniedError("只有承办单位可以上传签收回执")
    if locked.status != Status.FORWARDED:
        _check_transition(locked, "receive")
    locked.receipt_scan.save(upload.name, upload, save=False)
    locked.save(update_fields=["receipt_scan", "updated_at"])
    record_event(locked, by=by, action="receipt_uploaded", note=upload.name)
    _receipt_complete(locked, by=by, now=timezone.now())
    return locked


# --- feedback and review ------------------------------------------------------------------------


@transaction.atomic
def submit_feedback(
    complaint: Complaint,
    *,
    by,
    findings: str,
    verdict: str,
    measures: str,
    handling_state: str,
    accountability: str = "",
    counters: dict[str, int] | None = None,
    correction: str = "",
    files=(),
) -> Feedback:
    """The lead unit's handler writes a round of feedback; it goes to the county's leader to sign.

    A round starts from the previous round's figures: counters not given are carried over, so a
    stage-closed complaint closed later keeps its fines and accountability counts. A figure below the
    one already accepted (and published) needs a `correction` saying why; it is kept on the event."""
    _require_role(by, "handler", what="填报反馈")
    _visible(by, complaint)
    locked = _locked(complaint)
    if not by.is_superuser and by.unit_id != locked.lead_unit_id:
        raise PermissionDeniedError("只有牵头承办单位可以填报反馈")
    source = locked.status
    target = _check_transition(locked, "submit_feedback")
    for field, value in (("findings", findings), ("measures", measures)):
        if not (value or "").strip():
            raise WorkflowError("调查核实情况和处理整改情况均须填写", field=field)
    if verdict not in Verdict.values:
        raise WorkflowError(f"是否属实须为：{'、'.join(str(v.label) for v in Verdict)}", field="verdict")
    if handling_state not in HandlingState.values:
        raise WorkflowError("办结状态无效", field="handling_state")
    counters = counters or {}
    unknown = set(counters) - set(COUNTER_FIELDS)
    if unknown:
        raise WorkflowError(f"未知的统计项：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    for name, value in counters.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= COUNTER_MAX:
            raise WorkflowError(f"统计数须为 0 至 {COUNTER_MAX} 之间的整数", field=name)
    previous = locked.feedbacks.order_by("-round").first()
    figures = (previous or locked).counters() | counters
    lowered = [name for name in COUNTER_FIELDS if figures[name] < getattr(locked, name)]
    if lowered and not correction.strip():
        labels = dict(COUNTERS)
        name = lowered[0]
        raise WorkflowError(
            f"“{labels[name]}”已审核公布为 {getattr(locked, name)}，本轮填 {figures[name]}；"
            "如确需调减，请填写更正说明",
            field=name,
        )
    kinds = [check_upload(f, field="evidence") for f in files]
    round_number = (previous.round if previous else 0) + 1
    feedback = Feedback.objects.create(
        complaint=locked,
        round=round_number,
        findings=findings.strip(),
        verdict=verdict,
        measures=measures.strip(),
        accountability=accountability.strip(),
        handling_state=handling_state,
        written_by=by,
        **figures,
    )
    for upload, kind in zip(files, kinds, strict=True):
        Evidence.objects.create(
            feedback=feedback,
            file=upload,
            name=upload.name[:200],
            kind=kind,
            size=upload.size,
            uploaded_by=by,
        )
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    record_event(
        locked,
        by=by,
        action="feedback_submitted",
        from_state=source,
        to_state=target,
        note=f"第{round_number}轮" + (f"；更正说明：{correction.strip()}" if lowered else ""),
        data={"lowered": {n: [getattr(locked, n), figures[n]] for n in lowered}} if lowered else None,
    )
    notify_units(
        [locked.lead_unit_id],
        ["signer"],
        title=f"{locked.number} 的反馈待您签字",
        link=f"/complaints/{locked.pk}/",
    )
    return feedback


@transaction.atomic
def add_evidence(complaint: Complaint, *, by, files) -> list[Evidence]:
    """Attach files to the feedback awaiting the leader's signature (type and size checked)."""
    _require_role(by, "handler", what="上传佐证材料")
    _visible(by, complaint)
    locked = _locked(complaint)
    if not by.is_superuser and by.unit_id != locked.lead_unit_id:
        raise PermissionDeniedError("只有牵头承办单位可以上传佐证材料")
    if locked.status != Status.SIGNING:
        raise WorkflowError("只能为待签字的反馈补充材料", field="status", code="transition")
    kinds = [check_upload(f, field="evidence") for f in files]
    feedback = _pending_feedback(locked)
    added = [
        Evidence.objects.create(
            feedback=feedback, file=f, name=f.name[:200], kind=k, size=f.size, uploaded_by=by
        )
        for f, k in zip(files, kinds, strict=True)
    ]
    record_event(locked, by=by, action="evidence_added", note="、".join(e.name for e in added))
    return added


def _pending_feedback(locked: Complaint) -> Feedback:
    return locked.feedbacks.select_for_update().order_by("-round").first()


@transaction.atomic
def sign_feedback(complaint: Complaint, *, by) -> Feedback:
    """The county's principal leader signs the feedback and it goes up; the clock stops, and a
    feedback after either deadline is marked late by how much."""
    _visible(by, complaint)
    locked = _locked(complaint)
    if not _is_county_leader(by, locked):
        raise PermissionDeniedError("反馈须由承办地的签字领导签署")
    target = _check_transition(locked, "sign_feedback")
    feedback = _pending_feedback(locked)
    now = timezone.now()
    feedback.signed_by, feedback.signed_at = by, now
    feedback.late_local_seconds = _seconds_late(now, locked.local_due_at)
    feedback.late_team_seconds = _seconds_late(now, locked.team_due_at)
    feedback.save(update_fields=["signed_by", "signed_at", "late_local_seconds", "late_team_seconds"])
    locked.status, locked.due_at, locked.soon_at, locked.due_state = target, None, None, DueState.NONE
    locked.save(update_fields=["status", "due_at", "soon_at", "due_state", "updated_at"])
    note = f"第{feedback.round}轮" + (
        f"，逾期 {format_delay(feedback.late_local_seconds)}" if feedback.late_local_seconds else ""
    )
    record_event(
        locked, by=by, action="feedback_signed", from_state=Status.SIGNING, to_state=target, note=note
    )
    notify_units(
        [locked.inspection.office_id],
        ["office"],
        title=f"{locked.number} 的反馈已报送，待审核",
        link=f"/complaints/{locked.pk}/",
    )
    return feedback


def _seconds_late(now, due) -> int:
    return max(int((now - due).total_seconds()), 0) if due else 0


def format_delay(seconds: int) -> str:
    """How late, for people: 1 天 3 小时 5 分钟 (minutes rounded up, so a late item never reads 0)."""
    minutes = -(-seconds // 60)
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    parts = [
        f"{days} 天" if days else "",
        f"{hours} 小时" if hours else "",
        f"{minutes} 分钟" if minutes else "",
    ]
    return " ".join(p for p in parts if p) or "0 分钟"


@transaction.atomic
def decline_feedback(complaint: Complaint, *, by, reason: str) -> Feedback:
    """The leader sends the draft back to the handler unsigned; the clock keeps running."""
    _visible(by, complaint)
    if not reason.strip():
        raise WorkflowError("请说明退回理由", field="reason")
    locked = _locked(complaint)
    if not _is_county_leader(by, locked):
        raise PermissionDeniedError("只有承办地的签字领导可以退回反馈")
    target = _check_transition(locked, "decline_feedback")
    feedback = _pending_feedback(locked)
    feedback.decision, feedback.decision_reason, feedback.decided_by, feedback.decided_at = (
        "declined",
        reason.strip(),
        by,
        timezone.now(),
    )
    feedback.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    record_event(
        locked, by=by, action="feedback_declined", from_state=Status.SIGNING, to_state=target, note=reason
    )
    return feedback


def _check_reviewer(by, complaint):
    _require_role(by, "office", what="审核反馈")
    _visible(by, complaint)


@transaction.atomic
def accept_feedback(complaint: Complaint, *, by, note: str = "") -> Complaint:
    """The office accepts the signed feedback: its result becomes the complaint's published result
    and the status follows its handling state (已办结 / 阶段性办结 / 正在办理)."""
    _check_reviewer(by, complaint)
    locked = _locked(complaint)
    _check_transition(locked, "accept_feedback")
    feedback = _pending_feedback(locked)
    now = timezone.now()
    feedback.decision, feedback.decision_reason, feedback.decided_by, feedback.decided_at = (
        "accepted",
        note,
        by,
        now,
    )
    feedback.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    target = RESULT_STATUS[HandlingState(feedback.handling_state)]
    for field in ("findings", "verdict", "measures", "accountability", "handling_state", *COUNTER_FIELDS):
        setattr(locked, field, getattr(feedback, field))
    locked.status, locked.result_changed_at = target, now
    locked.closed_at = now if target == Status.CLOSED else None
    locked.save()
    record_event(
        locked, by=by, action="feedback_accepted", from_state=Status.REVIEWING, to_state=target, note=note
    )
    return locked


@transaction.atomic
def return_feedback(complaint: Complaint, *, by, reason: str) -> Complaint:
    """The office returns the feedback for rework (退回重办) with reasons; both feedback clocks
    start again from now."""
    _check_reviewer(by, complaint)
    if not reason.strip():
        raise WorkflowError("请填写退回理由", field="reason")
    locked = _locked(complaint)
    target = _check_transition(locked, "return_feedback")
    feedback = _pending_feedback(locked)
    now = timezone.now()
    feedback.decision, feedback.decision_reason, feedback.decided_by, feedback.decided_at = (
        "returned",
        reason.strip(),
        by,
        now,
    )
    feedback.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    team_due, local_due = feedback_deadlines(locked.inspection, now)
    current = clock(now, _earliest(team_due, local_due))
    locked.status, locked.team_due_at, locked.local_due_at = target, team_due, local_due
    locked.due_at, locked.soon_at, locked.due_state = current.due_at, current.soon_at, current.state(now)
    locked.save(
        update_fields=[
            "status",
            "team_due_at",
            "local_due_at",
            "due_at",
            "soon_at",
            "due_state",
            "updated_at",
        ]
    )
    record_event(
        locked, by=by, action="feedback_returned", from_state=Status.REVIEWING, to_state=target, note=reason
    )
    notify_units(
        [locked.lead_unit_id],
        ["handler"],
        title=f"{locked.number} 的反馈被退回重办",
        body=reason,
        link=f"/complaints/{locked.pk}/",
        level="danger",
        sms=True,
    )
    return locked


# --- disclosure ---------------------------------------------------------------------------------

PUBLISHABLE = [Status.IN_PROGRESS, Status.STAGE_CLOSED, Status.CLOSED]


@transaction.atomic
def publish_batch(batch: Batch, *, by) -> Publication:
    """Publish the batch's public table: every accepted result not yet published as it stands now
    (first publication, or a later one such as 阶段性办结 → 已办结). Rows are snapshots."""
    _require_role(by, "office", what="公开办理情况")
    locked = Batch.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=batch.pk)
    if not Batch.objects.visible_to(by).filter(pk=locked.pk).exists():
        raise PermissionDeniedError("该批次不在您的管辖范围内")
    last = locked.publications.aggregate(n=Max("sequence"), at=Max("published_at"))
    rows = (
        Complaint.objects.filter(batch=locked, status__in=PUBLISHABLE)
        .select_related("region")
        .prefetch_related("pollution_types")
        .order_by("number")
    )
    if last["at"] is not None:
        rows = rows.filter(result_changed_at__gt=last["at"])
    rows = list(rows)
    if not rows:
        raise WorkflowError(f"{locked}没有新的可公开事项", field="batch")
    publication = Publication.objects.create(batch=locked, sequence=(last["n"] or 0) + 1, published_by=by)
    PublishedItem.objects.filter(complaint__in=rows, is_current=True).update(is_current=False)
    PublishedItem.objects.bulk_create(
        PublishedItem(
            publication=publication,
            complaint=c,
            inspection_id=locked.inspection_id,
            batch_number=locked.number,
            number=c.number,
            text=c.text,
            region_name=c.region.name,
            pollution_types="、".join(t.name for t in c.pollution_types.all()),
            findings=c.findings,
            verdict=c.get_verdict_display(),
            measures=c.measures,
            accountability=c.accountability or "无",
            handling_state=c.get_handling_state_display(),
        )
        for c in rows
    )
    record_event(locked, by=by, action="published", note=str(publication), data={"count": len(rows)})
    return publication


# --- the public ---------------------------------------------------------------------------------


@transaction.atomic
def rate_complaint(complaint: Complaint, *, rating: int, comment: str = "") -> Complaint:
    """The reporter rates a closed complaint once (1–5), from the tracking page."""
    locked = _locked(complaint)
    if locked.status != Status.CLOSED:
        raise WorkflowError("办结后才能评价", field="rating", code="transition")
    if locked.rating is not None:
        raise WorkflowError("已经评价过了", field="rating", code="duplicate")
    if rating not in range(1, 6):
        raise WorkflowError("满意度须为 1 至 5", field="rating")
    locked.rating, locked.rating_comment, locked.rated_at = rating, comment.strip()[:1000], timezone.now()
    locked.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    record_event(locked, by=None, action="rated", note=f"{rating} 星")
    return locked
