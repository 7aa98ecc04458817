"""Reads of complaints, batches and disclosure tables, scoped to the user; aggregates in SQL."""

from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Coalesce, Now
from django.shortcuts import get_object_or_404
from django.utils import timezone

from complaints import summary as published
from complaints.models import (
    CLOCKED,
    COUNTER_FIELDS,
    FINISHED,
    TRANSFERRED_STATUSES,
    Batch,
    Complaint,
    DueState,
    JointShare,
    PollutionType,
    PublishedItem,
    Status,
)
from inspections.models import Inspection
from organisations.models import Region, RegionLevel

# Named queues: who works on them, and which complaints they hold.
QUEUES = {
    "screening": ("待审核", Q(status=Status.REGISTERED)),
    "dup_hint": ("疑似重复待确认", Q(status=Status.REGISTERED, duplicate_hint__isnull=False)),
    "to_batch": ("待组批交办", Q(status=Status.ACCEPTED)),
    "to_forward": ("待转办", Q(status=Status.TRANSFERRED)),
    "to_confirm": ("待签收", Q(status=Status.FORWARDED)),
    "to_phone": ("待电话确认", Q(status=Status.FORWARDED, phone_confirmed_at__isnull=True)),
    "to_answer": ("待反馈", Q(status__in=[Status.RECEIVED, Status.RETURNED])),
    "to_sign": ("待签字", Q(status=Status.SIGNING)),
    "to_review": ("待审核反馈", Q(status=Status.REVIEWING)),
    "stage_closed": ("阶段性办结", Q(status__in=[Status.STAGE_CLOSED, Status.IN_PROGRESS])),
    # Past its clock and still open: what the sweep marks red (within its five minutes), read from the
    # open-clock index alone — an index on the red mark itself would cost the sweep its in-place updates.
    "overdue": ("已逾期", Q(status__in=CLOCKED, due_at__lt=Now())),
    "rebound": ("群众反映问题反弹", Q(rebound_reported_at__isnull=False, rebound_handled_at__isnull=True)),
}
# The queues each role starts from on its workbench.
ROLE_QUEUES = {
    "team": ["screening", "dup_hint", "to_batch", "overdue"],
    "office": ["to_batch", "to_forward", "to_phone", "to_review", "rebound", "overdue"],
    "handler": ["to_confirm", "to_answer", "stage_closed", "overdue"],
    "signer": ["to_confirm", "to_sign"],
}


def queues_for(user) -> list[str]:
    """The queues a user's roles work on, in order, without repeats."""
    roles = list(ROLE_QUEUES) if user.is_superuser else sorted(user.role_codes)
    names: list[str] = []
    for role in roles:
        for name in ROLE_QUEUES.get(role, []):
            if name not in names:
                names.append(name)
    return names


def complaints_for(
    user,
    *,
    inspection: Inspection | None = None,
    queue: str | None = None,
    status: str | None = None,
    batch: int | None = None,
    region_code: str | None = None,
    q: str | None = None,
    due_state: str | None = None,
    key_case: bool | None = None,
):
    rows = Complaint.objects.visible_to(user).select_related("region", "lead_unit", "batch", "inspection")
    if inspection is not None:
        rows = rows.filter(inspection=inspection)
    if queue in QUEUES:
        rows = rows.filter(QUEUES[queue][1])
        if queue in ("to_answer", "stage_closed") and user.has_role("handler") and not user.is_superuser:
            rows = rows.filter(lead_unit_id=user.unit_id)
    if status:
        rows = rows.filter(status=status)
    if batch:
        rows = rows.filter(batch__number=batch)
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            rows = rows.none()
        else:
            # A joint complaint (合办件) is listed under each of its counties, counted once in its lead county's.
            shared = JointShare.objects.filter(region_prefix__startswith=region.prefix).values("complaint_id")
            rows = rows.filter(Q(region_prefix__startswith=region.prefix) | Q(pk__in=shared))
    if due_state:
        rows = rows.filter(due_state=due_state)
    if key_case:
        rows = rows.filter(is_key_case=True)
    if q:
        rows = rows.filter(Q(number__icontains=q) | Q(text__contains=q) | Q(address__contains=q))
    return rows.order_by(F("due_at").asc(nulls_last=True), "-received_at", "-id")


