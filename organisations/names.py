"""Unit names as ledgers and tables write them: 市环保局, 汉滨区政府, 旬阳县政府. `resolve(text, units)` finds the
registered unit a written name means among the units a user may see, or says why not (none, or several,
with the candidates). Every import that reads unit names uses it (整改台账, 问责情况表, 第三方考核得分表).

The rules, in order: a mapping an office saved (UnitAlias: 经开区管委会 → 邢台经济开发区管理委员会); the full or
short name; then the written name with its usual abbreviations expanded
(政府 → 人民政府; 环保局 → 环境保护局 or 生态环境局, the name since 2019); a name starting with 市 / 县 / 区 takes the
place the user works in; former county names (GB/T 2260 changes, DOMAIN.md) are read as today's."""

from dataclasses import dataclass, field

EXPANSIONS = [("环保局", ("环境保护局", "生态环境局")), ("政府", ("人民政府",))]


@dataclass
class Resolution:
    unit: object = None
    candidates: list = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.unit is not None:
            return ""
        if self.candidates:
            return (
                "可能是：" + "、".join(u.name for u in self.candidates[:5]) + "，请写全称或在导入结果页对照"
            )
        return "不是已登记的单位：请写全称，或在导入结果页对照、新建"


def _spellings(text: str, place: str) -> list[str]:
    """The names a written unit name may stand for, most literal first."""
    from organisations.regions_data import unambiguous_former_names

    names = [text]
    for old, new in unambiguous_former_names().items():
        if text.startswith(old):
            names.append(new + text[len(old) :])
    if place and text[:1] in "市县区" and not text.startswith(place):
        names += [place + name[1:] if name[:1] == place[-1:] else place + name for name in list(names)]
    expanded = []
    for name in names:
        variants = [name]
        for short, longs in EXPANSIONS:
            if name.endswith(short) and not any(name.endswith(long) for long in longs):
                variants += [name[: -len(short)] + long for long in longs]
        expanded += variants
    seen, ordered = set(), []
    for name in expanded:
        if name not in seen:
            seen.add(name)
            ordered.append(name)
    return ordered


def resolve(text: str, units, *, place: str = "") -> Resolution:
    """`units` is a queryset the caller has already scoped; `place` is the user's own region name (安康市)."""
    from django.db.models import Q

    from organisations.models import UnitAlias

    text = (text or "").strip()
    if not text:
        return Resolution()
    mapped = list(units.filter(pk__in=UnitAlias.objects.filter(name=text).values("unit_id"))[:2])
    if len(mapped) == 1:
        return Resolution(unit=mapped[0])
    for name in _spellings(text, place):
        found = list(units.filter(Q(name=name) | Q(short_name=name)).select_related("region")[:6])
        if len(found) == 1:
            return Resolution(unit=found[0])
        if found:
            return Resolution(candidates=found)
    core = text.removeprefix("市").removeprefix("县").removeprefix("区")
    for short, _longs in EXPANSIONS:
        if core.endswith(short):
            core = core[: -len(short)]
    hints = list(units.filter(name__contains=core).order_by("name")[:5]) if len(core) >= 2 else []
    return Resolution(candidates=hints)
