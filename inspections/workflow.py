"""Every write to inspections: create, change, move between stages, adjust deadline rules."""

import re
from decimal import Decimal

from django.db import transaction

from audit.workflow import record_event
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.models import (
    DEFAULT_RULES,
    LOCAL_KEYS,
    OPTIONAL_RULES,
    DeadlineRule,
    Inspection,
    InspectionStage,
    InspectionTarget,
    StartEvent,
)
from organisations.scope import scope_of
from workcalendar.deadlines import UNITS

CODE_PATTERN = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")

# Stages move forward one step at a time; a step back is allowed for corrections.
STAGE_ORDER = list(InspectionStage.values)

EDITABLE_FIELDS = (
    "name",
    "level",
    "kind",
    "round_number",
    "team_name",
    "stationed_from",
    "stationed_until",
    "hotline",
    "postal_box",
    "accepting_from",
    "accepting_until",
    "duplicate_threshold",
    "description",
)


def _check_fields(
    *,
    code=None,
    stationed_from=None,
    stationed_until=None,
    accepting_from=None,
    accepting_until=None,
    target_regions=None,
    duplicate_threshold=None,
):
    if duplicate_threshold is not None and not 0.3 <= float(duplicate_threshold) <= 0.95:
        raise WorkflowError("疑似重复提示阈值应在 0.30 到 0.95 之间", field="duplicate_threshold")
    if code is not None and not CODE_PATTERN.match(code):
        raise WorkflowError("编号只能由大写字母、数字和连字符组成，如 HB-2018-HTK-12", field="code")
    if stationed_from and stationed_until and stationed_until < stationed_from:
        raise WorkflowError("进驻结束日期不能早于开始日期", field="stationed_until")
    if accepting_from and accepting_until and accepting_until <= accepting_from:
        raise WorkflowError("受理结束时间必须晚于开始时间", field="accepting_until")
    if target_regions is not None and not target_regions:
        raise WorkflowError("至少选择一个被督察区域", field="target_regions")


def _check_office(by, office):
    scope = scope_of(by)
    if not by.has_role("office"):
        raise PermissionDeniedError("只有督察办用户可以创建或修改督察")
    if not scope.covers(office.region.prefix):
        raise WorkflowError("组织单位不在您的管辖范围内", field="office")


def _check_units(by, units):
    scope = scope_of(by)
    outside = [u.name for u in units if not scope.covers(u.region.prefix)]
    if outside:
        raise WorkflowError(f"被督察单位不在您的管辖范围内：{'、'.join(outside)}", field="target_units")


def _check_regions(by, regions):
    scope = scope_of(by)
    outside = [r.name for r in regions if not scope.covers(r.prefix)]
    if outside:
        raise WorkflowError(f"被督察区域不在您的管辖范围内：{'、'.join(outside)}", field="target_regions")


