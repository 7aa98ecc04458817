"""Ankang 2017 (seed 002): the rectification ledger replayed month by month through the workflow.

The seed: feedback on 2017-08-28, 60 problems, a year later 45 basically done and 15 in progress;
monthly dispatch with more frequent reports for laggards; 50+ warning notices, 30+ circulars, two
units interviewed. The problems below follow the seed's list of key and difficult ones (sewage
plant upgrades, the central city's landfill, cage-fish farming in Yinghu reservoir, air pollution,
drinking-water sources) and its risk areas (Han River water quality, hazardous chemicals on the
road, heavy metals, tailings ponds, hazardous waste). Dates are shifted so that the seed's report
day (2018-08-31) falls on the demo's today.
"""

import datetime as dt
import random

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.complaints import moment
from inspections.models import Inspection
from organisations.models import Person, Region, Unit
from rectification import workflow
from rectification.models import FeedbackReport, Task, TaskStatus
from rectification.tasks import sweep_rectification

FEEDBACK = dt.date(2017, 8, 28)
SEED_TODAY = dt.date(2018, 8, 31)
COUNTIES = [
    "610902",
    "610921",
    "610922",
    "610923",
    "610924",
    "610925",
    "610926",
    "610927",
    "610981",
    "610929",
]
DEPARTMENTS = [
    "市环境保护局",  # the demo's 安康市环境保护局
    "安康市住房和城乡建设局",
    "安康市城市管理局",
    "安康市水利局",
    "安康市农业局",
    "安康市交通运输局",
    "安康市安全生产监督管理局",
]
# (problem, target, measures, lead: county code or department name, months to deadline or None)
CITY_PROBLEMS = [
    (
        "中心城市生活垃圾处理场渗滤液处理能力不足，超负荷运行，渗滤液外溢风险突出",
        "渗滤液处理站扩容改造完成，渗滤液达标排放，库区雨污分流",
        "新建日处理 300 吨渗滤液处理站；实施库区雨污分流和封场覆盖",
        "安康市城市管理局",
        10,
    ),
    (
        "瀛湖库区网箱养殖清理取缔不彻底，部分网箱仍在投饵养殖",
        "瀛湖库区网箱养殖全部清理取缔，渔民妥善转产安置",
        "逐户登记、限期拆除；落实转产补助；建立巡查长效机制",
        "610902",
        6,
    ),
    (
        "中心城区建筑工地扬尘管控“六个百分之百”落实不到位",
        "在建工地全部落实扬尘管控措施，安装在线监测和视频监控",
        "开展专项检查；未达标工地停工整改；渣土车全部密闭运输",
        "安康市住房和城乡建设局",
        4,
    ),
    (
        "危险化学品道路运输安全监管存在薄弱环节，沿汉江路段风险防范不足",
        "建立危化品运输车辆动态监控和沿江路段应急处置体系",
        "危化品运输车辆全部安装卫星定位；沿江路段设置应急池和防撞设施",
        "安康市交通运输局",
        12,
    ),
    (
        "尾矿库环境风险排查不彻底，部分尾矿库未编制应急预案",
        "全市尾矿库完成环境风险评估和应急预案备案，闭库销号一批",
        "逐库排查；限期编制预案；对停用尾矿库实施闭库治理",
        "安康市安全生产监督管理局",
        12,
    ),
    (
        "汉江干流部分入河排污口底数不清，监测监管不到位",
        "完成入河排污口排查、登记和规范化整治，建立监测台账",
        "开展排污口溯源排查；设置标志牌和监测点；非法排污口依法取缔",
        "市环境保护局",
        9,
    ),
    (
        "医疗废物和危险废物收集处置体系不健全，县区收运覆盖不全",
        "建立覆盖全市的医疗废物收运体系，危险废物规范化管理达标",
        "新增收运车辆和暂存点；开展危险废物规范化管理专项检查",
        "市环境保护局",
        8,
    ),
    (
        "重金属污染防控责任落实不到位，涉重企业监测不全",
        "涉重金属企业全部纳入重点排污单位名录并实施在线监测",
        "建立涉重企业清单；安装在线监测；超标企业停产整治",
        "市环境保护局",
        10,
    ),
    (
        "自然保护区内违规建设小水电站，生态流量未保障",
        "保护区内违规小水电完成整改或退出，下泄生态流量在线监控",
        "逐站核查；实施生态流量泄放改造；违规电站依法退出",
        "安康市水利局",
        14,
    ),
    (
        "汉江河道非法采砂屡禁不止，部分河段生态破坏严重",
        "取缔非法采砂点，完成受损河段生态修复",
        "公安、水利、交通联合执法；设置限高限宽设施；实施河道修复",
        "安康市水利局",
        8,
    ),
]
COUNTY_PROBLEMS = [
    (
        "{c}县城污水处理厂提标改造滞后，出水未达一级 A 标准",
        "污水处理厂完成提标改造，出水稳定达到一级 A 标准",
        "实施提标改造工程；配套管网建设；安装在线监测并联网",
        9,
    ),
    (
        "{c}城镇集中式饮用水源地保护区内存在违法建筑和排污口",
        "饮用水水源保护区内违法建筑和排污口全部清理整治到位",
        "划定并设立保护区标志；拆除违法建筑；封堵排污口；建设隔离防护",
        5,
    ),
    (
        "{c}建成区燃煤锅炉淘汰不彻底，大气污染防治措施落实不到位",
        "建成区 10 蒸吨以下燃煤锅炉全部淘汰或清洁能源改造",
        "建立锅炉清单；限期拆除或改燃；加强散煤管控",
        6,
    ),
    (
        "{c}农村生活垃圾收运处置体系不健全，河道沿岸垃圾随意堆放",
        "建立“户收集、村集中、镇转运、县处理”体系，河道沿岸垃圾清理到位",
        "配置收运设施；开展河道垃圾专项清理；建立保洁长效机制",
        7,
    ),
    (
        "{c}畜禽养殖禁养区内规模养殖场关闭搬迁不到位",
        "禁养区内规模养殖场全部关闭或搬迁，粪污资源化利用",
        "逐场核查；限期关闭搬迁；落实补偿政策；配套粪污处理设施",
        8,
    ),
]
LAGGING = {"red": 2, "yellow": 5}


