"""Excel in and out for loop A: the standard intake table, and the public disclosure table.

Import is all-or-nothing: every row is checked first, every error is returned with its row number,
column and reason, and nothing is written unless all rows are right. Writing is set-based (bulk
inserts in chunks) so that 10,000 rows take seconds. Export streams rows from the database into a
write-only workbook, so memory stays flat however long the table."""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook

from audit.models import Event
from complaints import secrets
from complaints.models import Batch, BatchStatus, Channel, Complaint, IndustryCategory, PollutionType, Status
from complaints.queries import disclosure_rows, target_counties
from complaints.workflow import (
    allocate_serials,
    check_intake_rights,
    default_lead_unit,
    format_number,
    new_tracking_code,
)
from ducha.spreadsheets import write_table
from inspections.models import Inspection
from organisations.models import Unit
from organisations.workflow import ImportResult, RowError
from screening import duplicates

TEXT_COLUMNS = ("交办问题基本情况", "举报内容")
REGION_COLUMN = "行政区域"
INTAKE_COLUMNS = (
    "序号", "受理编号", "受理时间", "受理方式", "举报人", "联系电话", "交办问题基本情况", "地址",
    "行政区域", "污染类型", "行业类别", "重点件", "承办单位", "批次",
)  # fmt: skip
DISCLOSURE_COLUMNS = (
    "序号", "受理编号", "交办问题基本情况", "行政区域", "污染类型", "调查核实情况", "是否属实",
    "处理和整改情况", "责任追究情况", "办结状态",
)  # fmt: skip
CHANNEL_NAMES = {label: value for value, label in Channel.choices} | {v: v for v in Channel.values}
CHANNEL_NAMES |= {"电话": "D", "信件": "X", "网上": "W", "走访": "F"}
SPLIT = re.compile(r"[、,，;；/\s]+")
CHUNK = 1000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _when(value) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(8, 0))
    else:
        text = _text(value).replace("/", "-").replace("年", "-").replace("月", "-").replace("日", "")
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{_text(value)}”不是日期时间，请写成 2018-06-05 09:30") from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def import_complaints(
    rows: Iterable[tuple[int, dict]],
    *,
    inspection: Inspection,
    by=None,
    batch_number: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """Register the complaints of a standard table. A `批次` column (or `batch_number`) places the
    rows, screened and accepted, into that transfer batch (a draft, created when missing); without
    it they wait for screening. `by` None is a system import run by an administrator."""
    if by is not None:
        check_intake_rights(by, inspection)
    result = ImportResult()
    rows = list(rows)
    counties = _county_reader(inspection)
    types = {t.name: t for t in PollutionType.objects.filter(is_active=True, parent__isnull=False)}
    # 行业类别 rides with the types: its names are looked up by a key no pollution type can have.
    types |= {("行业", i.name): i for i in IndustryCategory.objects.filter(is_active=True)}
    types |= {t.name: t for t in PollutionType.objects.filter(is_active=True, parent__isnull=True)}
    units = _unit_reader(inspection)
    existing_numbers = set(inspection.complaints.values_list("number", flat=True))
    batches = {b.number: b for b in inspection.batches.all()}
    seen: dict[str, int] = {}
    parsed = []
    for index, (number, values) in enumerate(rows, start=1):
        errors = _check_row(
            number, values, counties, types, units, batches, batch_number, seen, existing_numbers
        )
        if isinstance(errors, list):
            result.errors.extend(errors)
        else:
            parsed.append(errors)
        if progress and index % CHUNK == 0:
            progress("检查", index, len(rows))
    if not rows:
        result.errors.append(RowError(0, "文件", "没有数据行"))
    if result.errors:
        return result
    with transaction.atomic():
        _write(parsed, inspection=inspection, by=by, batches=batches, progress=progress, total=len(parsed))
    result.created = len(parsed)
    return result


def _county_reader(inspection):
    """A 行政区域 cell → (county, "") or (None, why): the code or name of one of the inspection's counties,
    or any way people write it (邢台县, 连南, 张家口桥西区; screening.places), each distinct value read once."""
    from screening.places import locate

    by_name = {r.name: r for r in target_counties(inspection)} | {
        r.code: r for r in target_counties(inspection)
    }
    prefixes = [t.region.prefix for t in inspection.targets.select_related("region")]
    cache = {}

    def read(value: str):
        if value in by_name:
            return by_name[value], ""
        if value not in cache:
            found = locate(value, prefixes) if value else None
            if found is not None and found.region is not None and found.region.code in by_name:
                cache[value] = (by_name[found.region.code], "")
            elif found is not None and found.candidates:
                labels = "、".join(label for _r, label in found.candidates)
                cache[value] = (None, f"有多处：{labels}，请写明所在市")
            else:
                cache[value] = (None, "不是本次督察范围内的区县")
        return cache[value]

    return read


