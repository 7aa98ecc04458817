"""Intake: acceptance numbers, registration (idempotent), the reporter's identity."""

import datetime as dt
import secrets as random_source

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from audit.workflow import record_event
from complaints import secrets
from complaints.models import (
    Channel,
    Complaint,
    NumberCounter,
    PollutionType,
    ReportPhoto,
    Status,
)
from complaints.workflow.base import (
    PROVINCE_ABBREVIATIONS,
    TRACKING_ALPHABET,
    _require_role,
    _visible,
    clock,
    hotline_rules_apply,
)
from complaints.workflow.receipt import check_upload
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.models import DeadlineRuleKey, Inspection
from organisations.models import Region
from screening import duplicates

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
    if not inspection.covers(region.prefix):
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


def check_intake_rights(by, inspection: Inspection, *, visible: bool = False) -> None:
    """Staff intake: the team or an office that can see the inspection. `visible`: the caller has just
    read the inspection through `visible_to(by)` (inspections.cache.for_intake), so scope holds."""
    _require_role(by, "team", "office", what="受理举报")
    if not visible and not Inspection.objects.visible_to(by).filter(pk=inspection.pk).exists():
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
    photos=(),
    visible: bool = False,
) -> tuple[Complaint, bool]:
    """Register a complaint with a new acceptance number and tracking code; writes a `registered`
    event. `by` None is the public portal. With an idempotency key already used by the same
    caller, nothing is created and the first complaint is returned with `created` False (the unique
    key decides, so a replay costs one failed insert rather than a lookup before every new one)."""
    key = _intake_key(by, idempotency_key)
    if inspection.stage == "archived":
        raise WorkflowError("该督察已立卷归档，不再受理举报", field="inspection", code="archived")
    if by is not None and by.is_authenticated:
        check_intake_rights(by, inspection, visible=visible)
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
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise WorkflowError(f"最多上传 {MAX_PHOTOS} 张照片", field="photos")
    for photo in photos:
        if check_upload(photo, field="photos") not in ("jpg", "jpeg", "png"):
            raise WorkflowError(f"{photo.name} 不是照片：请上传 jpg 或 png", field="photos")
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
            _keep_types(complaint, types)
            duplicates.index([(complaint.pk, inspection.pk, complaint.text, complaint.address)], fresh=True)
            for photo in photos:
                ReportPhoto.objects.create(complaint=complaint, file=photo, name=(photo.name or "")[:200])
            record_event(
                complaint,
                by=by,
                action="registered",
                to_state=Status.REGISTERED,
                note=complaint.number,
                settle=False,
            )
            transaction.on_commit(lambda: _flag_duplicate(complaint.pk))
    except IntegrityError:
        # A concurrent request with the same idempotency key won the race.
        if key:
            existing = Complaint.objects.filter(intake_key=key).first()
            if existing is not None:
                return existing, False
        raise
    return complaint, True


MAX_PHOTOS = 3


def _keep_types(complaint: Complaint, types: list) -> None:
    """The complaint's pollution types as just written, so that its answer is built without reading them
    back."""
    rows = PollutionType.objects.filter(pk__in=[t.pk for t in types])
    rows._result_cache, rows._prefetch_done = list(types), True
    complaint._prefetched_objects_cache = {"pollution_types": rows}


def _flag_duplicate(complaint_id: int) -> None:
    from complaints.tasks import flag_possible_duplicate

    flag_possible_duplicate(complaint_id)


def _create(*, by, inspection, channel, received_at, reporter_name, reporter_phone, intake_key, **fields):
    local_day = timezone.localtime(received_at).date()
    return Complaint.objects.create(
        **_hotline_clocks(inspection, channel, received_at),
        outside_hours=channel == Channel.PHONE and not inspection.accepts_calls_at(received_at),
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


def _hotline_clocks(inspection, channel: str, received_at) -> dict:
    """A 12369 complaint, or one received after the stay, runs on the 12369 rules from intake: accepted
    (screened) within 15 days of receipt and closed within 60, as the inspection's rules say."""
    if not hotline_rules_apply(inspection, channel, received_at):
        return {}
    accept_due = inspection.deadline(DeadlineRuleKey.HOTLINE_ACCEPT, received_at)
    close_due = inspection.deadline(DeadlineRuleKey.HOTLINE_CLOSE, received_at)
    current = clock(received_at, accept_due or close_due)
    return {
        "accept_due_at": accept_due,
        "close_due_at": close_due,
        "due_at": current.due_at,
        "soon_at": current.soon_at,
        "due_state": current.state(timezone.now()),
    }


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