def _evidence(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% ducha demo evidence\n", content_type="application/pdf")


def _month_starts(start: dt.date, end: dt.date):
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def load_ankang_ledger(*, today: dt.date, progress=print) -> int:
    """Replay the Ankang ledger once; a second run finds it and changes nothing."""
    inspection = Inspection.objects.filter(code="SN-2017-AK-03").first()
    if inspection is None or FeedbackReport.objects.filter(inspection=inspection).exists():
        return 0
    shift = today - SEED_TODAY
    from accounts.models import User

    office = User.objects.get(username="ak_office")
    ankang = Region.objects.get(code="610900")
    counties = {r.code: r for r in Region.objects.filter(code__in=COUNTIES)}
    units, signers, handlers = _units_and_people(ankang, counties)
    mayor = Person.objects.filter(name="赵俊民").first()
    leader = User.objects.filter(username="ak_leader").first()
    if leader is not None and mayor is not None and leader.person_id is None:
        leader.person = mayor
        leader.save(update_fields=["person"])

    delivered = FEEDBACK + shift
    with time_machine.travel(moment(delivered, 9), tick=False):
        report = workflow.create_report(
            by=office, inspection=inspection, region=ankang, delivered_on=delivered,
            title="陕西省委第三环境保护督察组向安康市反馈督察意见",
            text="2017年4月6日至5月6日，省委第三环境保护督察组对安康市开展环境保护督察，"
            "2017年8月28日反馈督察意见。安康市从反馈意见中梳理出60个具体问题。",
        )  # fmt: skip
    progress("安康整改台账：60 个问题 …")
    plan_day = delivered + dt.timedelta(days=40)
    tasks = _plan(report, office, units, counties, mayor, delivered, plan_day)
    with time_machine.travel(moment(plan_day, 9), tick=False):
        workflow.submit_plan(report, by=office)
        # "经省整改办同意后于2017年10月印发执行" (seed 002): the province's office approves.
        workflow.approve_plan(report, by=User.objects.get(username="sn_office"))
    with time_machine.travel(moment(plan_day + dt.timedelta(days=5), 9), tick=False):
        workflow.publish_plan(report, by=office)
    _replay(report, tasks, office, signers, handlers, plan_day, today, progress)
    return len(tasks)


def _units_and_people(ankang, counties):
    """The county governments and city departments that lead tasks, each with a signer and a
    handler (by unit id)."""
    from accounts.models import Role, User

    signer_role, handler_role = Role.objects.get(code="signer"), Role.objects.get(code="handler")
    units, signers, handlers = {}, {}, {}
    for code, county in counties.items():
        unit = Unit.objects.filter(region=county, kind="government").order_by("pk").first()
        if unit is None:
            unit = Unit.objects.create(region=county, name=f"{county.name}人民政府", kind="government")
        units[code] = unit
    for name in DEPARTMENTS:
        unit = (
            Unit.objects.filter(region=ankang, name__endswith=name.removeprefix("安康"))
            .order_by("pk")
            .first()
        )
        if unit is None:
            unit = Unit.objects.create(region=ankang, name=name, kind="department")
        units[name] = unit
    named = {"610902": ("ak_hanbin_signer", "ak_hanbin_handler")}
    for key, unit in units.items():
        if key in named:
            signers[unit.pk], handlers[unit.pk] = (User.objects.get(username=u) for u in named[key])
            continue
        for suffix, role, bucket in (("signer", signer_role, signers), ("handler", handler_role, handlers)):
            username = f"ak_{unit.pk}_{suffix}"
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "full_name": f"{unit.name}{'主要负责人' if suffix == 'signer' else '整改联络员'}",
                    "unit": unit,
                },
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.roles.set([role])
            bucket[unit.pk] = user
    return units, signers, handlers