def queue_counts(user, queues) -> dict[str, int]:
    """How many complaints wait in each of the named queues. One small COUNT a queue, each read from an
    index within the user's region (complaint_status_region, complaint_overdue_region): at a province's
    million complaints a single aggregate would read every row instead."""
    rows = Complaint.objects.visible_to(user).order_by()
    counts = {}
    for name in queues:
        condition = QUEUES[name][1]
        if name in ("to_answer", "stage_closed") and user.has_role("handler") and not user.is_superuser:
            condition &= Q(lead_unit_id=user.unit_id)
        counts[name] = rows.filter(condition).count()
    return counts


def complaint_for(user, pk: int) -> Complaint:
    return get_object_or_404(
        Complaint.objects.visible_to(user)
        .select_related("inspection", "region", "lead_unit", "batch", "duplicate_of", "created_by")
        .prefetch_related("pollution_types__parent", "co_units", "feedbacks__evidence"),
        pk=pk,
    )


def complaint_by_number(user, number: str) -> Complaint:
    return get_object_or_404(Complaint.objects.visible_to(user), number=number)


def similar_complaints(
    complaint_or_text,
    *,
    user,
    inspection: Inspection,
    region: Region | None = None,
    address: str = "",
    limit: int = 5,
    threshold: float | None = None,
) -> list[Complaint]:
    """Earlier complaints of the same inspection that seem to be the same matter (screening.duplicates),
    best first, each with `similarity` (0–1) and `shared` (the things both name). The whole inspection is
    searched, not only the county; only complaints `user` may see are compared."""
    from screening import duplicates

    if isinstance(complaint_or_text, Complaint):
        text, address, exclude = complaint_or_text.text, complaint_or_text.address, complaint_or_text.pk
    else:
        text, exclude = complaint_or_text, None
    if not text:
        return []
    threshold = float(inspection.duplicate_threshold if threshold is None else threshold)
    from screening.gazetteer import snapshot

    prefixes = [t.region.prefix for t in inspection.targets.select_related("region")]
    places = snapshot(prefixes)
    analysis = duplicates.analyse(text, address, prefixes=prefixes, snapshot=places)
    ids = duplicates.candidate_ids(inspection.pk, analysis, exclude=exclude)
    # `user` None: the system's own look-up (the hint noted after registration), over the whole inspection.
    visible = Complaint.objects.visible_to(user) if user is not None else Complaint.objects.all()
    rows = visible.filter(inspection=inspection).exclude(status=Status.REJECTED)
    if exclude is not None:
        rows = rows.exclude(pk=exclude).filter(received_at__lte=complaint_or_text.received_at)
    if ids:
        rows = rows.filter(pk__in=ids)
    elif region is not None:
        # Nothing named to look up by: the county's latest complaints, compared by wording alone.
        rows = rows.filter(region_prefix__startswith=region.prefix[:6]).order_by("-received_at")[:200]
    else:
        return []
    found = []
    for row in rows.select_related("region").only(
        "pk", "number", "text", "address", "status", "received_at", "region__name", "region__code"
    ):
        other = duplicates.analyse(row.text, row.address, prefixes=prefixes, snapshot=places)
        score, shared = duplicates.compare(analysis, other)
        if score >= threshold:
            row.similarity, row.shared = round(score, 2), shared
            row.marked = duplicates.marked(row.text, shared)
            found.append(row)
    found.sort(key=lambda r: (-r.similarity, r.received_at))
    return found[:limit]


def suggest_region(inspection: Inspection, address: str, text: str = "") -> Region | None:
    """The county an address names, among the inspection's targets (screening.places: former and short
    names, townships, registered places, same-name districts by their city); None unless certain."""
    from screening.places import suggest_county

    return suggest_county(inspection, address, text).region


def target_counties(inspection: Inspection):
    prefixes = [t.region.prefix for t in inspection.targets.select_related("region")]
    condition = Q()
    for prefix in prefixes:
        condition |= Q(prefix__startswith=prefix)
    direct = Q(pk__in=[t.region_id for t in inspection.targets.all()], level=RegionLevel.COUNTY)
    return Region.objects.filter(condition & Q(level=RegionLevel.COUNTY) | direct).order_by("code")


def pollution_type_tree():
    parents = PollutionType.objects.filter(parent=None, is_active=True).prefetch_related("children")
    return [(p, [c for c in p.children.all() if c.is_active]) for p in parents]


def batches_for(user, inspection: Inspection):
    return (
        Batch.objects.visible_to(user)
        .filter(inspection=inspection)
        .annotate(size=Count("complaints"))
        .order_by("-number")
    )


