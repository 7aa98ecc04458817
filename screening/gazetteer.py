"""Every name a caller may use for a place, indexed for scanning: provinces, cities and counties by their
full and short names, former county names (data/former_names.csv), townships from the township table, and
what offices register (PlaceAlias: development zones, scenic areas, villages, landmarks).

Short names drop the suffix (张家口市 → 张家口, 峰峰矿区 → 峰峰) and the nationality of an autonomous
county (景宁畲族自治县 → 景宁, 连南瑶族自治县 → 连南). The national part is built once per process and the
local part (townships and aliases under an inspection's targets) once per inspection; both are rebuilt
when the tables change, which one cheap query per call detects, so several workers stay in step."""

from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.db.models import Count, Max, Q

from organisations.regions_data import former_names
from screening.text import words

# The 56 nationalities (国家民委), longest first, to cut autonomous counties' names to their place.
NATIONALITIES = sorted(
    words("""
汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣
黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗
撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安
裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺
"""),
    key=len,
    reverse=True,
)
SUFFIXES = tuple(
    words("""
特别行政区 维吾尔自治区 壮族自治区 回族自治区 自治区 自治州 自治县 自治旗 地区
矿区 林区 特区 新区 街道 省 市 县 区 旗 盟 镇 乡 苏木
""")
)
# Names that are ordinary words: never taken without their city in the text.
GENERIC = {"城区", "郊区", "矿区", "新区", "市中区", "市辖区", "开发区", "高新区", "城关镇", "城关"}


@dataclass(frozen=True)
class Place:
    """One way of naming a region. `county` is the county-level code the name points to (6 digits) or
    "" for provinces and cities; `city` the 4-digit prefix it lies in, for disambiguation."""

    name: str
    code: str
    county: str
    city: str
    level: str  # province, city, county, township
    how: str  # full, short, former, alias
    official: str  # the region's name today
    weak: bool  # needs a boundary around it to count (a short form, or two characters)
    since: str = ""  # for a former name, the year it changed, where known


def _strip_nationality(name: str) -> str:
    for suffix in ("自治县", "自治旗", "自治州"):
        if name.endswith(suffix):
            rest = name[: -len(suffix)]
            changed = True
            while changed:
                changed = False
                for nation in NATIONALITIES:
                    if rest.endswith(nation + "族") and len(rest) > len(nation) + 2:
                        rest, changed = rest[: -len(nation) - 1], True
                        break
            return rest
    return name


def short_forms(name: str) -> list[str]:
    forms = []
    stripped = _strip_nationality(name)
    if stripped != name:
        forms += [stripped, stripped + "县"] if name.endswith("县") else [stripped]
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.append(name[: -len(suffix)])
            break
    return [f for f in dict.fromkeys(forms) if f != name and len(f) >= 2]


def _entries_for(code: str, name: str, level: str, city: str, county: str, *, how="full", official=None):
    official = official or name
    # A former name keeps its suffix: 邢台县's stem 邢台 names the city.
    names = [(name, how)] + ([(f, "short") for f in short_forms(name)] if how == "full" else [])
    for written, kind in names:
        weak = (
            len(written) <= 2 or written in GENERIC or (kind == "short" and written[-1] not in "县市区旗镇乡")
        )
        yield Place(written, code, county, city, level, kind, official, weak)


def _version(rows) -> tuple:
    figures = rows.aggregate(n=Count("pk"), last=Max("pk"))
    return (figures["n"], figures["last"])


@lru_cache(maxsize=4)
def _national(version) -> tuple[dict[str, list[Place]], dict[str, str]]:
    from organisations.models import Region, RegionLevel

    index: dict[str, list[Place]] = {}
    levels = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY]
    today = {}
    for code, name, level in Region.objects.filter(level__in=levels).values_list("code", "name", "level"):
        code6 = code[:6]
        today[code6] = name
        county = code6 if level == RegionLevel.COUNTY else ""
        for place in _entries_for(code6, name, level, code6[:4] if level != "province" else "", county):
            index.setdefault(place.name, []).append(place)
    for row in former_names():
        if row["code"] not in today or row["old_name"] == today.get(row["code"]):
            continue
        for place in _entries_for(
            row["code"],
            row["old_name"],
            "county",
            row["old_code"][:4],
            row["code"],
            how="former",
            official=today[row["code"]],
        ):
            index.setdefault(place.name, []).append(replace(place, since=row.get("year", "")))
    return index, today


_CHECKED: list = [0.0, None]  # when the region table's version was last read, and what it was


def forget_version(**_kwargs) -> None:
    """Read the region table's version again on the next use (a region was saved in this process)."""
    _CHECKED[1] = None


def national() -> tuple[dict[str, list[Place]], dict[str, str]]:
    """The index, and today's name of every province, city and county by its 6-digit code. The region
    table's version is read at most every 30 seconds per process: new or renamed divisions reach the
    hints within that time, and intake does not pay a query for it."""
    import time

    from django.conf import settings

    from organisations.models import Region

    now = time.monotonic()
    if _CHECKED[1] is None or now - _CHECKED[0] > getattr(settings, "GAZETTEER_VERSION_TTL", 30.0):
        _CHECKED[:] = [now, _version(Region.objects.exclude(level="township"))]
    return _national(_CHECKED[1])


@dataclass
class Snapshot:
    """The gazetteer as one request sees it: looked up once, then passed along."""

    national: dict
    names: dict
    local: dict = field(default_factory=dict)
    place_names: frozenset = frozenset()

    @property
    def indexes(self) -> list[dict]:
        return [self.national, self.local] if self.local else [self.national]


_PLACE_NAMES: dict[int, frozenset] = {}


def snapshot(prefixes=()) -> Snapshot:
    index, names = national()
    if id(index) not in _PLACE_NAMES:
        _PLACE_NAMES.clear()
        _PLACE_NAMES[id(index)] = frozenset(index)
    return Snapshot(index, names, local(tuple(prefixes)) if prefixes else {}, _PLACE_NAMES[id(index)])


@lru_cache(maxsize=32)
def _local(prefixes: tuple[str, ...], version) -> dict[str, list[Place]]:
    from organisations.models import Region, RegionLevel
    from screening.models import PlaceAlias

    index: dict[str, list[Place]] = {}
    within = Q()
    for prefix in prefixes:
        within |= Q(prefix__startswith=prefix)
    townships = Region.objects.filter(within, level=RegionLevel.TOWNSHIP).values_list("code", "name")
    for code, name in townships.iterator():
        for place in _entries_for(code, name, "township", code[:4], code[:6]):
            index.setdefault(place.name, []).append(place)
    alias_within = Q()
    for prefix in prefixes:
        alias_within |= Q(region__prefix__startswith=prefix)
    aliases = PlaceAlias.objects.filter(alias_within, is_active=True).values_list(
        "name", "region__code", "region__name", "kind"
    )
    for name, code, official, kind in aliases:
        index.setdefault(name, []).append(
            Place(name, code, code[:6], code[:4], "alias", kind, official, len(name) <= 2)
        )
    return index


def local(prefixes: tuple[str, ...]) -> dict[str, list[Place]]:
    from organisations.models import Region
    from screening.models import PlaceAlias

    aliases = PlaceAlias.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    version = (_version(Region.objects.filter(level="township")), aliases["n"], aliases["last"])
    return _local(tuple(sorted(prefixes)), version)