@transaction.atomic
def create_inspection(
    *,
    by,
    code: str,
    name: str,
    level: str,
    kind: str,
    team_name: str,
    office,
    target_regions,
    stationed_from,
    stationed_until,
    round_number=None,
    teams=(),
    hotline: str = "",
    postal_box: str = "",
    accepting_from=None,
    accepting_until=None,
    description: str = "",
    duplicate_threshold=None,
    target_units=(),
) -> Inspection:
    """Create an inspection with DOMAIN.md's default deadline rules; writes a `created` event."""
    code = code.strip().upper()
    target_regions = list(target_regions)
    target_units = list(target_units)
    _check_units(by, target_units)
    _check_office(by, office)
    _check_fields(
        code=code,
        stationed_from=stationed_from,
        stationed_until=stationed_until,
        accepting_from=accepting_from,
        accepting_until=accepting_until,
        target_regions=target_regions,
        duplicate_threshold=duplicate_threshold,
    )
    _check_regions(by, target_regions)
    if Inspection.objects.filter(code=code).exists():
        raise WorkflowError(f"编号 {code} 已被使用", field="code", code="duplicate")
    inspection = Inspection(
        code=code,
        name=name,
        level=level,
        kind=kind,
        team_name=team_name,
        office=office,
        round_number=round_number,
        stationed_from=stationed_from,
        stationed_until=stationed_until,
        hotline=hotline,
        postal_box=postal_box,
        duplicate_threshold=duplicate_threshold if duplicate_threshold is not None else Decimal("0.60"),
        description=description,
        created_by=by,
    )
    if accepting_from:
        inspection.accepting_from = accepting_from
    if accepting_until:
        inspection.accepting_until = accepting_until
    inspection.save()
    InspectionTarget.objects.bulk_create(
        InspectionTarget(inspection=inspection, region=r) for r in target_regions
    )
    inspection.teams.set(teams)
    inspection.target_units.set(target_units)
    rules = [(*row, True) for row in DEFAULT_RULES] + [(*row, False) for row in OPTIONAL_RULES]
    DeadlineRule.objects.bulk_create(
        DeadlineRule(inspection=inspection, key=key, amount=amount, unit=unit, start_event=event, basis=basis,
                     is_active=active)
        for key, amount, unit, event, basis, active in rules
    )  # fmt: skip
    record_event(
        inspection,
        by=by,
        action="created",
        to_state=inspection.stage,
        region_prefix=office.region.prefix,
        note=name,
    )
    return inspection


def _locked(inspection: Inspection, by) -> Inspection:
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not Inspection.objects.editable_by(by).filter(pk=locked.pk).exists():
        raise PermissionDeniedError("您无权修改这次督察")
    return locked


