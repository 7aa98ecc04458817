"""Demo of loop A: Xingtai's 418 transferred complaints in 5 batches (seed 004), replayed day by day
through the real workflow so that every timeline, clock and late mark is what the system produced.

The texts are composed from the kinds of problems the 2018 look-back disclosure tables list
(industrial dust and waste water, scattered polluting workshops 散乱污, livestock manure, cooking
fumes, construction dust, illegal sand quarrying …); the reporters' names are invented."""

import datetime as dt
import random
import zoneinfo

import time_machine
from django.db.models import Q

from complaints import workflow
from complaints.models import Channel, Complaint, PollutionType, Status
from complaints.tasks import sweep_deadlines
from inspections.models import Inspection
from organisations.models import Region, Unit

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# (days before today the batch was issued, size): 418 in all, as Xingtai published.
BATCHES = [(12, 62), (9, 95), (6, 88), (3, 103), (1, 70)]
EXTRA_UNSCREENED = 18
EXTRA_REJECTED = 6
EXTRA_DUPLICATES = 9
UNFORWARDED = 5

PLACES = ["村", "村东", "村南", "镇工业园", "小区", "开发区", "乡政府附近", "街道", "高速路口附近", "河道旁"]
# (problem, pollution types, the measure a county takes for that problem): a measure always fits its
# problem on the public table (no fume purifiers for a paper mill's waste water).
PROBLEMS = [
    (
        "化工厂夜间偷排废水，河水发黑发臭",
        ["工业废水"],
        "责令立即停产整治，封堵暗管，依法立案处罚；受污染河段已清淤。",
    ),
    (
        "铸造厂无环保手续生产，烟尘很大",
        ["工业废气"],
        "对无手续铸造厂实施“两断三清”（断水、断电，清除原料、产品、设备），已取缔。",
    ),
    (
        "散乱污塑料颗粒加工点死灰复燃，气味刺鼻",
        ["挥发性有机物", "恶臭"],
        "对该散乱污加工点实施“两断三清”，已取缔，纳入乡镇网格巡查。",
    ),
    (
        "砖厂粉尘污染严重，周边庄稼落满灰",
        ["扬尘"],
        "责令砖厂停产整治，原料堆场全封闭、道路硬化洒水，验收合格后方可生产。",
    ),
    (
        "养猪场粪污直排入沟渠，臭味熏人",
        ["畜禽养殖", "恶臭"],
        "责令养殖场封堵排污口，配套建设粪污贮存池和干湿分离设施，沟渠已清理。",
    ),
    ("饭店油烟直排，没有安装净化设施", ["油烟"], "责令安装油烟净化设施，已完成安装并投入使用。"),
    (
        "建筑工地未苫盖，渣土车带泥上路，扬尘严重",
        ["扬尘"],
        "责令落实“六个百分之百”抑尘措施，已完成苫盖并配备冲洗设施，对运输企业立案处罚。",
    ),
    ("洗煤厂煤堆露天存放，煤尘飞扬", ["扬尘", "燃煤"], "责令煤堆全封闭储存，安装喷淋抑尘设施，已完成。"),
    (
        "石料厂违规开采，破坏山体植被",
        ["非法采砂"],
        "责令停止开采，移交自然资源部门立案查处，制定矿山生态修复方案。",
    ),
    ("垃圾随意倾倒在河道内，长期无人清理", ["垃圾"], "责令清理垃圾，已清运完毕并建立河道长效保洁机制。"),
    (
        "造纸厂污水处理设施不正常运行",
        ["工业废水"],
        "责令造纸厂停产整改，修复污水处理设施并安装在线监测，依法立案处罚。",
    ),
    (
        "企业夜间生产噪声扰民，影响休息",
        ["工业噪声"],
        "责令企业22时至次日6时停止高噪声作业，加装隔声设施，已监测达标。",
    ),
    ("燃煤锅炉仍在使用，冒黑烟", ["燃煤"], "责令拆除燃煤锅炉，已完成拆除并改用电能供热。"),
    (
        "危险废物露天堆放，下雨后渗漏",
        ["危险废物"],
        "责令将危险废物转移至规范贮存库并交有资质单位处置，对企业立案处罚。",
    ),
    (
        "河道非法采砂，河床被挖得坑坑洼洼",
        ["非法采砂"],
        "联合水利部门取缔非法采砂点，没收采砂设备，河床已平整。",
    ),
    (
        "生活污水直排，村民饮用水井水质变差",
        ["生活污水", "饮用水源"],
        "截流生活污水接入镇污水管网，对饮用水井水质监测达标，已为村民接通集中供水。",
    ),
]
FINDINGS = {
    "true": "经现场核查，反映问题属实。",
    "mostly": "经现场核查，反映问题基本属实。",
    "partly": "经现场核查，反映问题部分属实。",
    "false": "经现场核查，该处已于督察前停产，未发现反映问题。",
}