def _plan(report, office, units, counties, mayor, delivered, plan_day) -> list[Task]:
    rng = random.Random(2017)
    rows = list(CITY_PROBLEMS)
    for template, target, measures, months in COUNTY_PROBLEMS:
        for code in COUNTIES:
            rows.append(
                (
                    template.format(c=counties[code].name),
                    target,
                    measures,
                    code,
                    months + rng.choice([-1, 0, 1, 2]),
                )
            )
    tasks = []
    with time_machine.travel(moment(delivered + dt.timedelta(days=20), 10), tick=False):
        for number, (text, target, measures, lead, months) in enumerate(rows, start=1):
            problem = workflow.add_problem(report, by=office, text=text, number=number)
            unit = units[lead]
            county = lead in counties
            # The 45 done by the seed's report day had deadlines within nine months of the plan.
            due = plan_day + dt.timedelta(days=int(min(months, 9) * 30.4))
            if number > 45:
                due = _late_deadline(number, plan_day)
            tasks.append(
                workflow.add_task(
                    problem, by=office, target=target, measures=measures, lead_unit=unit, starts_on=plan_day,
                    due_on=due, kind="deadline" if due else "long_term",
                    leader=mayor if number in (1, 2) else None,
                    leader_name=mayor.name if number in (1, 2) and mayor else ("县（区）政府分管副县（区）长" if county else "市政府分管副市长"),
                    # The seed names the mayor only; the other leaders are posts, marked as such.
                    leader_is_post=not (number in (1, 2) and mayor),
                    responsible_person=f"{unit.name}主要负责人", acceptance_standard="对照整改目标逐项验收，资料齐全、现场核查到位",
                    sign_levels=["county", "city"] if county else ["department", "city"],
                    co_units=[units["市环境保护局"]] if unit != units["市环境保护局"] else [],
                )
            )  # fmt: skip
    return tasks