def _unit_reader(inspection):
    """A 承办单位 cell → Resolution among the active units of the inspection's area, as ledgers write unit
    names (organisations.names)."""
    from organisations.names import resolve

    prefixes = [t.region.prefix for t in inspection.targets.select_related("region")]
    within = Q()
    for prefix in prefixes:
        within |= Q(region__prefix__startswith=prefix)
    units = Unit.objects.filter(within, is_active=True)
    place = inspection.targets.select_related("region").first()
    place_name = place.region.name if place else ""
    cache = {}

    def read(name: str):
        if name not in cache:
            cache[name] = resolve(name, units, place=place_name)
        return cache[name]

    return read


def _check_row(number, values, counties, types, units, batches, batch_number, seen, existing_numbers):
    errors = []
    text = next((_text(values.get(c)) for c in TEXT_COLUMNS if _text(values.get(c))), "")
    if len(text) < 5:
        errors.append(RowError(number, "交办问题基本情况", "不能为空，至少 5 个字"))
    region_value = _text(values.get(REGION_COLUMN))
    region, why = counties(region_value)
    if region is None:
        errors.append(RowError(number, REGION_COLUMN, f"“{region_value}”{why}"))
    channel_value = _text(values.get("受理方式")) or "来电"
    channel = CHANNEL_NAMES.get(channel_value)
    if channel is None:
        errors.append(RowError(number, "受理方式", f"“{channel_value}”应为 来电、来信、网络 或 来访"))
    picked = []
    for name in filter(None, SPLIT.split(_text(values.get("污染类型")))):
        if name not in types:
            errors.append(RowError(number, "污染类型", f"“{name}”不在污染类型字典中"))
        else:
            picked.append(types[name])
    industry_value = _text(values.get("行业类别")).removesuffix("类")
    industry = types.get(("行业", industry_value)) if industry_value else None
    if industry_value and industry is None:
        errors.append(RowError(number, "行业类别", f"“{industry_value}”不在行业类别字典中"))
    given = _text(values.get("受理编号")).upper()
    if given:
        if given in existing_numbers:
            errors.append(RowError(number, "受理编号", f"{given} 已存在"))
        elif given in seen:
            errors.append(RowError(number, "受理编号", f"与第 {seen[given]} 行重复"))
        seen[given] = number
    try:
        received_at = _when(values.get("受理时间"))
    except ValueError as error:
        errors.append(RowError(number, "受理时间", str(error)))
        received_at = None
    batch_value = _text(values.get("批次")).removeprefix("第").removesuffix("批") or (
        str(batch_number) if batch_number else ""
    )
    batch = None
    if batch_value:
        if not batch_value.isdigit() or int(batch_value) < 1:
            errors.append(RowError(number, "批次", f"“{batch_value}”不是批次号"))
        else:
            batch = int(batch_value)
            if batch in batches and batches[batch].status == BatchStatus.ISSUED:
                errors.append(RowError(number, "批次", f"第{batch}批已交办，不能再加入"))
    unit = None
    unit_name = _text(values.get("承办单位"))
    if unit_name:
        found = units(unit_name)
        unit = found.unit
        if unit is None:
            errors.append(
                RowError(number, "承办单位", f"“{unit_name}”不是本次督察范围内的单位（{found.message}）",
                         unit_name=unit_name, candidates=[u.pk for u in found.candidates])
            )  # fmt: skip
    elif batch and region is not None:
        unit = default_lead_unit(region)
        if unit is None:
            errors.append(RowError(number, "承办单位", f"{region.name}尚无承办单位"))
    key_value = _text(values.get("重点件"))
    if key_value not in ("", "是", "否", "1", "0"):
        errors.append(RowError(number, "重点件", "应为 是 或 否"))
    if errors:
        return errors
    return {
        "row": number,
        "text": text,
        "region": region,
        "channel": channel,
        "types": picked,
        "number": given,
        "received_at": received_at or timezone.now(),
        "batch": batch,
        "unit": unit,
        "is_key_case": key_value in ("是", "1"),
        "industry": industry,
        "address": _text(values.get("地址")),
        "reporter_name": _text(values.get("举报人")),
        "reporter_phone": _text(values.get("联系电话")),
    }


