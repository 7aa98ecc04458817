"""The leading groups and working groups the seeds describe, with their members and duties.

- Linfen (seed 001): 市环境保护工作领导小组 with 53 member units. The seed gives the number only; the
  member units here are Linfen's municipal departments of the time, as a city's environmental leading
  group draws them.
- Ankang (seed 002): the leading group with the mayor as 组长, four vice-mayors (the seed names none: each is
  shown as a post) and the 分管副市长 as 责任副组长, an office and four working groups.
- Lishui (seed 003 and its attachment): the leading group, the coordination group and its three working
  groups, with the members the attachment names. The petition group's duty makes its accounts act as the
  team (they handle complaints) and the supervision group's as the discipline organs (they audit)."""

from organisations import groups
from organisations.models import Person, Region, Unit, UnitKind

LINFEN_MEMBERS = [
    "市委办公室", "市政府办公室", "市委宣传部", "市委组织部", "市发展和改革委员会", "市经济和信息化委员会",
    "市教育局", "市科学技术局", "市公安局", "市监察局", "市民政局", "市司法局", "市财政局",
    "市人力资源和社会保障局", "市国土资源局", "市环境保护局", "市住房保障和城乡建设管理局", "市城乡规划局",
    "市交通运输局", "市水利局", "市农业委员会", "市林业局", "市商务局", "市文化局", "市卫生和计划生育委员会",
    "市审计局", "市国有资产监督管理委员会", "市地方税务局", "市工商行政管理局", "市质量技术监督局",
    "市安全生产监督管理局", "市统计局", "市旅游发展委员会", "市食品药品监督管理局", "市煤炭工业局",
    "市畜牧兽医局", "市粮食局", "市人民防空办公室", "市法制办公室", "市信访局", "市气象局", "市国家税务局",
    "市供电公司", "市城市管理综合行政执法局", "市园林局", "市市政公用事业管理局", "市考核办",
    "市园区办", "市中级人民法院", "市人民检察院", "市机构编制委员会办公室", "临汾经济开发区管委会",
    "侯马经济开发区管委会",
]  # fmt: skip
LISHUI_LEADING_MEMBERS = [
    "市委办", "市人大办", "市府办", "市政协办", "市委政研室", "市政府研究室", "市农办", "市信访局", "市发改委",
    "市经信委", "丽水开发区管委会", "市财政局", "市国土局", "市环保局", "市市场监管局", "市建设局", "市城管局",
    "市交通运输局", "市水利局", "市农业局", "市林业局", "市商务局", "市卫生计生委", "市审计局", "市安监局",
    "市统计局", "市旅委", "市机关事务局", "市委网信办", "市应急办", "市治水办", "市委组织部", "市委宣传部",
    "市公安局", "市纪委市监委", "市法院", "市检察院",
]  # fmt: skip
# (name, title in the group, own post) — 附件 of seed 003.
LISHUI_COORDINATION = [
    ("林康", "组长", "市委专职副书记"), ("郑家彪", "副组长", "市委"), ("郑春明", "副组长", "市政府"),
    ("钟建安", "副组长", "市环保局"), ("程巧琴", "成员", "市纪委"), ("何卫宁", "成员", "市委组织部"),
    ("张卫英", "成员", "市委宣传部"), ("陆咸玲", "成员", "市纪委市监委派驻市环保局纪检监察组"),
    ("郑建强", "成员", "市农办"), ("徐雄", "成员", "市信访局"), ("邹向阳", "成员", "市发改委"),
    ("周再荣", "成员", "市经信委"), ("张栋", "成员", "市财政局"), ("诸葛俭", "成员", "市公安局"),
    ("吴成钢", "成员", "市法制办"), ("周大春", "成员", "市政府督查室"), ("徐晖", "成员", "市国土局"),
    ("周兆金", "成员", "市建设局"), ("周纪荣", "成员", "市市场监管局"), ("吴建锋", "成员", "市城管局"),
    ("胡建仁", "成员", "市机关事务局"), ("张国平", "成员", "市农业局"), ("黄文松", "成员", "市林业局"),
    ("王礼军", "成员", "市水利局"), ("虞伟鈜", "成员", "市环保局"), ("徐龙平", "成员", "市环保局"),
]  # fmt: skip
LISHUI_PATROL = [
    ("郑家彪", "组长", "市委副秘书长"), ("郑春明", "组长", "市政府副秘书长"), ("钟建安", "常务副组长", "市环保局局长"),
    ("吴成钢", "副组长", "市法制办副主任"), ("虞伟鈜", "副组长", "市环保局党组副书记、副局长"),
]  # fmt: skip
LISHUI_PETITION = [
    ("李忠伟", "组长", "市委副秘书长、市信访局局长"), ("徐雄", "副组长", "市信访局副局长"),
    ("徐龙平", "副组长", "市环境监察支队支队长"),
]  # fmt: skip
LISHUI_SUPERVISION = [
    ("程巧琴", "组长", "市纪委副书记、市监委副主任"), ("虞伟鈜", "副组长", "市环保局党组副书记、副局长"),
    ("陆咸玲", "副组长", "市纪委市监委驻环保局纪检监察组长"), ("黄湘媛", "成员", "市纪委市监委党风政风监督室副主任"),
    ("陆翔", "成员", "市纪委市监委第三纪检监察室副主任"), ("叶建城", "成员", "市政府督查室副主任"),
    ("严伟锋", "成员", "市委组织部干部监督室副主任"), ("冯晓曼", "成员", "市信访局办信处处长"),
    ("郭小华", "成员", "市环保局机关党委副书记、机关纪委书记"), ("吴飞", "成员", "市纪委市监委驻环保局纪检监察组主任科员"),
]  # fmt: skip
# Lishui's working groups' member units (附件 一、二): the departments whose offices take part.
LISHUI_PATROL_UNITS = [
    "市委办", "市府办", "市委宣传部", "市法制办", "市农办", "市发改委", "市经信委", "市公安局", "市国土局", "市建设局",
    "市城管局", "市农业局", "市林业局", "市水利局", "市环保局",
]  # fmt: skip
LISHUI_PETITION_UNITS = [
    "市委宣传部", "市法制办", "市应急办", "市农办", "市发改委", "市信访局", "市经信委", "市国土局", "市建设局",
    "市城管局", "市环保局", "市水利局", "市农业局", "市林业局", "市市场监管局",
]  # fmt: skip