@transaction.atomic
def update_inspection(
    inspection: Inspection, *, by, target_regions=None, teams=None, target_units=None, **changes
) -> Inspection:
    """Change an inspection's fields; writes an `updated` event listing the changed fields."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise WorkflowError(f"不能修改字段：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    locked = _locked(inspection, by)
    merged = {f: changes.get(f, getattr(locked, f)) for f in EDITABLE_FIELDS}
    target_list = list(target_regions) if target_regions is not None else None
    _check_fields(
        stationed_from=merged["stationed_from"],
        stationed_until=merged["stationed_until"],
        accepting_from=merged["accepting_from"],
        accepting_until=merged["accepting_until"],
        target_regions=target_list,
        duplicate_threshold=merged.get("duplicate_threshold"),
    )
    changed = [f for f in EDITABLE_FIELDS if f in changes and changes[f] != getattr(locked, f)]
    for field in changed:
        setattr(locked, field, changes[field])
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    if target_list is not None:
        _check_regions(by, target_list)
        before = set(locked.targets.values_list("region_id", flat=True))
        after = {r.pk for r in target_list}
        if before != after:
            locked.targets.exclude(region_id__in=after).delete()
            InspectionTarget.objects.bulk_create(
                InspectionTarget(inspection=locked, region_id=pk) for pk in after - before
            )
            changed.append("target_regions")
    if teams is not None:
        before = set(locked.teams.values_list("pk", flat=True))
        locked.teams.set(teams)
        if before != {t.pk for t in teams}:
            changed.append("teams")
    if target_units is not None:
        target_units = list(target_units)
        _check_units(by, target_units)
        before = set(locked.target_units.values_list("pk", flat=True))
        locked.target_units.set(target_units)
        if before != {u.pk for u in target_units}:
            changed.append("target_units")
    if changed:
        _touch(locked)
        record_event(
            locked,
            by=by,
            action="updated",
            region_prefix=locked.office.region.prefix,
            data={"fields": changed},
        )
    return locked


@transaction.atomic
def change_stage(
    inspection: Inspection, *, by, to_stage: str, note: str = "", archiving: bool = False
) -> Inspection:
    """Move an inspection to the next stage (or one back, with a note); writes a `stage_changed` event. Only
    `fieldwork.archive.close_inspection`, which checks that nothing is open and builds the archive, enters
    立卷归档 (`archiving`); nothing leaves it."""
    if to_stage not in STAGE_ORDER:
        raise WorkflowError(f"未知阶段：{to_stage}", field="stage")
    locked = _locked(inspection, by)
    step = STAGE_ORDER.index(to_stage) - STAGE_ORDER.index(locked.stage)
    if step not in (1, -1):
        raise WorkflowError(
            f"不能从“{locked.get_stage_display()}”直接转到“{InspectionStage(to_stage).label}”",
            field="stage",
            code="transition",
        )
    if step == -1 and not note.strip():
        raise WorkflowError("退回上一阶段须说明理由", field="note")
    if locked.stage == InspectionStage.ARCHIVED or (to_stage == InspectionStage.ARCHIVED and not archiving):
        # Archiving builds the archive and makes the data read-only (fieldwork.archive); there is no way back.
        raise WorkflowError("立卷归档请使用“立卷归档”，归档后不能退回", field="stage", code="transition")
    from_stage = locked.stage
    locked.stage = to_stage
    locked.save(update_fields=["stage", "updated_at"])
    record_event(
        locked,
        by=by,
        action="stage_changed",
        from_state=from_stage,
        to_state=to_stage,
        note=note,
        region_prefix=locked.office.region.prefix,
    )
    return locked


@transaction.atomic
def update_deadline_rule(
    rule: DeadlineRule, *, by, amount: int, unit: str, is_active: bool = True
) -> DeadlineRule:
    """Change one deadline rule of an inspection; writes a `deadline_rule_changed` event."""
    _check_duration(amount, unit)
    if rule.region_id:
        inspection = _locked_for_local_rule(rule.inspection, rule.region, by)
    else:
        inspection = _locked(rule.inspection, by)
    rule = DeadlineRule.objects.select_for_update().get(pk=rule.pk)
    if (rule.amount, rule.unit, rule.is_active) == (amount, unit, is_active):
        return rule
    before = str(rule.duration)
    rule.amount, rule.unit, rule.is_active = amount, unit, is_active
    rule.save(update_fields=["amount", "unit", "is_active"])
    _touch(inspection)
    record_event(
        inspection,
        by=by,
        action="deadline_rule_changed",
        region_prefix=inspection.office.region.prefix,
        note=f"{rule.get_key_display()}（{rule.source}）：{before} → {rule.duration}",
        data={"rule": rule.key, "region": rule.region.code if rule.region_id else None},
    )
    return rule


def _touch(inspection: Inspection) -> None:
    """Move `updated_at`: every process's intake copy of the inspection is read again (inspections.cache)."""
    from django.utils import timezone

    Inspection.objects.filter(pk=inspection.pk).update(updated_at=timezone.now())


def _check_duration(amount: int, unit: str) -> None:
    if unit not in UNITS:
        raise WorkflowError(f"时限单位无效：{unit}", field="unit")
    if amount < 0:
        raise WorkflowError("时限不能为负", field="amount")


def _locked_for_local_rule(inspection: Inspection, region, by) -> Inspection:
    """A locality's office may set rules for its own region on an inspection that covers it."""
    if by is None or not (by.is_superuser or by.has_role("office")):
        raise PermissionDeniedError("只有督察办可以规定本地时限")
    if not Inspection.objects.visible_to(by).filter(pk=inspection.pk).exists():
        raise PermissionDeniedError("这次督察不在您的管辖范围内")
    if not by.is_superuser and not scope_of(by).covers(region.prefix):
        raise PermissionDeniedError(f"{region.name}不在您的管辖范围内，不能为其规定时限")
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not locked.concerns(region):
        raise WorkflowError(f"{region.name}不在这次督察的范围内", field="region")
    return locked


