"""Demo: complaints for the inspections the other loops leave without any — Shanxi's team in Linfen
(seed 001), the central team in Guangdong, whose Qingyuan county the demo registers (seed 000), Hebei's
team 12 in Handan (seed 004), and Ankang after its stay through the 12369 platform (seed 002) — so that
every handler account has work: two items waiting for feedback, one for the county to sign for, one
just received by the team. Carried through the real workflow; loaded once."""

import datetime as dt

import time_machine

from accounts.models import User
from complaints import workflow
from complaints.models import Channel
from demo.complaints import moment
from inspections.models import Inspection
from organisations.models import Region

# inspection: (team, office, county, handler's county government phone answerer, texts)
STATIONS = [
    ("SX-2016-LF", "sx_team", "lf_office", "141002", "尧都区环保局值班员", [
        "尧都区屯里镇一家焦化厂夜间炉顶冒黄烟，附近村民晚上不敢开窗。",
        "尧都区汾河滩有洗煤厂煤泥露天乱堆，下雨后黑水流进河道。",
        "尧都区乔李镇砖厂还在用散煤烧窑，烟囱冒黑烟。",
        "尧都区西关一带饭店油烟直排，居民楼里全是油烟味。",
    ]),
    ("HB-2018-HTK-11", "hb_team11", "zjk_office", "130732", "赤城县环保局值班员", [
        "赤城县龙关镇有个选矿厂尾矿库渗水，下游河沟颜色发红。",
        "赤城县城北一家沥青搅拌站一开工就冒黑烟，味道呛人。",
        "赤城县白草镇有人在白河边挖沙，晚上拉沙车一趟接一趟。",
        "赤城县后城镇养牛场粪便堆在路边，一下雨就流进沟里。",
    ]),
    ("HB-2018-HTK-12", "hb_team12", "hd_office", "130403", "丛台区环保局值班员", [
        "丛台区某小区旁建筑工地晚上还在挖土，重污染天气预警了也没停工。",
        "丛台区中华大街附近渣土车不苫盖，一路掉土，扬尘很大。",
        "丛台区一家洗浴中心燃煤锅炉冒黑烟，邻居家衣服都晒不了。",
        "丛台区苏曹乡有人晚上在地里焚烧垃圾，烟味很重。",
    ]),
    ("ZY-2016-GD-04", "gd_team", "qy_liaison", "441802", "清城区环保局值班员", [
        "清城区石角镇某陶瓷厂粉尘大，周边菜地落满灰。",
        "清城区东城街道一家电镀厂晚上通过暗管偷排废水。",
        "清城区龙塘镇有人在北江边非法采砂，晚上机器轰鸣。",
        "清城区横荷街道垃圾站臭味很大，夏天更严重。",
    ]),
]  # fmt: skip


def load_station_complaints(*, today: dt.date, progress=print) -> int:
    made = 0
    users = {u.username: u for u in User.objects.filter(username__in=[n for s in STATIONS for n in s[1:3]])}
    for code, team, office, county_code, answerer, texts in STATIONS:
        inspection = Inspection.objects.filter(code=code).first()
        if inspection is None or inspection.complaints.filter(region__code=county_code).exists():
            continue
        county = Region.objects.get(code=county_code)
        signer = User.objects.filter(unit__region=county, roles__code="signer").first()
        day = max(inspection.stationed_from, today - dt.timedelta(days=2))
        complaints = []
        for index, text in enumerate(texts[:3]):
            with time_machine.travel(moment(day - dt.timedelta(days=1), 9 + index), tick=False):
                complaint, _ = workflow.register_complaint(
                    by=users[team], inspection=inspection, channel=Channel.PHONE if index % 2 else Channel.LETTER,
                    text=text, region=county, is_anonymous=True,
                )  # fmt: skip
                workflow.accept_complaint(complaint, by=users[team])
            complaints.append(complaint)
        with time_machine.travel(moment(day, 9), tick=False):
            batch = workflow.create_batch(inspection, by=users[team])
            workflow.add_to_batch(batch, complaints, by=users[team])
            workflow.issue_batch(batch, by=users[team])
        with time_machine.travel(moment(day, 9, 40), tick=False):
            workflow.forward_complaints(complaints, by=users[office])
            for complaint in complaints[:2]:
                workflow.confirm_by_phone(complaint, by=users[office], answered_by=answerer)
                if signer is not None:
                    workflow.sign_receipt(complaint, by=signer)
        with time_machine.travel(moment(today, 8, 30), tick=False):
            workflow.register_complaint(
                by=users[team], inspection=inspection, channel=Channel.PHONE, text=texts[3], region=county,
                is_anonymous=True,
            )  # fmt: skip
        made += len(texts)
    made += _ankang_after_the_stay(today)
    progress(f"  进驻期与督察后举报：{made} 件（临汾、清远、邯郸、安康）")
    return made


# Ankang's stay ended long ago: what reaches its office now comes through the 12369 platform and runs
# on the 12369 rules (accept within 15 days, close within 60).
ANKANG_12369 = [
    "汉滨区关庙镇一家木材加工厂晚上锯木头，粉尘和噪声都很大，12369打过电话。",
    "汉滨区大同镇养殖场粪水顺着沟流进月河，村里人说又开始了。",
    "汉滨区新城街道一家汽修店在院子里喷漆，没有任何处理设施，气味很冲。",
]


def _ankang_after_the_stay(today: dt.date) -> int:
    inspection = Inspection.objects.filter(code="SN-2017-AK-03").first()
    office = User.objects.filter(username="ak_office").first()
    if inspection is None or office is None or inspection.complaints.exists():
        return 0
    county = Region.objects.get(code="610902")
    signer = User.objects.filter(username="ak_hanbin_signer").first()
    complaints = []
    for index, text in enumerate(ANKANG_12369):
        with time_machine.travel(moment(today - dt.timedelta(days=6 - index), 10), tick=False):
            complaint, _ = workflow.register_complaint(
                by=office, inspection=inspection, channel=Channel.PLATFORM, text=text, region=county,
                is_anonymous=index != 1, reporter_name="" if index != 1 else "陈先生",
                reporter_phone="" if index != 1 else "13992501234",
            )  # fmt: skip
        complaints.append(complaint)
    with time_machine.travel(moment(today - dt.timedelta(days=3), 9), tick=False):
        for complaint in complaints[:2]:
            workflow.accept_complaint(complaint, by=office)
        batch = workflow.create_batch(inspection, by=office)
        workflow.add_to_batch(batch, complaints[:2], by=office)
        workflow.issue_batch(batch, by=office)
        workflow.forward_complaints(complaints[:2], by=office)
        for complaint in complaints[:2]:
            workflow.confirm_by_phone(complaint, by=office, answered_by="汉滨区环保局值班员")
            if signer is not None:
                workflow.sign_receipt(complaint, by=signer)
    return len(complaints)