def measure_for(text: str) -> str:
    """The measure that fits the problem a complaint describes."""
    return next(
        (measure for problem, _types, measure in PROBLEMS if problem in text), "责令限期整改，已完成。"
    )


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of the replay, never later than now (a demo loaded at 07:00 stops at 07:00)."""
    from django.utils import timezone

    at = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)
    return min(at, timezone.now() - dt.timedelta(minutes=5))


def load_xingtai_complaints(*, today: dt.date, progress=print) -> int:
    """Replay the Xingtai complaints once; a second run finds them and changes nothing."""
    inspection = Inspection.objects.filter(code="HB-2018-HTK-11").first()
    if inspection is None or inspection.complaints.exists():
        return 0
    from accounts.models import User

    users = {
        u.username: u
        for u in User.objects.filter(username__startswith=("hb_"))
        | User.objects.filter(username__startswith="xt_")
    }
    team, office = users["hb_team11"], users["xt_office"]
    xingtai = Region.objects.get(code="130500")
    counties = list(Region.objects.filter(parent=xingtai, level="county").order_by("code"))
    for county in counties:
        if not Unit.objects.filter(region=county, kind="government").exists():
            Unit.objects.create(region=county, name=f"{county.name}人民政府", kind="government")
    signer_for = _signers(counties, users)
    types = {t.name: t for t in PollutionType.objects.all()}
    rng = random.Random(2018)
    created = 0
    for number, (days_ago, size) in enumerate(BATCHES, start=1):
        issue_day = today - dt.timedelta(days=days_ago)
        progress(f"邢台第{number}批举报件 {size} 件 …")
        complaints = []
        for i in range(size):
            received = moment(issue_day - dt.timedelta(days=1), 8 + (i * 11) // size, (i * 7) % 60)
            complaints.append(_register(inspection, team, rng, counties, types, received))
        with time_machine.travel(moment(issue_day, 9), tick=False):
            for complaint in complaints:
                workflow.accept_complaint(complaint, by=team)
            batch = workflow.create_batch(inspection, by=team)
            workflow.add_to_batch(batch, complaints, by=team)
            workflow.issue_batch(batch, by=team)
        # The last batch came out this morning: the office is still forwarding its tail (待转办).
        forwarded = complaints[:-UNFORWARDED] if number == len(BATCHES) else complaints
        with time_machine.travel(moment(issue_day, 9, 40), tick=False):
            workflow.forward_complaints(forwarded, by=office)
        _advance(complaints, number, issue_day, today, rng, office, signer_for, users)
        created += size
    _screening_queue(inspection, team, rng, counties, types, today)
    sweep_deadlines()
    return created


def _signers(counties, users):
    """The county leader who signs: the demo's named signers, else a signer account per county."""
    from accounts.models import Role, User

    signer_role = Role.objects.get(code="signer")
    handler_role = Role.objects.get(code="handler")
    named = {
        "130503": ("xt_xindu_signer", "xt_xindu_handler"),
        "130505": ("xt_renze_signer", "xt_renze_handler"),
    }
    result = {}
    for county in counties:
        unit = Unit.objects.filter(region=county, kind="government").order_by("pk").first()
        if county.code in named:
            result[county.code] = (users[named[county.code][0]], users[named[county.code][1]])
            continue
        accounts = []
        for suffix, role in (("signer", signer_role), ("handler", handler_role)):
            user, _ = User.objects.get_or_create(
                username=f"xt_{county.code}_{suffix}",
                defaults={
                    "full_name": f"{county.name}{'主要领导' if suffix == 'signer' else '承办人'}",
                    "unit": unit,
                    "is_active": True,
                },
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.roles.set([role])
            accounts.append(user)
        result[county.code] = tuple(accounts)
    return result


def _register(inspection, team, rng, counties, types, received):
    county = rng.choice(counties)
    problem, type_names, _measure = rng.choice(PROBLEMS)
    place = f"{county.name}{rng.choice('东西南北')}{rng.choice(['关', '庄', '营', '屯', '寨'])}{rng.choice(PLACES)}"
    anonymous = rng.random() < 0.2
    with time_machine.travel(received, tick=False):
        complaint, _ = workflow.register_complaint(
            by=team,
            inspection=inspection,
            channel=rng.choice([Channel.PHONE] * 6 + [Channel.LETTER] * 3 + [Channel.ONLINE]),
            text=f"{place}有一家{problem}。",
            address=place,
            region=county,
            pollution_types=[types[n] for n in type_names if n in types],
            reporter_name="" if anonymous else rng.choice(SURNAMES) + rng.choice("建国秀英志强丽华明海"),
            reporter_phone="" if anonymous else f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            is_anonymous=anonymous,
            is_key_case=rng.random() < 0.05,
        )
    return complaint


def _advance(complaints, number, issue_day, today, rng, office, signer_for, users):
    """Carry each complaint as far as its batch's age allows, with a few late, returned and
    stage-closed ones, so that every state is on screen."""
    for index, complaint in enumerate(complaints):
        complaint.refresh_from_db()
        signer, handler = signer_for[complaint.region.code]
        if complaint.status == Status.TRANSFERRED:
            continue  # 待转办: not yet forwarded
        if number == 5 and index % 2:
            continue  # 待签收: forwarded this morning
        with time_machine.travel(moment(issue_day, 10, 30), tick=False):
            workflow.confirm_by_phone(
                complaint, by=office, answered_by=f"{complaint.region.name}督察办值班员"
            )
            workflow.sign_receipt(complaint, by=signer)
        if number == 5 or (number == 4 and index % 3):
            continue  # received, being handled
        if number == 3 and index % 4 == 0:
            continue  # received six days ago and still no feedback: overdue
        late = index % 9 == 0
        answer_day = issue_day + dt.timedelta(days=4 if late else rng.choice([1, 2, 2, 3]))
        if answer_day >= today:
            answer_day = (
                today - dt.timedelta(days=1) if issue_day < today - dt.timedelta(days=1) else issue_day
            )
        state = "closed" if index % 7 else "stage_closed"
        if number >= 4:
            state = "stage_closed" if index % 2 else "in_progress"
        with time_machine.travel(moment(answer_day, 15), tick=False):
            _feedback(complaint, handler, rng, state)
            if number == 4 and index % 12 == 0:
                continue  # 反馈待签字: written, the county leader has not signed yet
            workflow.sign_feedback(complaint, by=signer)
        if number == 3 and index % 4 == 1:
            continue  # awaiting review
        review_day = min(answer_day + dt.timedelta(days=1), today)
        with time_machine.travel(moment(review_day, 11), tick=False):
            if index % 11 == 3:
                workflow.return_feedback(
                    complaint, by=office, reason="未写明处罚依据和整改时限，请补充后重新报送。"
                )
                if number >= 2:
                    continue  # returned, being reworked
                _feedback(complaint, handler, rng, "closed")
                workflow.sign_feedback(complaint, by=signer)
            workflow.accept_feedback(complaint, by=office)
        if state == "stage_closed" and number == 1 and index % 2:
            with time_machine.travel(moment(today - dt.timedelta(days=2), 16), tick=False):
                _feedback(complaint, handler, rng, "closed")
                workflow.sign_feedback(complaint, by=signer)
                workflow.accept_feedback(complaint, by=office)
    if number <= 3:
        with time_machine.travel(moment(min(issue_day + dt.timedelta(days=4), today), 18), tick=False):
            batch = complaints[0].inspection.batches.get(number=number)
            workflow.publish_batch(batch, by=office, partial=True)


def _feedback(complaint, handler, rng, state):
    complaint.refresh_from_db()
    verdict = rng.choice(["true"] * 6 + ["mostly"] * 2 + ["partly", "false"])
    penalised = verdict != "false" and rng.random() < 0.4
    held_to_account = penalised and rng.random() < 0.3
    counters = {
        "ordered_firms": 1 if verdict != "false" else 0,
        "penalised_firms": 1 if penalised else 0,
        "fines_yuan": rng.choice([20000, 50000, 100000, 200000]) if penalised else 0,
        "interviewed_people": 1 if penalised and rng.random() < 0.3 else 0,
        "accountable_people": 1 if held_to_account else 0,
    }
    # A later round adds to what was accepted and published; it never takes figures back.
    counters = {name: max(value, getattr(complaint, name)) for name, value in counters.items()}
    workflow.submit_feedback(
        complaint,
        by=handler,
        findings=FINDINGS[verdict],
        verdict=verdict,
        measures="无" if verdict == "false" else measure_for(complaint.text),
        accountability="对属地乡镇分管负责人诫勉谈话。" if held_to_account else "",
        handling_state=state,
        counters=counters,
    )


def _screening_queue(inspection, team, rng, counties, types, today):
    """Today's calls: some unscreened, some out of scope, some repeats of earlier complaints."""
    for i in range(EXTRA_UNSCREENED):
        _register(inspection, team, rng, counties, types, moment(today, 8, 5 + i))
    for i in range(EXTRA_REJECTED):
        with time_machine.travel(moment(today - dt.timedelta(days=i + 1), 9), tick=False):
            complaint, _ = workflow.register_complaint(
                by=team,
                inspection=inspection,
                channel=Channel.PHONE,
                text=f"反映{counties[i].name}某小区物业费纠纷，要求督察组协调。",
                region=counties[i],
            )
            workflow.reject_complaint(
                complaint, by=team, reason="不属于生态环境问题", referral="12345 政务服务便民热线"
            )
    originals = list(
        Complaint.objects.filter(inspection=inspection, batch__number=4)
        .exclude(Q(text=""))
        .order_by("pk")[:EXTRA_DUPLICATES]
    )
    for original in originals:
        with time_machine.travel(moment(today, 9, 30), tick=False):
            repeat, _ = workflow.register_complaint(
                by=team,
                inspection=inspection,
                channel=Channel.PHONE,
                text=original.text.replace("有一家", "又有群众反映，"),
                region=original.region,
            )
            workflow.mark_duplicate(repeat, by=team, original=original)
