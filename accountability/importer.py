"""Import of a 问责情况表 (the accountability table counties and the petition group keep in Excel): one row per
person held accountable. All-or-nothing: every row is checked first, every error is returned with its row
and column, and nothing is written unless every row is right."""

import datetime as dt
import re
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accountability.models import CadreLevel, FormOfAccountability, SourceKind
from ducha.errors import WorkflowError
from organisations.workflow import ImportResult, RowError

COLUMNS = (
    "被问责人",
    "职务",
    "所在单位",
    "干部层级",
    "问责方式",
    "问责事由",
    "决定机关",
    "决定日期",
    "文号",
    "受理编号",
)
REQUIRED = ("被问责人", "所在单位", "问责事由")
DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def cadre_level_of(text: str) -> str | None:
    """厅局级 / 县处级 / 乡科级 and the ways ledgers write them (正处、副科级 …); blank is 其他."""
    text = text.strip()
    if not text or text in ("其他", "无", "一般干部", "其它"):
        return CadreLevel.OTHER
    if "厅" in text or text.endswith("局级"):
        return CadreLevel.BUREAU
    if "处" in text or "县级" in text:
        return CadreLevel.COUNTY
    if "科" in text or "乡级" in text:
        return CadreLevel.TOWNSHIP
    return None


def date_of(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE.match(str(value or ""))
    if not match:
        raise ValueError
    return dt.date(*(int(g) for g in match.groups()))


def form_of(text: str, forms: dict[str, str]) -> str | None:
    """The form's code by its name, or by the longest form name the cell contains (党内警告 → 警告)."""
    text = text.strip()
    if text in forms:
        return forms[text]
    found = [name for name in forms if name in text]
    return forms[max(found, key=len)] if found else None


def _units(by, names: set[str]) -> dict:
    """Each distinct written unit name → its Resolution (one small query per name, not per row): 市环保局,
    汉滨区政府 and 旬阳县政府 are read as the registered units they mean (organisations.names)."""
    from organisations.models import Unit
    from organisations.names import resolve

    place = by.unit.region.name if by.unit_id else ""
    visible = Unit.objects.visible_to(by)
    return {name: resolve(name, visible, place=place) for name in names}


def import_records(rows: Iterable[tuple[int, dict]], *, by, progress=None) -> ImportResult:
    from accountability.workflow import may_register, register_record
    from complaints.models import Complaint

    result = ImportResult()
    rows = list(rows)
    text = {
        number: {k: str(v).strip() if v is not None else "" for k, v in values.items()}
        for number, values in rows
    }
    units = _units(by, {t.get("所在单位", "") for t in text.values()} - {""})
    forms = dict(FormOfAccountability.objects.filter(is_active=True).values_list("name", "code"))
    numbers = {
        n.strip()
        for t in text.values()
        for n in re.split(r"[,，、;；\s]+", t.get("受理编号", ""))
        if n.strip()
    }
    complaints = {c.number: c for c in Complaint.objects.visible_to(by).filter(number__in=numbers)}
    parsed = []
    today = timezone.localdate()
    for number, values in rows:
        t = text[number]
        errors = [RowError(number, column, "不能为空") for column in REQUIRED if not t.get(column)]
        resolution = units.get(t.get("所在单位", ""))
        matches = [resolution.unit] if resolution is not None and resolution.unit is not None else []
        if t.get("所在单位") and not matches:
            errors.append(
                RowError(number, "所在单位", f"“{t['所在单位']}”{resolution.message}", unit_name=t["所在单位"],
                         candidates=[u.pk for u in resolution.candidates])
            )  # fmt: skip
        elif matches and not may_register(by, matches[0]):
            errors.append(RowError(number, "所在单位", "您不能为该单位登记问责"))
        level = cadre_level_of(t.get("干部层级", ""))
        if level is None:
            errors.append(
                RowError(number, "干部层级", f"“{t['干部层级']}”应为 厅局级 / 县处级 / 乡科级 / 其他")
            )
        form = ""
        if t.get("问责方式"):
            form = form_of(t["问责方式"], forms)
            if form is None:
                errors.append(RowError(number, "问责方式", f"“{t['问责方式']}”不是启用的问责方式"))
        decided_on = None
        raw_date = values.get("决定日期")
        if raw_date not in (None, ""):
            try:
                decided_on = date_of(raw_date)
            except (ValueError, TypeError):
                errors.append(RowError(number, "决定日期", f"“{raw_date}”不是日期（如 2018-11-25）"))
            else:
                if decided_on > today:
                    errors.append(RowError(number, "决定日期", "不能晚于今天"))
        if (form or decided_on or t.get("决定机关")) and not (form and decided_on and t.get("决定机关")):
            errors.append(RowError(number, "问责方式", "已作出决定的须同时填写问责方式、决定机关和决定日期"))
        linked = []
        for code in re.split(r"[,，、;；\s]+", t.get("受理编号", "")):
            if code and code not in complaints:
                errors.append(RowError(number, "受理编号", f"{code} 不存在或不在您的管辖范围内"))
            elif code:
                linked.append(complaints[code])
        for column, limit in (
            ("被问责人", 40),
            ("职务", 80),
            ("决定机关", 120),
            ("文号", 60),
            ("问责事由", 2000),
        ):
            if len(t.get(column, "")) > limit:
                errors.append(RowError(number, column, f"不能超过 {limit} 个字"))
        if errors:
            result.errors.extend(errors)
            continue
        parsed.append((number, matches[0], t, level, form, decided_on, linked))
    if result.errors:
        return result
    with transaction.atomic():
        for index, (number, unit, t, level, form, decided_on, linked) in enumerate(parsed, start=1):
            try:
                register_record(
                    by=by, unit=unit, person_name=t["被问责人"], post=t.get("职务", ""), cadre_level=level,
                    reason=t["问责事由"], form=form, source_kind=SourceKind.IMPORT, complaints=linked,
                    decided_by=t.get("决定机关", ""), decided_on=decided_on, document_number=t.get("文号", ""),
                )  # fmt: skip
            except WorkflowError as error:  # a check above missed something: nothing is kept
                transaction.set_rollback(True)
                return ImportResult(errors=[RowError(number, error.field or "", error.message)])
            result.created += 1
            if progress and index % 200 == 0:
                progress("写入", index, len(parsed))
    return result
