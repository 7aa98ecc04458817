"""Every write to regions, units and people."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from ducha.errors import PermissionDeniedError
from organisations.models import Region, RegionLevel
from organisations.regions_data import ROOT_CODE, SOURCE, parse_regions, read_adcodes_csv
from organisations.scope import scope_of


def full_name_of(names: list[str]) -> str:
    """'北京市' + '北京市' + '海淀区' reads '北京市海淀区': a municipality's city level repeats it."""
    out: list[str] = []
    for name in names:
        if not out or out[-1] != name:
            out.append(name)
    return "".join(out)


@transaction.atomic
def load_regions(*, progress=None) -> tuple[int, int]:
    """Load or refresh every province, city and county from the offline GB/T 2260 list.

    Idempotent: existing codes are updated in place (name, coordinates), new ones created; nothing is
    deleted, since units and inspections refer to regions. Returns (created, updated)."""
    rows = parse_regions(read_adcodes_csv())
    root, _ = Region.objects.update_or_create(
        code=ROOT_CODE,
        defaults={
            "name": "全国",
            "level": RegionLevel.COUNTRY,
            "full_name": "中华人民共和国",
            "source": SOURCE,
        },
    )
    existing = {r.code: r for r in Region.objects.all()}
    by_code = dict(existing)
    created = updated = 0
    for index, row in enumerate(rows, start=1):
        parent = by_code.get(row.parent_code, root)
        parent_names = [] if parent.level == RegionLevel.COUNTRY else [parent.full_name or parent.name]
        values = {
            "name": row.name,
            "level": row.level,
            "parent": parent,
            "full_name": full_name_of([*parent_names, row.name]),
            "longitude": row.longitude,
            "latitude": row.latitude,
            "source": SOURCE,
        }
        region = existing.get(row.code)
        if region is None:
            region = Region.objects.create(code=row.code, **values)
            created += 1
        elif any(getattr(region, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(region, k, v)
            region.save()
            updated += 1
        by_code[row.code] = region
        if progress and (index % 500 == 0 or index == len(rows)):
            progress(index, len(rows))
    return created, updated


@dataclass
class RowError:
    row: int
    column: str
    message: str
    # A unit name no registered unit answers to, and the units it may mean: the import's result page
    # offers to map it (imports.views.map_units).
    unit_name: str = ""
    candidates: list = field(default_factory=list)

    def __str__(self):
        return f"第 {self.row} 行，“{self.column}”列：{self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)


TOWNSHIP_COLUMNS = ("区划代码", "名称", "上级区划代码")


def import_townships(rows: Iterable[tuple[int, dict]], *, by) -> ImportResult:
    """Add or rename townships (乡镇、街道) under counties in the user's area.

    `rows` yields (spreadsheet row number, {column: value}). All-or-nothing: every row is checked
    first, and if any is wrong nothing is written and every error is returned with row and column."""
    if not by.has_role("office"):
        raise PermissionDeniedError("只有督察办用户可以维护乡镇（街道）")
    scope = scope_of(by)
    result = ImportResult()
    parsed = []
    seen_codes: dict[str, int] = {}
    rows = list(rows)
    parent_codes = {str(v.get("上级区划代码") or "").strip() for _, v in rows}
    parents = {r.code: r for r in Region.objects.filter(code__in=parent_codes, level=RegionLevel.COUNTY)}
    for number, values in rows:
        code = str(values.get("区划代码") or "").strip()
        name = str(values.get("名称") or "").strip()
        parent_code = str(values.get("上级区划代码") or "").strip()
        if not (len(code) == 9 and code.isdigit()):
            result.errors.append(RowError(number, "区划代码", f"“{code}”不是 9 位乡级区划代码"))
            continue
        if not name:
            result.errors.append(RowError(number, "名称", "不能为空"))
            continue
        parent = parents.get(parent_code)
        if parent is None:
            result.errors.append(RowError(number, "上级区划代码", f"“{parent_code}”不是已知的县级区划"))
            continue
        if not code.startswith(parent.code):
            result.errors.append(RowError(number, "区划代码", f"{code} 不在上级区划 {parent.code} 之下"))
            continue
        if not scope.covers(parent.prefix):
            result.errors.append(RowError(number, "上级区划代码", f"{parent.name}不在您的管辖范围内"))
            continue
        if code in seen_codes:
            result.errors.append(RowError(number, "区划代码", f"与第 {seen_codes[code]} 行重复"))
            continue
        seen_codes[code] = number
        parsed.append((code, name, parent))
    if result.errors:
        return result
    with transaction.atomic():
        existing = {r.code: r for r in Region.objects.select_for_update().filter(code__in=seen_codes)}
        for code, name, parent in parsed:
            full = full_name_of([parent.full_name or parent.name, name])
            region = existing.get(code)
            if region is None:
                Region.objects.create(
                    code=code,
                    name=name,
                    level=RegionLevel.TOWNSHIP,
                    parent=parent,
                    full_name=full,
                    source="本地录入",
                )
                result.created += 1
            elif region.name != name or region.parent_id != parent.pk:
                region.name, region.parent, region.full_name = name, parent, full
                region.save()
                result.updated += 1
    return result
