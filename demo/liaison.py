"""Demo of leader liaison (包联, seed 004) and of the rest of loop C's paperwork:

- Zhangjiakou's plan: the 市委书记 covers 赤城县 and the 市长 covers 张北县 (seed 004); the other city leaders
  are given by post, since the seed names no one; every county but 尚义县 is covered, the gap the list
  shows. Government leaders cover departments by portfolio. 赤城县's own plan covers its townships.
  The 9 special supervision groups (专项督导检查组) each cover counties, led by 处级 leaders of 环保、公安、
  国土、工信. The 市委书记's visit to 赤城县 found superficial rectification awaiting accountability.
- Xingtai: the 市委书记 and the 市长 cover 信都区 and 任泽区, whose overdue complaints are their red items.
- Xingtai's duty reports for last year: some accepted, one returned, some late.
- Ankang's inspection, in rectification, handed one clue to the city's discipline commission.
"""

import datetime as dt

import time_machine

from demo.complaints import moment

# (post, covers county, covers department, principal, unit key)
ZJK_LEADERS = [
    ("市委书记", "赤城县", None, True, "party"),
    ("市长", "张北县", None, True, "gov"),
    ("市委副书记", "崇礼区", None, False, "party"),
    ("常务副市长", "宣化区", "张家口市发展和改革委员会", False, "gov"),
    ("副市长（分管生态环境）", "怀来县", "张家口市环境保护局", False, "gov"),
    ("副市长（分管工业和信息化）", "涿鹿县", "张家口市工业和信息化局", False, "gov"),
    ("副市长（分管城乡建设）", "桥东区", "张家口市住房和城乡建设局", False, "gov"),
    ("副市长（分管农业农村）", "蔚县", "张家口市农业局", False, "gov"),
    ("副市长（分管国土资源）", "万全区", "张家口市国土资源局", False, "gov"),
    ("副市长、市公安局局长", "桥西区", "张家口市公安局", False, "gov"),
    ("市委常委、组织部部长", "阳原县", None, False, "party"),
    ("市委常委、市纪委书记", "怀安县", None, False, "party"),
    ("市委常委、宣传部部长", "下花园区", None, False, "party"),
    ("市委常委、秘书长", "康保县", None, False, "party"),
    ("市委常委、政法委书记", "沽源县", None, False, "party"),
]
# 赤城县's towns and townships (names as published; codes in the 统计用区划代码 pattern, the demo's own).
CHICHENG_TOWNSHIPS = [
    ("130732100", "赤城镇"), ("130732101", "田家窑镇"), ("130732102", "龙关镇"), ("130732103", "雕鹗镇"),
    ("130732104", "独石口镇"), ("130732105", "白草镇"), ("130732106", "龙门所镇"), ("130732107", "后城镇"),
]  # fmt: skip
CHICHENG_LEADERS = [
    ("县委书记", ["赤城镇"], True, "party"),
    ("县长", ["龙关镇"], True, "gov"),
    ("县委副书记", ["田家窑镇", "雕鹗镇"], False, "party"),
    ("常务副县长", ["独石口镇"], False, "gov"),
    ("副县长（分管生态环境）", ["白草镇", "龙门所镇"], False, "gov"),
    ("县委常委、组织部部长", ["后城镇"], False, "party"),
]
GROUP_LEADERS = ["市环保局", "市公安局", "市国土资源局", "市工信局"]


def load_liaison(*, today: dt.date, progress=print) -> int:
    """Idempotent: a second run finds the plan and changes nothing."""
    from liaison.models import Assignment

    if Assignment.objects.exists():
        return 0
    progress("领导包联 …")
    count = _zhangjiakou(today) + _xingtai()
    _duty_reports(today)
    _transfer(today)
    return count


def _leader(region, unit, title: str, principal: bool, order: int, name: str = ""):
    from organisations.models import Person, Post

    place = region.name[:-1] if region.name[-1] in "市县区" else region.name
    person, _ = Person.objects.get_or_create(
        region=region, name=name or f"{place}{title}", defaults={"note": "种子材料未载姓名，按职务列示"}
    )
    post, _ = Post.objects.get_or_create(
        person=person, unit=unit, title=title, defaults={"is_principal": principal, "sort_order": order}
    )
    return post