def _numbers(inspection, parsed):
    """Acceptance numbers for rows without one: one counter update per day for the whole file."""
    per_day = defaultdict(list)
    for item in parsed:
        if not item["number"]:
            per_day[timezone.localtime(item["received_at"]).date()].append(item)
    for day, items in per_day.items():
        for serial, item in zip(allocate_serials(inspection, day, len(items)), items, strict=True):
            item["number"] = format_number(inspection, item["channel"], day, serial)


def _write(parsed, *, inspection, by, batches, progress, total):
    _numbers(inspection, parsed)
    needed = {item["batch"] for item in parsed if item["batch"]} - set(batches)
    for number in sorted(needed):
        batches[number] = Batch.objects.create(inspection=inspection, number=number)
    actor = by if by is not None and by.is_authenticated else None
    now = timezone.now()
    Through = Complaint.pollution_types.through
    for start in range(0, len(parsed), CHUNK):
        chunk = parsed[start : start + CHUNK]
        complaints = Complaint.objects.bulk_create(
            Complaint(
                inspection=inspection,
                number=item["number"],
                tracking_code=new_tracking_code(),
                channel=item["channel"],
                received_at=item["received_at"],
                outside_hours=item["channel"] == Channel.PHONE
                and not inspection.accepts_calls_at(item["received_at"]),
                text=item["text"],
                address=item["address"],
                region=item["region"],
                region_prefix=item["region"].prefix,
                is_anonymous=not item["reporter_name"] and not item["reporter_phone"],
                reporter_name_secret=secrets.encrypt(item["reporter_name"]),
                reporter_phone_secret=secrets.encrypt(item["reporter_phone"]),
                reporter_name_masked=secrets.mask_name(item["reporter_name"]),
                reporter_phone_masked=secrets.mask_phone(item["reporter_phone"]),
                status=Status.ACCEPTED if item["batch"] else Status.REGISTERED,
                is_key_case=item["is_key_case"],
                industry=item["industry"],
                lead_unit=item["unit"],
                batch=batches[item["batch"]] if item["batch"] else None,
                created_by=actor,
                created_at=now,
            )
            for item in chunk
        )
        if not all(c.pk for c in complaints):
            # Backends that return no keys from bulk inserts: read them back by number.
            ids = dict(
                inspection.complaints.filter(number__in=[c.number for c in complaints]).values_list(
                    "number", "pk"
                )
            )
            for c in complaints:
                c.pk = ids[c.number]
        duplicates.index((c.pk, inspection.pk, c.text, c.address) for c in complaints)
        Through.objects.bulk_create(
            Through(complaint_id=c.pk, pollutiontype_id=t.pk)
            for c, item in zip(complaints, chunk, strict=True)
            for t in item["types"]
        )
        Event.objects.bulk_create(
            Event(
                subject_type=Complaint._meta.label_lower,
                subject_id=str(c.pk),
                region_prefix=c.region_prefix,
                action="imported",
                to_state=c.status,
                note=f"Excel 第 {item['row']} 行" + (f"，第{item['batch']}批" if item["batch"] else ""),
                actor=actor,
                at=now,
            )
            for c, item in zip(complaints, chunk, strict=True)
        )
        if progress:
            progress("写入", min(start + CHUNK, total), total)


def disclosure_title(inspection: Inspection, batch: int | None) -> str:
    suffix = f"（第{batch}批）" if batch else ""
    return f"{inspection.team_name}群众信访举报转办和边督边改公开情况一览表{suffix}"


def write_disclosure(inspection: Inspection, target, *, batch: int | None = None, progress=None) -> int:
    """Write the public table — a title row, then DOMAIN.md's columns in order — to a path or a
    file object. Streams: rows come from the database in chunks into a write-only workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("公开情况一览表")
    rows = disclosure_rows(inspection, batch).values_list(
        "number", "text", "region_name", "pollution_types", "findings", "verdict", "measures", "accountability",
        "handling_state",
    )  # fmt: skip

    def numbered():
        for index, values in enumerate(rows.iterator(chunk_size=2000), start=1):
            if progress and index % 10000 == 0:
                progress("导出", index, None)
            yield (index, *values)

    count = write_table(sheet, DISCLOSURE_COLUMNS, numbered(), title=disclosure_title(inspection, batch))
    workbook.save(target)
    return count