def batch_progress(user, inspection: Inspection) -> dict[int, dict]:
    """Per batch of the inspection: items, waiting to be forwarded (and the earliest forwarding deadline),
    forwarded, signed for, answered (a result accepted), still open, and how often it was published —
    two aggregates."""
    from complaints.models import Publication

    answered = [Status.IN_PROGRESS, Status.STAGE_CLOSED, *FINISHED]
    received = [Status.RECEIVED, Status.SIGNING, Status.REVIEWING, Status.RETURNED, *answered]
    rows = (
        Complaint.objects.visible_to(user)
        .filter(inspection=inspection, batch__isnull=False)
        .values("batch_id")
        .annotate(
            items=Count("pk", filter=~Q(status=Status.DUPLICATE)),
            to_forward=Count("pk", filter=Q(status=Status.TRANSFERRED)),
            forwarded=Count("pk", filter=Q(status__in=[Status.FORWARDED, *received])),
            received=Count("pk", filter=Q(status__in=received)),
            answered=Count("pk", filter=Q(status__in=answered)),
            forward_due=Min("forward_due_at", filter=Q(status=Status.TRANSFERRED)),
        )
        .order_by()
    )
    out = {row.pop("batch_id"): row for row in rows}
    published = (
        Publication.objects.filter(batch__inspection=inspection)
        .values("batch_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in published:
        out.setdefault(row["batch_id"], {})["published"] = row["n"]
    for figures in out.values():
        figures.setdefault("published", 0)
        figures["open"] = figures.get("items", 0) - figures.get("answered", 0)
    return out


def phone_calls_due(user, inspection: Inspection) -> dict[int, list[dict]]:
    """Per batch, per lead unit: the forwarded items still waiting for the office's call (one query)."""
    rows = (
        Complaint.objects.visible_to(user)
        .filter(inspection=inspection, status=Status.FORWARDED, phone_confirmed_at__isnull=True)
        .values("batch_id", "lead_unit_id", "lead_unit__name", "lead_unit__phone")
        .annotate(n=Count("pk"))
        .order_by("batch_id", "lead_unit__name")
    )
    calls: dict[int, list[dict]] = {}
    for row in rows:
        calls.setdefault(row.pop("batch_id"), []).append(row)
    return calls


def batch_for(user, inspection_code: str, number: int) -> Batch:
    return get_object_or_404(
        Batch.objects.visible_to(user).select_related("inspection"),
        inspection__code=inspection_code,
        number=number,
    )


# --- statistics ---------------------------------------------------------------------------------


def statistics(inspection: Inspection, user=None, *, batch: int | None = None) -> dict:
    """The funnel 收到 → 受理 → 合并重复后 → 转办 → 办结 / 阶段性办结 / 正在办理, overdue, and the
    eight counters — one aggregate query over the user's scope."""
    rows = Complaint.objects.filter(inspection=inspection)
    if user is not None:
        rows = rows & Complaint.objects.visible_to(user)
    if batch:
        rows = rows.filter(batch__number=batch)
    figures = rows.aggregate(
        received=Count("pk"),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        pending=Count("pk", filter=Q(status=Status.REGISTERED)),
        duplicates=Count("pk", filter=Q(status=Status.DUPLICATE)),
        transferred=Count("pk", filter=Q(status__in=TRANSFERRED_STATUSES)),
        closed=Count("pk", filter=Q(status__in=FINISHED)),
        stage_closed=Count("pk", filter=Q(status=Status.STAGE_CLOSED)),
        overdue=Count("pk", filter=Q(status__in=CLOCKED, due_state=DueState.OVERDUE)),
        key_cases=Count("pk", filter=Q(is_key_case=True)),
        outside_hours=Count("pk", filter=Q(outside_hours=True)),
        **{name: Sum(name) for name in COUNTER_FIELDS},
        **{key: value for key, value in published.aggregates().items() if key.startswith("verdict_")},
    )
    figures["accepted"] = figures["received"] - figures["rejected"] - figures["pending"]
    figures["merged"] = figures["accepted"] - figures["duplicates"]
    figures = published.finish(figures)  # 正在办理, the verdicts, 不属实率 and 办结率
    for name in COUNTER_FIELDS:
        figures[name] = figures[name] or 0
    return figures


def figures_by_region(inspection: Inspection, user=None):
    """Per county: transferred, closed, stage-closed, overdue."""
    rows = Complaint.objects.filter(inspection=inspection, status__in=TRANSFERRED_STATUSES)
    if user is not None:
        rows = rows & Complaint.objects.visible_to(user)
    return list(
        rows.values("region__name", "region__code")
        .annotate(
            transferred=Count("pk"),
            closed=Count("pk", filter=Q(status__in=FINISHED)),
            stage_closed=Count("pk", filter=Q(status=Status.STAGE_CLOSED)),
            overdue=Count("pk", filter=Q(due_state=DueState.OVERDUE)),
        )
        .order_by("region__code")
    )


def count_types(rows) -> list[dict]:
    """Per level-1 pollution type: the complaints among `rows` (counted once each) that carry it or a sub-type."""
    level_one = Coalesce("pollution_types__parent__name", "pollution_types__name")
    counted = (
        rows.filter(pollution_types__isnull=False)
        .values(
            name=level_one,
            position=Coalesce("pollution_types__parent__position", "pollution_types__position"),
        )
        .annotate(count=Count("pk", distinct=True))
        .order_by("position", "name")
    )
    return [{"name": row["name"], "count": row["count"]} for row in counted]


def count_industries(rows) -> list[dict]:
    """Per industry category (行业类别) among `rows`, in the dictionary's order."""
    counted = rows.filter(industry__isnull=False).values("industry__name", "industry__sort_order")
    counted = counted.annotate(count=Count("pk")).order_by("industry__sort_order")
    return [{"name": r["industry__name"], "count": r["count"]} for r in counted]


def _transferred(inspection: Inspection, user, batch: int | None):
    rows = Complaint.objects.filter(inspection=inspection, status__in=TRANSFERRED_STATUSES)
    if user is not None:
        rows = rows & Complaint.objects.visible_to(user)
    return rows.filter(batch__number=batch) if batch else rows


def figures_by_pollution_type(inspection: Inspection, user=None, *, batch: int | None = None):
    return count_types(_transferred(inspection, user, batch))


def figures_by_industry(inspection: Inspection, user=None, *, batch: int | None = None):
    return count_industries(_transferred(inspection, user, batch))


def figures_by_channel(inspection: Inspection, *, batch: int | None = None):
    rows = Complaint.objects.filter(inspection=inspection, status__in=TRANSFERRED_STATUSES)
    if batch:
        rows = rows.filter(batch__number=batch)
    return list(rows.values("channel").annotate(n=Count("pk")).order_by("channel"))


def batch_summary(batch: Batch) -> dict:
    """The daily announcement: this batch by channel, county and pollution type, plus running totals."""
    from complaints.models import Channel

    inspection = batch.inspection
    channels = {row["channel"]: row["n"] for row in figures_by_channel(inspection, batch=batch.number)}
    regions = list(
        Complaint.objects.filter(batch=batch)
        .values("region__name", "region__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "region__code")
    )
    issued = [b.pk for b in inspection.batches.filter(status="issued", number__lte=batch.number)]
    totals = published.summary(Complaint.objects.filter(batch_id__in=issued))
    return {
        "batch": published.summary(Complaint.objects.filter(batch=batch)),
        "count": sum(channels.values()),
        "channels": [(Channel(c).label, channels[c]) for c in Channel.values if channels.get(c)],
        "regions": regions,
        "types": figures_by_pollution_type(inspection, batch=batch.number),
        "industries": figures_by_industry(inspection, batch=batch.number),
        "key_cases": Complaint.objects.filter(batch=batch, is_key_case=True).count(),
        "totals": totals,
        "batches": len(issued),
    }


# --- disclosure ---------------------------------------------------------------------------------


def disclosure_rows(inspection: Inspection, batch: int | None = None):
    """The current public rows (the latest snapshot of every published complaint)."""
    rows = PublishedItem.objects.filter(inspection=inspection, is_current=True)
    if batch:
        rows = rows.filter(batch_number=batch)
    return rows.order_by("batch_number", "number")


def public_inspections():
    """Inspections the public can report to or read disclosures of: stationed now, or published."""
    today = timezone.localdate()
    published = PublishedItem.objects.values("inspection_id")
    return Inspection.objects.filter(
        Q(stationed_from__lte=today, stationed_until__gte=today)
        | Q(pk__in=published)
        | Q(announcement__published_at__isnull=False, stationed_until__gte=today)
    ).order_by("-stationed_from")