def _late_deadline(number: int, plan_day: dt.date) -> dt.date:
    """The 15 still in progress: a few past due (red), some behind (yellow), the rest on track."""
    months = {46: 9, 47: 9}.get(number, 12 + (number % 5) * 2)
    return plan_day + dt.timedelta(days=int(months * 30.4))


def _replay(report, tasks, office, signers, handlers, plan_day, today, progress):
    rng = random.Random(2018)
    laggards = {
        t.pk: ("red" if i < LAGGING["red"] else "yellow")
        for i, t in enumerate(tasks[45 : 45 + LAGGING["red"] + LAGGING["yellow"]])
    }
    for month_start in _month_starts(plan_day.replace(day=1), today):
        progress(f"安康整改调度 {month_start:%Y-%m} …")
        for sweep_day in (
            month_start,
            month_start + dt.timedelta(days=10),
            month_start + dt.timedelta(days=20),
        ):
            if sweep_day <= today:
                with time_machine.travel(moment(sweep_day, 6), tick=False):
                    sweep_rectification(sweep_day)
        report_day = min(month_start + dt.timedelta(days=24), today)
        if report_day <= plan_day:
            continue
        for task in tasks:
            task.refresh_from_db()
            if task.status != TaskStatus.RECTIFYING:
                continue
            lag = laggards.get(task.pk)
            if lag == "red" and rng.random() < 0.3:
                continue  # a missed report: late, and visible as such
            day = report_day - dt.timedelta(days=rng.choice([0, 1, 2, 3]))
            expected = workflow.schedule_percent(task, day) or 0
            percent = {
                "red": max(task.percent, expected - 40),
                "yellow": max(task.percent, expected - 15),
            }.get(
                lag,
                min(
                    100,
                    (workflow.schedule_percent(task, day + dt.timedelta(days=35)) or 0)
                    + rng.choice([0, 3, 6]),
                ),
            )
            percent = max(0, min(100, percent))
            with time_machine.travel(moment(day, 16), tick=False):
                workflow.report_progress(
                    task, by=handlers[task.lead_unit_id], text=_progress_text(task, percent), percent=percent
                )
            task.refresh_from_db()
            if percent == 100 and not lag and task.due_on and task.due_on <= today - dt.timedelta(days=20):
                _close(task, office, signers, handlers, day, today)
        circular_day = month_start + dt.timedelta(days=27)
        if circular_day <= today:
            with time_machine.travel(moment(circular_day, 15), tick=False):
                workflow.issue_circular(report, by=office, period=month_start)
        _special_work(report, office, month_start, today)
    _interviews(report, office, today)
    _distribution(report, office)


# Seed 002: 市委督查室、市政府督查室和市整改办先后对……进行跟踪督办、检查通报，共开展专项督查30余次，下发预警督办通知
# 50余次120余份、通报30余期.
SPECIAL_SUBJECTS = [
    "污水处理厂提标改造", "中心城市生活垃圾处理场污染治理", "瀛湖库区网箱养殖清理取缔", "大气污染防治",
    "城镇集中饮用水源地环境保护整治",
]  # fmt: skip


