"""Demo: complaints for the two inspections the other loops leave without any — Shanxi's team in Linfen
(seed 001) and the central team in Guangdong, whose Qingyuan county the demo registers (seed 000) — so
that every handler account has work: two items waiting for feedback, one for the county to sign for, one
just received by the team. Carried through the real workflow; loaded once."""

import datetime as dt

import time_machine

from accounts.models import User
from complaints import workflow
from complaints.models import Channel
from ducha.demo_complaints import moment
from inspections.models import Inspection
from organisations.models import Region

# inspection: (team, office, county, handler's county government phone answerer, texts)
STATIONS = {
    "SX-2016-LF": ("sx_team", "lf_office", "141002", "尧都区环保局值班员", [
        "尧都区屯里镇一家焦化厂夜间炉顶冒黄烟，附近村民晚上不敢开窗。",
        "尧都区汾河滩有洗煤厂煤泥露天乱堆，下雨后黑水流进河道。",
        "尧都区乔李镇砖厂还在用散煤烧窑，烟囱冒黑烟。",
        "尧都区西关一带饭店油烟直排，居民楼里全是油烟味。",
    ]),
    "ZY-2016-GD-04": ("gd_team", "gd_office", "441802", "清城区环保局值班员", [
        "清城区石角镇某陶瓷厂粉尘大，周边菜地落满灰。",
        "清城区东城街道一家电镀厂晚上通过暗管偷排废水。",
        "清城区龙塘镇有人在北江边非法采砂，晚上机器轰鸣。",
        "清城区横荷街道垃圾站臭味很大，夏天更严重。",
    ]),
}  # fmt: skip


def load_station_complaints(*, today: dt.date, progress=print) -> int:
    made = 0
    users = {
        u.username: u for u in User.objects.filter(username__in=[n for s in STATIONS.values() for n in s[:2]])
    }
    for code, (team, office, county_code, answerer, texts) in STATIONS.items():
        inspection = Inspection.objects.filter(code=code).first()
        if inspection is None or inspection.complaints.exists():
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
    progress(f"  进驻期举报：{made} 件（临汾、清远）")
    return made