# Names the documents shorten that the demo registers in full.
REGISTERED_AS = {"丽水开发区管委会": "丽水经济技术开发区管委会", "市纪委市监委": "丽水市纪委市监委"}


def _unit(region: Region, name: str) -> Unit:
    """A member unit as the group's document writes it (市环保局), registered under the city's name."""
    full = REGISTERED_AS.get(name) or (f"{region.name}{name[1:]}" if name.startswith("市") else name)
    existing = (
        Unit.objects.filter(region__prefix__startswith=region.prefix, name__in=[full, name])
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    kind = UnitKind.DEVELOPMENT_ZONE if "开发区" in name else UnitKind.DEPARTMENT
    return Unit.objects.create(region=region, name=full, kind=kind, sort_order=200)


def _named(group: Unit, by, region: Region, rows) -> None:
    for order, (name, title, post) in enumerate(rows):
        person, _ = Person.objects.get_or_create(region=region, name=name)
        groups.add_member(group, by=by, person=person, title=title, note=post, sort_order=order)


def _units(group: Unit, by, region: Region, names, title="成员单位") -> None:
    for order, name in enumerate(names):
        groups.add_member(group, by=by, member_unit=_unit(region, name), title=title, sort_order=100 + order)


def load_groups(units: dict[str, Unit], *, by, progress=print) -> int:
    """Idempotent: a group that has members already is left as it is."""
    made = 0
    linfen, ankang, lishui = (Region.objects.get(code=c) for c in ("141000", "610900", "331100"))
    # Linfen
    group = units["lf_group"]
    groups.set_group(group, by=by, group_kind="leading")
    if not group.members.exists():
        _units(group, by, linfen, LINFEN_MEMBERS)
        made += 1
    # Ankang
    group = units["ak_group"]
    groups.set_group(group, by=by, group_kind="leading")
    for key, duty in (("ak_coordination", "coordination"), ("ak_supervising", "supervision"),
                      ("ak_accountability", "accountability"), ("ak_publicity", "publicity")):  # fmt: skip
        groups.set_group(units[key], by=by, group_kind="working", duties=[duty])
    if not group.members.exists():
        mayor = Person.objects.get(region=ankang, name="赵俊民")
        groups.add_member(group, by=by, person=mayor, title="组长", note="市长", sort_order=0)
        for order, post in enumerate(["常务副市长", "副市长", "副市长", "副市长"], start=1):
            # The seed names no vice-mayor: each is a post, shown as one.
            groups.add_member(
                group, by=by, member_unit=units["ak_gov"], title="副组长", note=post, sort_order=order
            )
        groups.add_member(
            group, by=by, member_unit=units["ak_gov"], title="责任副组长", note="分管副市长", sort_order=5
        )
        groups.add_member(
            group, by=by, member_unit=units["ak_epb"], title="成员", note="主要负责人", sort_order=10
        )
        made += 1
    # Lishui
    leading, coordination = units["ls_group"], units["ls_office"]
    groups.set_group(leading, by=by, group_kind="leading")
    groups.set_group(coordination, by=by, group_kind="working", duties=["coordination"])
    groups.set_group(units["ls_patrol"], by=by, group_kind="working", duties=["patrol"])
    groups.set_group(units["ls_petition"], by=by, group_kind="working", duties=["complaints"])
    groups.set_group(units["ls_supervision"], by=by, group_kind="working", duties=["audit"])
    if not leading.members.exists():
        _named(leading, by, lishui, [("史济锡", "组长", ""), ("朱晨", "常务副组长", ""),
                                      ("林康", "副组长", "市委专职副书记")])  # fmt: skip
        _units(leading, by, lishui, LISHUI_LEADING_MEMBERS)
        _named(coordination, by, lishui, LISHUI_COORDINATION)
        _named(units["ls_patrol"], by, lishui, LISHUI_PATROL)
        _units(units["ls_patrol"], by, lishui, LISHUI_PATROL_UNITS)
        _named(units["ls_petition"], by, lishui, LISHUI_PETITION)
        _units(units["ls_petition"], by, lishui, LISHUI_PETITION_UNITS)
        _named(units["ls_supervision"], by, lishui, LISHUI_SUPERVISION)
        made += 1
    progress(f"  领导小组与工作组：{made} 个地方")
    return made
