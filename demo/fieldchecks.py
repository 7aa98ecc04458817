"""Demo of field checks (seed 004): the Handan night check of 2018-11-23, 21:00–24:00, under the 重污染天气Ⅱ级
应急响应 since 22 November 18:00 — two teams led by 副组长、总协调人 牛晓东 and 副总协调人 张伟, random checks of
three building sites in 丛台区, 7 problems (土方露天堆放, 未落实“六个百分百”, 渣土车未苫盖上路, 露天焚烧垃圾) and a
督办函 to 邯郸市 — replayed onto the demo's calendar and transferred through the complaint loop; and a Xingtai
晨查 still being recorded."""

import datetime as dt

import time_machine

from demo.complaints import moment

HANDAN_SITES = [
    ("丛台区碧桂园天汇湾三期建筑工地", "建筑工地", [
        ("土方露天堆放", "工地内约2000平方米土方露天堆放，未覆盖防尘网。"),
        ("未落实“六个百分百”", "出入口未设置车辆冲洗设施，道路未硬化。"),
        ("渣土车未苫盖上路", "一辆渣土车未苫盖驶出工地。"),
    ]),
    ("丛台区锦园小区建筑工地", "建筑工地", [
        ("土方露天堆放", "楼间土方未苫盖。"),
        ("露天焚烧垃圾", "工地东侧露天焚烧建筑垃圾。"),
    ]),
    ("邯郸客运中心交通换乘场及配套工程项目", "建筑工地", [
        ("未落实“六个百分百”", "应急响应期间仍在进行土方作业。"),
        ("渣土车未苫盖上路", "两辆渣土车未苫盖上路行驶。"),
    ]),
]  # fmt: skip


def load_fieldchecks(*, today: dt.date, progress=print) -> int:
    from fieldchecks.models import FieldCheck

    if FieldCheck.objects.exists():
        return 0
    progress("现场检查 …")
    return _handan(today) + _xingtai(today)


def _handan(today: dt.date) -> int:
    from accounts.models import User
    from fieldchecks import workflow
    from fieldchecks.models import ProblemType
    from inspections.models import Inspection
    from organisations.models import Region, Unit

    inspection = Inspection.objects.filter(code="HB-2018-HTK-12").first()
    team = User.objects.filter(username="hb_team12").first()
    if inspection is None or team is None:
        return 0
    handan, congtai = Region.objects.get(code="130400"), Region.objects.get(code="130403")
    day = today - dt.timedelta(days=7)  # 2018-11-23 on the seed's calendar, whose "today" is 2018-11-30
    with time_machine.travel(moment(day, 23, 50), tick=False):
        check = workflow.create_check(
            by=team, inspection=inspection, kind="night", region=handan, day=day, starts_at=dt.time(21),
            ends_at=dt.time(23, 59), letter_to=Unit.objects.get(region=handan, kind="government"),
            context=f"邯郸市自{day - dt.timedelta(days=1):%Y年%m月%d日}18时启动重污染天气Ⅱ级应急响应，督察组组织夜查，督导应急响应措施落实情况。",
            teams="第一检查组｜副组长、总协调人牛晓东｜督察组工作人员\n第二检查组｜副总协调人张伟｜督察组工作人员",
        )  # fmt: skip
        for name, kind, problems in HANDAN_SITES:
            site = workflow.add_site(check, by=team, name=name, region=congtai, kind=kind)
            for type_name, description in problems:
                workflow.add_problem(
                    site, by=team, kind=ProblemType.objects.get(name=type_name), description=description
                )
        workflow.close_check(check, by=team)
    return 1


def _xingtai(today: dt.date) -> int:
    from accounts.models import User
    from fieldchecks import workflow
    from fieldchecks.models import ProblemType
    from inspections.models import Inspection
    from organisations.models import Region, Unit

    inspection = Inspection.objects.filter(code="HB-2018-HTK-11").first()
    office = User.objects.filter(username="xt_office").first()
    if inspection is None or office is None:
        return 0
    xingtai = Region.objects.get(code="130500")
    with time_machine.travel(moment(today, 7, 30), tick=False):
        check = workflow.create_check(
            by=office, inspection=inspection, kind="morning", region=xingtai, day=today, starts_at=dt.time(6),
            ends_at=dt.time(7, 30), letter_to=Unit.objects.get(region=xingtai, name="邢台市人民政府"),
            teams="晨查组｜市保障组副组长｜市环保局、市住建局执法人员",
        )  # fmt: skip
        site = workflow.add_site(
            check,
            by=office,
            name="信都区中兴大街某建筑工地",
            region=Region.objects.get(code="130503"),
            kind="建筑工地",
        )
        workflow.add_problem(
            site,
            by=office,
            kind=ProblemType.objects.get(name="未落实“六个百分百”"),
            description="出入口冲洗设施未运行，道路带泥。",
        )
    return 1