def _special_work(report, office, month_start, today):
    """Each month: three special supervisions by the party committee's and the government's supervision
    offices and the rectification office, and two special circulars on the hardest problems."""
    rooms = list(
        Unit.objects.filter(region=report.region, name__in=["中共安康市委督查室", "安康市人民政府督查室"])
    )
    rooms.append(
        Unit.objects.get(region=report.region, name="安康市中省环境保护督察巡查整改工作领导小组办公室")
    )
    for index, offset in enumerate((6, 13, 19)):
        day = month_start + dt.timedelta(days=offset)
        if day > today:
            return
        subject = SPECIAL_SUBJECTS[(month_start.month + index) % len(SPECIAL_SUBJECTS)]
        lagging = list(
            report.tasks.filter(warning_level__in=["yellow", "red"]).values_list("lead_unit", flat=True)[:3]
        )
        with time_machine.travel(moment(day, 10), tick=False):
            workflow.record_special_supervision(
                report, by=office, by_unit=rooms[index % len(rooms)], held_on=day, subject=f"{subject}专项督查",
                findings=f"{subject}整改推进中，个别项目序时进度滞后、资料不全。",
                follow_up="限期补齐资料，倒排工期，按周报送进展。", units=Unit.objects.filter(pk__in=lagging),
            )  # fmt: skip
    for index, offset in enumerate((10, 22)):
        day = month_start + dt.timedelta(days=offset)
        if day > today:
            return
        subject = SPECIAL_SUBJECTS[(month_start.month + index + 1) % len(SPECIAL_SUBJECTS)]
        with time_machine.travel(moment(day, 16), tick=False):
            workflow.issue_circular(
                report, by=office, special=True, title=f"关于{subject}整改进展情况的通报",
                note=f"专项督查发现{subject}整改中存在的问题，现予通报。",
            )  # fmt: skip


def _distribution(report, office):
    """A warning notice also goes to the units that share the task (配合单位) and, when red, to the
    discipline commission: the copies the seed counts (120 余份)."""
    from rectification.models import Action

    for action in Action.objects.filter(report=report, kind__in=["yellow", "red"]).select_related(
        "task", "unit"
    ):
        copy = [u.name for u in action.task.co_units.all()]
        if action.kind == "red":
            copy.append("安康市纪委监委")
        if copy:
            workflow.set_distribution(action, by=office, main_to=action.unit.name, copy_to="\n".join(copy))


def _progress_text(task, percent) -> str:
    if percent >= 100:
        return "整改措施全部落实，已具备验收条件，正在整理验收资料。"
    if percent >= 60:
        return "主体工程基本完成，正在进行设备安装调试和配套设施建设。"
    if percent >= 30:
        return "已完成方案设计和招标，工程全面进场施工。"
    return "正在开展前期调查摸底和方案编制，部分措施已启动。"


def _close(task, office, signers, handlers, day, today):
    key = task.lead_unit_id
    steps = [day + dt.timedelta(days=n) for n in (1, 4, 6, 8)]
    if steps[-1] + dt.timedelta(days=8) > today:
        return
    with time_machine.travel(moment(steps[0], 10), tick=False):
        workflow.apply_for_acceptance(
            task, by=handlers[key], summary="各项整改措施已落实到位，达到整改目标，申请验收销号。",
            files=[_evidence(f"{task.code}整改佐证材料.pdf")],
        )  # fmt: skip
    with time_machine.travel(moment(steps[1], 10), tick=False):
        workflow.record_site_check(
            task, by=office, checked_on=steps[1], inspectors="市整改办、市环保局联合核查组",
            record="现场核查，整改措施落实到位，资料齐全。", passed=True,
        )  # fmt: skip
    with time_machine.travel(moment(steps[2], 10), tick=False):
        workflow.sign_off(task, by=signers[key], approved=True, comment="经核查，同意销号。")
    with time_machine.travel(moment(steps[3], 10), tick=False):
        workflow.sign_off(task, by=office, approved=True, comment="同意销号，予以公示。")


def _interviews(report, office, today):
    """The seed's two interviews of units that fell behind: record them."""
    from rectification.models import Action, ActionKind

    for action in Action.objects.filter(
        report=report, kind=ActionKind.INTERVIEW, held_on__isnull=True
    ).select_related("unit")[:2]:
        held = min(action.issued_on + dt.timedelta(days=5), today)
        with time_machine.travel(moment(held, 15), tick=False):
            workflow.record_interview(
                action, by=office, held_on=held,
                record=f"市整改办约谈{action.unit.name}主要负责人，指出整改推进缓慢、序时进度严重滞后等问题，"
                "要求倒排工期、每周报送进展；被约谈单位作出表态并提交整改承诺书。",
            )  # fmt: skip