def _zhangjiakou(today) -> int:
    from accounts.models import User
    from liaison import workflow
    from liaison.models import AssignmentKind, FindingKind
    from organisations.models import Region, RegionLevel, Unit

    office = User.objects.get(username="zjk_office")
    city = Region.objects.get(code="130700")
    counties = {r.name: r for r in Region.objects.filter(parent=city, level=RegionLevel.COUNTY)}
    units = {
        "party": Unit.objects.get(region=city, name="中共张家口市委"),
        "gov": Unit.objects.get(region=city, name="张家口市人民政府"),
    }
    created = 0
    posts = {}
    for order, (title, county, department, principal, unit_key) in enumerate(ZJK_LEADERS):
        post = posts[title] = _leader(city, units[unit_key], title, principal, 10 + order)
        workflow.assign(by=office, plan_region=city, post=post, region=counties[county])
        created += 1
        if department:
            dept, _ = Unit.objects.get_or_create(
                region=city, name=department, defaults={"kind": "department", "parent": units["gov"]}
            )
            workflow.assign(
                by=office,
                plan_region=city,
                post=post,
                unit=dept,
                portfolio=title.removeprefix("副市长").strip("（）"),
            )
            created += 1
    User.objects.filter(username="zjk_leader").update(person=posts["市委书记"].person)
    # The 9 special supervision groups: each led by a 处级 leader of 环保、公安、国土、工信, two counties each.
    names = sorted(counties)
    for number in range(1, 10):
        group, _ = Unit.objects.get_or_create(
            region=city, name=f"张家口市环保督察“回头看”第{'一二三四五六七八九'[number - 1]}专项督导检查组",
            defaults={"kind": "inspection", "parent": Unit.objects.get(region=city, name__endswith="领导小组办公室")},
        )  # fmt: skip
        ordinal = "一二三四五六七八九"[number - 1]
        post = _leader(
            city, group, f"组长（{GROUP_LEADERS[(number - 1) % 4]}处级领导）", True, 200 + number,
            name=f"第{ordinal}专项督导检查组组长",
        )  # fmt: skip
        for county in names[(number - 1) * 2 : (number - 1) * 2 + 2] or names[:1]:
            workflow.assign(
                by=office, plan_region=city, post=post, region=counties[county], kind=AssignmentKind.GROUP
            )
    # 赤城县's own plan over its townships.
    chicheng = counties["赤城县"]
    for code, name in CHICHENG_TOWNSHIPS:
        Region.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": "township",
                "parent": chicheng,
                "full_name": f"河北省张家口市赤城县{name}",
                "source": "演示数据",
            },
        )
    townships = {r.name: r for r in Region.objects.filter(parent=chicheng, level="township")}
    county_units = {
        k: Unit.objects.get(region=chicheng, kind=kind)
        for k, kind in (("party", "party"), ("gov", "government"))
    }
    for order, (title, covered, principal, unit_key) in enumerate(CHICHENG_LEADERS):
        post = _leader(chicheng, county_units[unit_key], title, principal, 10 + order)
        for name in covered:
            workflow.assign(by=office, plan_region=chicheng, post=post, region=townships[name])
            created += 1
    secretary = posts["市委书记"].liaisons.get(region=chicheng)
    with time_machine.travel(moment(today - dt.timedelta(days=3), 15), tick=False):
        workflow.record_visit(
            by=office, assignment=secretary, region=townships["龙关镇"], visited_on=today - dt.timedelta(days=3),
            place="赤城县龙关镇散乱污企业整治点、某石料厂",
            summary="实地查看散乱污企业“两断三清”和矿山扬尘治理情况，听取县委、县政府整改汇报。",
            findings=[
                workflow.FindingIn(kind=FindingKind.SURFACE, unit=county_units["gov"],
                                   description="某塑料颗粒加工点上报已“两断三清”，现场设备仍在，电表有走字，属表面整改。"),
                workflow.FindingIn(kind=FindingKind.PERFUNCTORY, unit=county_units["gov"],
                                   description="某石料厂仅在临路一侧加装防尘网，作业面未苫盖，敷衍整改。"),
            ],
        )  # fmt: skip
    return created


