"""Screening: classify, accept, reject, merge a duplicate."""

from django.db import transaction
from django.utils import timezone

from audit.workflow import record_event
from complaints.models import (
    BatchStatus,
    Complaint,
    DueState,
    Status,
)
from complaints.workflow.base import _check_transition, _locked, _require_role, _visible, clock
from complaints.workflow.intake import check_pollution_types, check_region
from ducha.errors import WorkflowError
from organisations.models import Region, Unit

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
    industry=None,
) -> Complaint:
    """Set county, pollution types, industry category, key-case flag, lead and co-units before transfer; writes a
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
    if industry is not None and industry.pk != locked.industry_id:
        if not industry.is_active:
            raise WorkflowError(f"行业类别“{industry.name}”已停用", field="industry")
        locked.industry = industry
        changed.append("industry")
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
            from complaints.workflow.joint import sync_shares

            sync_shares(locked)
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
    fields = ["status", "lead_unit", "updated_at"]
    if locked.close_due_at:  # 12369: accepted in time; now the close clock runs
        current = clock(locked.received_at, locked.close_due_at)
        locked.due_at, locked.soon_at, locked.due_state = (
            current.due_at,
            current.soon_at,
            current.state(timezone.now()),
        )
        fields += ["due_at", "soon_at", "due_state"]
    locked.save(update_fields=fields)
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
    locked.due_at = locked.soon_at = None
    locked.due_state = DueState.NONE
    locked.save(
        update_fields=[
            "status",
            "rejection_reason",
            "referral",
            "due_at",
            "soon_at",
            "due_state",
            "updated_at",
        ]
    )
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