@transaction.atomic
def add_local_rule(
    inspection: Inspection, *, by, region, key: str, amount: int, unit: str, basis: str = ""
) -> DeadlineRule:
    """A city office's own, stricter rule for its region on an inspection (邢台: feedback within 3
    days, signed by the county's principal leader). It applies to complaints in that region only."""
    if key not in LOCAL_KEYS:
        labels = "、".join(str(k.label) for k in LOCAL_KEYS)
        raise WorkflowError(f"地方只能规定：{labels}", field="key")
    _check_duration(amount, unit)
    if region is None:
        raise WorkflowError("请选择适用区域", field="region")
    locked = _locked_for_local_rule(inspection, region, by)
    if locked.deadline_rules.filter(key=key, region=region).exists():
        raise WorkflowError(f"{region.name}已有这条规则，请直接修改", field="region", code="duplicate")
    rule = DeadlineRule.objects.create(
        inspection=locked,
        key=key,
        amount=amount,
        unit=unit,
        start_event=StartEvent.BATCH_ISSUED,
        region=region,
        set_by=by.unit if getattr(by, "unit_id", None) else None,
        basis=basis.strip()[:200],
    )
    _touch(locked)
    record_event(
        locked,
        by=by,
        action="deadline_rule_added",
        region_prefix=region.prefix,
        note=f"{rule.get_key_display()}（{rule.source}）：{rule.duration}",
        data={"rule": key, "region": region.code},
    )
    return rule


def _next_year(text: str, year: int) -> str:
    return text.replace(str(year), str(year + 1))


@transaction.atomic
def copy_for_next_year(inspection: Inspection, *, by, code: str = "", name: str = "") -> Inspection:
    """Next year's annual inspection from this year's (丽水: 每年开展1次): the same office, teams, places,
    departments, contacts, hours and rules (the localities' own included), a year later, in 督察准备."""
    source = _locked(inspection, by)
    year = source.stationed_from.year
    try:
        start = source.stationed_from.replace(year=year + 1)
        end = source.stationed_until.replace(year=source.stationed_until.year + 1)
    except ValueError:  # 29 February
        start = source.stationed_from.replace(year=year + 1, day=28)
        end = source.stationed_until.replace(year=source.stationed_until.year + 1, day=28)
    code = (code or "").strip().upper() or _next_year(source.code, year)
    if code == source.code:
        code = f"{source.code}-{year + 1}"
    copy = create_inspection(
        by=by, code=code, name=(name or "").strip() or _next_year(source.name, year), level=source.level,
        kind=source.kind, team_name=source.team_name, office=source.office,
        target_regions=list(source.target_regions.all()), stationed_from=start, stationed_until=end,
        round_number=(source.round_number + 1) if source.round_number else None, teams=list(source.teams.all()),
        hotline=source.hotline, postal_box=source.postal_box, accepting_from=source.accepting_from,
        accepting_until=source.accepting_until, description=source.description,
        duplicate_threshold=source.duplicate_threshold, target_units=list(source.target_units.all()),
    )  # fmt: skip
    own = {r.key: r for r in source.deadline_rules.filter(region__isnull=True)}
    for rule in copy.deadline_rules.all():
        if rule.key in own:
            rule.amount, rule.unit, rule.is_active = (
                own[rule.key].amount,
                own[rule.key].unit,
                own[rule.key].is_active,
            )
            rule.save(update_fields=["amount", "unit", "is_active"])
    DeadlineRule.objects.bulk_create(
        DeadlineRule(
            inspection=copy, key=r.key, amount=r.amount, unit=r.unit, start_event=r.start_event,
            is_active=r.is_active, region=r.region, set_by=r.set_by, basis=r.basis,
        )
        for r in source.deadline_rules.filter(region__isnull=False)
    )  # fmt: skip
    record_event(
        copy, by=by, action="copied", region_prefix=copy.office.region.prefix, note=f"依据 {source.code} 创建",
        data={"from": source.code},
    )  # fmt: skip
    return copy
