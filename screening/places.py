"""The county an address means, with the reason: 张家口 桥西区 is 张家口市桥西区, 邢台县 is 信都区 today,
连南 is 连南瑶族自治县, 皇寺镇 lies in 信都区. A short name counts only where it stands as a name: 子长 in
孩子长期咳嗽 is part of a word, so it names nothing. When a name fits several of the inspection's counties
and the text names no city to choose by, the candidates are listed and none is taken."""

import re
from dataclasses import dataclass, field

from screening import gazetteer
from screening.text import normalise

# What may stand before a short name (besides the start, a non-Chinese character or another place name).
BEFORE = set("在住于到至往向是从去来省市县区的近旁靠临位映报诉")
# What may follow one.
AFTER = (
    "区",
    "县",
    "市",
    "镇",
    "乡",
    "村",
    "街",
    "路",
    "城",
    "境内",
    "一带",
    "附近",
    "地区",
    "开发区",
    "经济",
    "工业",
    "高新",
    "园区",
    "辖区",
    "管委会",
)
WEIGHT = {"full": 3, "former": 3, "short": 2}


@dataclass
class Mention:
    at: int
    text: str
    places: list


@dataclass
class Suggestion:
    region: object = None
    reason: str = ""
    candidates: list = field(default_factory=list)  # [(Region, reason)] when several fit


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


# A short name followed by these is another place named after it: 沙河村, 沙河路, 沙河镇 are not 沙河市.
PLACE_NEXT = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:村|镇|乡|街道|社区)")
NOT_AFTER = ("村", "庄", "街", "路", "镇", "乡", "社区", "小区", "大道", "大街", "巷", "屯")


def _boundary(text: str, at: int, length: int, ends: set[int]) -> bool:
    if text.startswith(NOT_AFTER, at + length):
        return False
    before = text[at - 1] if at else ""
    if not before or not _is_han(before) or before in BEFORE or at in ends:
        return True
    rest = text[at + length : at + length + 6]
    # Followed by a place word, or by a township or village name (隆尧南庄村): it stands as a name.
    return any(rest.startswith(word) for word in AFTER) or bool(PLACE_NEXT.match(rest))


LONGEST = 24  # no place name is longer (积石山保安族东乡族撒拉族自治县 has 14 characters)


def scan(text: str, indexes) -> list[Mention]:
    longest = LONGEST
    found, ends, at = [], set(), 0
    while at < len(text):
        hit = None
        for length in range(min(longest, len(text) - at), 1, -1):
            piece = text[at : at + length]
            places = [p for index in indexes for p in index.get(piece, ())]
            if not places:
                continue
            keep = [p for p in places if not p.weak]
            if len(keep) < len(places) and _boundary(text, at, length, ends):
                keep = places
            if keep:
                hit = Mention(at, piece, keep)
                break
        if hit:
            found.append(hit)
            ends.add(at + len(hit.text))
            at += len(hit.text)
        else:
            at += 1
    return found


def _in_targets(county: str, prefixes) -> bool:
    return any(county.startswith(p) for p in prefixes)


def _why(place, names) -> str:
    county = names.get(place.county, place.official)
    if place.level == "township":
        return f"“{place.name}”属{county}"
    if place.level == "alias":
        return f"“{place.name}”登记在{county}"
    if place.how == "former":
        since = f"，{place.since}年起称{county}" if place.since else ""
        return f"“{place.name}”是{county}的曾用名{since}"
    if place.how == "short":
        return f"“{place.name}”是{county}的简称"
    return f"地址含“{place.name}”"


def locate(text: str, prefixes: list[str], snapshot=None) -> Suggestion:
    """`prefixes`: the region prefixes the inspection covers; `snapshot` the gazetteer, when the caller
    has looked it up already."""
    from organisations.models import Region

    county, reason, open_choice = decide(text, prefixes, snapshot)
    if county:
        region = Region.objects.filter(code=county).first()
        if region is not None:
            return Suggestion(region=region, reason=reason)
    if open_choice:
        mention, counties = open_choice
        regions = Region.objects.filter(code__in=counties).select_related("parent").order_by("code")
        return Suggestion(
            reason=f"“{mention.text}”有{len(counties)}处，地址未写明所在市",
            candidates=[(r, f"{r.parent.name if r.parent else ''}{r.name}") for r in regions],
        )
    return Suggestion()


def decide(text: str, prefixes, snapshot=None) -> tuple[str, str, tuple | None]:
    """The county code and the reason, or "" and, when a name fits several counties, (mention, codes)."""
    text = normalise(text)
    if not text or not prefixes:
        return "", "", None
    snapshot = snapshot or gazetteer.snapshot(prefixes)
    names = snapshot.names
    mentions = scan(text, snapshot.indexes)
    cities = {p.city: m.text for m in mentions for p in m.places if p.level == "city"}
    provinces = {p.code[:2]: m.text for m in mentions for p in m.places if p.level == "province"}
    scores: dict[str, list] = {}
    open_choice = None
    for mention in mentions:
        fitting = [p for p in mention.places if p.county and _in_targets(p.county, prefixes)]
        if not fitting:
            continue
        counties = {p.county for p in fitting}
        context = ""
        if len(counties) > 1:
            by_city = [p for p in fitting if p.city in cities]
            by_province = [p for p in fitting if p.county[:2] in provinces]
            if len({p.county for p in by_city}) == 1:
                fitting, context = by_city, cities[by_city[0].city]
            elif len({p.county for p in by_province}) == 1:
                fitting, context = by_province, provinces[by_province[0].county[:2]]
            else:
                open_choice = open_choice or (mention, sorted(counties))
                continue
        place = fitting[0]
        weight = 2 if place.level == "township" else WEIGHT.get(place.how, 3)
        if place.city in cities:
            weight += 1
        reason = _why(place, names)
        if context:
            city_name = names.get(place.county[:4] + "00", "")
            reason = f"地址含“{context}”，{mention.text}取{city_name}{names.get(place.county, '')}"
        entry = scores.setdefault(place.county, [0, mention.at, reason, weight])
        entry[0] += weight
        if weight > entry[3]:
            entry[2:] = [reason, weight]
    if scores:
        county, (_score, _at, reason, _w) = max(scores.items(), key=lambda item: (item[1][0], -item[1][1]))
        return county, reason, None
    return "", "", open_choice


def suggest_county(inspection, address: str, text: str = "") -> Suggestion:
    """The address decides when it names a county; otherwise the address and the complaint together."""
    prefixes = [t.region.prefix for t in inspection.targets.select_related("region")]
    snapshot = gazetteer.snapshot(prefixes)
    if address:
        found = locate(address, prefixes, snapshot)
        if found.region is not None:
            return found
    if text:
        return locate(f"{address} {text}", prefixes, snapshot)
    return found if address else Suggestion()