def _xingtai() -> int:
    from accounts.models import User
    from liaison import workflow
    from organisations.models import Region, Unit

    office = User.objects.get(username="xt_office")
    city = Region.objects.get(code="130500")
    party, gov = (
        Unit.objects.get(region=city, name="中共邢台市委"),
        Unit.objects.get(region=city, name="邢台市人民政府"),
    )
    secretary = _leader(city, party, "市委书记", True, 10)
    mayor = _leader(city, gov, "市长", True, 11)
    workflow.assign(by=office, plan_region=city, post=secretary, region=Region.objects.get(code="130503"))
    workflow.assign(by=office, plan_region=city, post=mayor, region=Region.objects.get(code="130505"))
    User.objects.filter(username="xt_leader").update(person=secretary.person)
    return 2


def _duty_reports(today) -> None:
    """Xingtai's reports on last year: due 20 days ago; most in, one returned, the rest late."""
    from accounts.models import User
    from dutyreports import workflow
    from dutyreports.models import Report
    from organisations.models import Region, Unit

    office = User.objects.get(username="xt_office")
    city = Region.objects.get(code="130500")
    for name in ("邢台市环境保护局", "邢台市工业和信息化局", "邢台市住房和城乡建设局"):
        Unit.objects.get_or_create(region=city, name=name, defaults={"kind": "department"})
    due_on = today - dt.timedelta(days=20)
    with time_machine.travel(moment(due_on - dt.timedelta(days=40), 9), tick=False):
        cycle = workflow.open_year(by=office, region=city, year=due_on.year - 1, due_on=due_on)
    handlers = {u.unit_id: u for u in User.objects.filter(username__startswith="xt_", roles__code="handler")}
    reports = list(
        Report.objects.filter(cycle=cycle).select_related("unit").order_by("unit__region__code", "unit__name")
    )
    for index, report in enumerate(reports):
        handler = handlers.get(report.unit_id)
        if handler is None or index % 4 == 3:
            continue  # no handler account here, or simply late
        day = due_on - dt.timedelta(days=5 - index % 7)
        with time_machine.travel(moment(min(day, today), 16), tick=False):
            workflow.submit(report, by=handler, title=f"{report.unit.name}关于{cycle.year}年度履行生态环境保护职责情况的报告",
                            body="一、研究部署情况……\n二、制度建设情况……\n三、责任落实情况……\n六、责任追究情况：全年问责 12 人。")  # fmt: skip
        if index % 3 == 1:
            continue  # submitted, waiting for the office to read it
        with time_machine.travel(moment(min(day + dt.timedelta(days=3), today), 10), tick=False):
            workflow.review(report, by=office, accept=index % 2 == 0, comment="" if index % 2 == 0 else "责任追究情况未列明问责方式和文号，缺少长效机制建立情况，请补充后重新报送。")  # fmt: skip


def _transfer(today) -> None:
    from accountability import oversight
    from accounts.models import User
    from inspections.models import Inspection

    inspection = Inspection.objects.filter(code="SN-2017-AK-03", stage="rectification").first()
    # The province's office, which organised the inspection, hands the clue over (移交移送).
    office = User.objects.filter(username="sn_office").first()
    if inspection is None or office is None:
        return
    oversight.transfer_clue(
        by=office, inspection=inspection, receiver_kind="discipline", receiver="中共安康市纪律检查委员会",
        title="汉滨区部分入河排污口整治推进不力，序时进度严重滞后",
        description="督察反馈问题整改中，汉滨区部分入河排污口整治经预警、约谈后仍推进缓慢，"
        "有关部门监管缺位，按规定移交责任追究问题线索。",
        persons="汉滨区分管负责同志及住建、环保部门有关负责同志", transferred_on=today - dt.timedelta(days=30),
    )  # fmt: skip
