"""The daily announcement of a batch in the style provinces publish it (issue 18, item 7):

    "X月X日，中央第X生态环境保护督察组向我市转办第N批群众信访举报件共M件（来电a件、来信b件），其中重点关注k件。
     从信访件分布来看，……。涉及大气污染问题……。截至X月X日，累计转办……件，其中来电……件，来信……件。
     在已转办的……件中，属实……件……，不属实率……%。已办结……件……，办结率……%。累计责令整改……家，……罚款金额251542.71元……。"

One text for the whole inspection ("我省" when it covers a province) and one per city ("我市"), each from SQL
aggregates over the batch and the batches issued up to it. Money is printed to the 分, exactly."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from complaints import summary
from complaints.models import COUNTERS, TRANSFERRED_STATUSES, Channel, Complaint
from complaints.queries import count_industries, count_types
from organisations.models import Region

UNITS = {"ordered_firms": "家", "penalised_firms": "家", "criminal_cases": "件", "administrative_detentions": "人",
         "criminal_detentions": "人", "interviewed_people": "人", "accountable_people": "人"}  # fmt: skip
COUNTER_WORDS = {"ordered_firms": "责令整改", "penalised_firms": "立案处罚", "fines_yuan": "罚款金额",
                 "criminal_cases": "立案侦查", "administrative_detentions": "行政拘留", "criminal_detentions": "刑事拘留",
                 "interviewed_people": "约谈", "accountable_people": "问责"}  # fmt: skip


# How announcements name the level-1 pollution types: 涉及水污染问题341个、大气污染问题……
PROBLEM_WORDS = {
    "水": "水污染",
    "大气": "大气污染",
    "土壤": "土壤污染",
    "噪声": "噪声污染",
    "辐射": "辐射污染",
    "生态": "生态破坏",
}


def _day(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日"


def money(value) -> str:
    """251542.71 → 251542.71元; 200000 → 200000元 (a whole amount is written without 分)."""
    amount = Decimal(value or 0).quantize(Decimal("0.01"))
    return f"{amount.normalize():f}元" if amount == amount.to_integral() else f"{amount}元"


def _channels(rows) -> str:
    counts = dict(rows.values_list("channel").annotate(n=Count("pk")))
    return "、".join(f"{Channel(c).label}{counts[c]}件" for c in Channel.values if counts.get(c))


def _spread(rows, *, by_city: bool) -> str:
    if by_city:
        grouped = rows.annotate(city=Substr("region_prefix", 1, 4)).values("city").annotate(n=Count("pk"))
        names = dict(
            Region.objects.filter(level="city", prefix__in=[g["city"] for g in grouped]).values_list(
                "prefix", "name"
            )
        )
        parts = [(names.get(g["city"], g["city"]), g["city"], g["n"]) for g in grouped]
    else:
        parts = list(rows.values_list("region__name", "region__code").annotate(n=Count("pk")))
    parts.sort(key=lambda p: (-p[2], p[1]))  # most first; ties in the administrative order (GB/T 2260)
    return "、".join(f"{name}{n}件" for name, _code, n in parts)


def _types(rows) -> str:
    counted = sorted(count_types(rows), key=lambda r: -r["count"])
    return "、".join(f"{PROBLEM_WORDS.get(r['name'], r['name'])}问题{r['count']}个" for r in counted)


def _industries(rows) -> str:
    return "，".join(f"{r['name']}类{r['count']}个" for r in count_industries(rows))


def _counters(rows) -> str:
    totals = rows.aggregate(**{name: Sum(name) for name, _label in COUNTERS})
    parts = []
    for name, _label in COUNTERS:
        value = totals[name] or 0
        if not value:
            continue
        parts.append(
            f"{COUNTER_WORDS[name]}{money(value)}"
            if name == "fines_yuan"
            else f"{COUNTER_WORDS[name]}{value}{UNITS[name]}"
        )
    return "，".join(parts)


def text(batch, *, region: Region | None = None) -> str:
    """The announcement of `batch`, for the whole inspection or for one city (`region`)."""
    inspection = batch.inspection
    rows = Complaint.objects.filter(batch=batch)
    running = Complaint.objects.filter(
        inspection=inspection, batch__status="issued", batch__number__lte=batch.number
    )
    if region is not None:
        rows = rows.filter(region_prefix__startswith=region.prefix)
        running = running.filter(region_prefix__startswith=region.prefix)
    targets = [t.region for t in inspection.targets.select_related("region")]
    province = region is None and any(t.level == "province" for t in targets)
    if region is not None or (len(targets) == 1 and targets[0].level == "city"):
        us = "我市"
    elif province:
        us = "我省"
    elif len(targets) == 1 and targets[0].level == "county":
        us = "我县（市、区）"
    else:
        us = "、".join(t.name for t in targets)  # several cities: named, not "我市"
    by_city = region is None and (province or sum(t.level == "city" for t in targets) > 1)
    count = rows.count()
    head = f"{_day(batch.issued_at)}，{inspection.team_name}向{us}转办第{batch.number}批群众信访举报件共{count}件"
    channels = _channels(rows)
    parts = [head + (f"（{channels}）" if channels else "")]
    key_cases = rows.filter(is_key_case=True).count()
    if key_cases:
        parts[0] += f"，其中重点关注{key_cases}件"
    text = "。".join(parts) + "。"
    spread = _spread(rows, by_city=by_city)
    if spread and count:
        text += f"从信访件分布来看，{spread}。"
    types = _types(rows)
    if types:
        text += f"涉及{types}。"
    industries = _industries(rows)
    if industries:
        text += f"按行业类别分：{industries}。"
    moved = running.filter(status__in=TRANSFERRED_STATUSES)
    total = moved.count()
    text += f"截至{_day(batch.issued_at)}，累计转办群众信访举报件{total}件"
    channels = _channels(moved)
    text += (f"，其中{channels}" if channels else "") + "。"
    figures = summary.summary(running)
    if figures["transferred"]:
        text += summary.sentence(figures, what="已转办的")
    counters = _counters(moved)
    if counters:
        text += f"累计{counters}。"
    return text


def cities(batch) -> list[Region]:
    """The cities a batch reaches, when the inspection covers more than one (a province's office writes per city)."""
    prefixes = (
        Complaint.objects.filter(batch=batch)
        .annotate(city=Substr("region_prefix", 1, 4))
        .values_list("city", flat=True)
        .distinct()
    )
    found = list(Region.objects.filter(level="city", prefix__in=list(prefixes)).order_by("code"))
    return (
        found
        if len(found) > 1
        or any(t.region.level == "province" for t in batch.inspection.targets.select_related("region"))
        else []
    )
