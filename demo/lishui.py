"""Demo of Lishui's 督办监察组 (seed 003): its members as the attachment names them, a small set of complaints
in 莲都区 from the 2017 comprehensive inspection carried through the real workflow, the accountability the
county registered for them (one missing and urged, one missing and not yet urged, one decided awaiting
verification), and supervision requests from the patrol and petition groups, one answered.

The complaint texts are written the way callers speak and ledgers abbreviate (市环保局, 某村), not from a
template; the reporters' names are invented."""

import datetime as dt

import time_machine

from demo.complaints import moment

# 督办监察组 (seed 003, 附件 三): (name, title)
SUPERVISION_GROUP = [
    ("程巧琴", "组长（市纪委副书记、市监委副主任）", True),
    ("虞伟鈜", "副组长（市环保局党组副书记、副局长）", False),
    ("陆咸玲", "副组长（市纪委市监委驻环保局纪检监察组长）", False),
    ("黄湘媛", "成员（市纪委市监委党风政风监督室副主任）", False),
    ("陆翔", "成员（市纪委市监委第三纪检监察室副主任）", False),
    ("叶建城", "成员（市政府督查室副主任）", False),
    ("严伟锋", "成员（市委组织部干部监督室副主任）", False),
    ("冯晓曼", "成员（市信访局办信处处长）", False),
    ("郭小华", "成员（市环保局机关党委副书记、机关纪委书记）", False),
    ("吴飞", "成员（市纪委市监委驻环保局纪检监察组主任科员）", False),
]

# (text, verdict, people held accountable, key case, reporter)
COMPLAINTS = [
    (
        "莲都区碧湖镇有个石材加工厂，切割废水直接排到瓯江支流里，水都是白的，市环保局来过一次就没下文了",
        "true",
        2,
        True,
        "叶先生",
    ),
    ("紫金街道某小区楼下烧烤店油烟熏人，晚上十二点还在烤，投诉好几次了", "true", 1, False, "匿名"),
    ("老竹畲族镇养猪场粪水流到田里，臭得不行，村里反映没人管", "mostly", 1, True, "雷女士"),
    ("岩泉街道工地晚上打桩，噪声吵得小孩睡不着", "true", 0, False, "周先生"),
    ("大港头镇河道有人偷偷挖沙，晚上有车拉，河床都挖空了", "true", 1, False, "匿名"),
    ("南明山街道一家电镀小作坊没有手续，废水倒在下水道，以前被查过又开起来了", "true", 1, True, "王先生"),
    ("丽水经济开发区某化工企业夜里排气，气味很冲，附近村民头疼", "partly", 0, False, "吴女士"),
    ("联城街道垃圾中转站渗滤液流到路上，苍蝇很多", "true", 0, False, "季先生"),
    ("太平乡某农家乐生活污水直排溪里，下游有人洗衣服", "mostly", 1, False, "匿名"),
    ("峰源乡有人在山上烧垃圾，烟很大，已经好几天了", "false", 0, False, "刘先生"),
]
RECORD_PEOPLE = [
    ("陈建平", "碧湖镇人民政府分管副镇长", "township"),
    ("刘晓峰", "莲都区环保局执法大队副大队长", "township"),
    ("蓝志华", "老竹畲族镇农业办公室主任", "township"),
    ("潘国良", "大港头镇人民政府分管副镇长", "township"),
    ("钟永明", "南明山街道办事处副主任", "township"),
    ("朱卫东", "太平乡人民政府分管副乡长", "township"),
    ("林海波", "紫金街道办事处城管中队中队长", "other"),
]


def load_lishui(*, today: dt.date, progress=print) -> int:
    """Idempotent: a second run finds the complaints and changes nothing."""
    from accounts.models import User
    from complaints import workflow
    from complaints.models import Channel, PollutionType
    from inspections.models import Inspection
    from organisations.models import Person, Post, Region, Unit

    inspection = Inspection.objects.filter(code="LS-2017-ZHDC").first()
    if inspection is None or inspection.complaints.exists():
        return 0
    progress("丽水督办监察组与举报件 …")
    group = Unit.objects.get(region__code="331100", name="督办监察组")
    city = Region.objects.get(code="331100")
    members = {}
    for order, (name, title, principal) in enumerate(SUPERVISION_GROUP):
        person, _ = Person.objects.get_or_create(region=city, name=name)
        Post.objects.update_or_create(
            person=person,
            unit=group,
            title=title,
            defaults={"is_principal": principal, "sort_order": 10 + order},
        )
        members[name] = person
    users = {u.username: u for u in User.objects.filter(username__startswith="ls_")}
    User.objects.filter(pk=users["ls_discipline"].pk).update(person=members["程巧琴"])
    petition, office = users["ls_petition"], users["ls_office"]
    handler, signer = users["ls_liandu_handler"], users["ls_liandu_signer"]
    county = Region.objects.get(code="331102")
    types = {t.name: t for t in PollutionType.objects.all()}
    issue_day = max(inspection.stationed_from, today - dt.timedelta(days=8))
    complaints = []
    for index, (text, *_rest) in enumerate(COMPLAINTS):
        anonymous = _rest[-1] == "匿名"
        with time_machine.travel(
            moment(issue_day - dt.timedelta(days=1), 9 + index // 2, index * 5), tick=False
        ):
            complaint, _ = workflow.register_complaint(
                by=petition, inspection=inspection, channel=Channel.PHONE if index % 3 else Channel.LETTER,
                text=text, region=county, address=f"丽水市{text[:6]}",
                reporter_name="" if anonymous else _rest[-1], is_anonymous=anonymous,
                reporter_phone="" if anonymous else f"1385780{index:04d}",
                pollution_types=[types["工业废水"]] if index in (0, 5) and "工业废水" in types else [],
                is_key_case=_rest[2],
            )  # fmt: skip
        complaints.append(complaint)
    with time_machine.travel(moment(issue_day, 9), tick=False):
        for complaint in complaints:
            workflow.accept_complaint(complaint, by=petition)
        batch = workflow.create_batch(inspection, by=petition)
        workflow.add_to_batch(batch, complaints, by=petition)
        workflow.issue_batch(batch, by=petition)
    with time_machine.travel(moment(issue_day, 9, 45), tick=False):
        workflow.forward_complaints(complaints, by=office)
        for complaint in complaints:
            workflow.confirm_by_phone(complaint, by=office, answered_by="莲都区督查办值班员")
            workflow.sign_receipt(complaint, by=signer)
    for index, (complaint, (_text, verdict, people, _key, _who)) in enumerate(
        zip(complaints, COMPLAINTS, strict=True)
    ):
        if index == 7:
            continue  # still no feedback: the petition group will ask the discipline group to act
        answer_day = min(issue_day + dt.timedelta(days=2 + index % 3), today - dt.timedelta(days=1))
        with time_machine.travel(moment(answer_day, 15), tick=False):
            complaint.refresh_from_db()
            workflow.submit_feedback(
                complaint, by=handler, verdict=verdict,
                findings="经现场核查，反映问题属实。" if verdict != "false" else "经现场核查，未发现焚烧痕迹。",
                measures="责令停产整治，立案查处；已完成整改。" if verdict != "false" else "无",
                accountability=f"对 {people} 名责任人问责。" if people else "",
                handling_state="closed",
                counters={"ordered_firms": int(verdict != "false"), "accountable_people": people},
            )  # fmt: skip
            workflow.sign_feedback(complaint, by=signer)
            workflow.accept_feedback(complaint, by=office)
    _records(complaints, today, users, issue_day)
    _requests(complaints, today, users, issue_day)
    return len(complaints)


def _records(complaints, today, users, issue_day) -> None:
    """The county's records: complaint 2 (one of two people) and complaint 8 are left missing; the
    discipline group has urged 2 already."""
    from accountability import oversight
    from accountability import workflow as records

    handler, discipline = users["ls_liandu_handler"], users["ls_discipline"]
    people = iter(RECORD_PEOPLE)
    for index, complaint in enumerate(complaints):
        complaint.refresh_from_db()
        wanted = complaint.accountable_people - (1 if index in (0, 8) else 0)
        for n in range(max(wanted, 0)):
            name, post, level = next(people)
            day = min(issue_day + dt.timedelta(days=4 + n), today - dt.timedelta(days=1))
            decided = not (index == 5 and n == 0)
            with time_machine.travel(moment(day, 11), tick=False):
                record = records.register_record(
                    by=handler, unit=complaint.lead_unit, person_name=name, post=post, cadre_level=level,
                    reason=f"信访举报件 {complaint.number} 反映问题属实，属地监管不到位",
                    form=("admonition" if index % 2 else "circulated") if decided else "",
                    decided_by="中共丽水市莲都区纪律检查委员会" if decided else "",
                    decided_on=day if decided else None,
                    document_number=f"莲纪〔{day.year}〕{20 + index}号" if decided else "",
                    source_kind="feedback", complaints=[complaint],
                )  # fmt: skip
            if decided and index == 1:
                records.verify_record(record, by=discipline, note="与问责决定书一致")
    with time_machine.travel(moment(today - dt.timedelta(days=1), 10), tick=False):
        oversight.urge_accountability(
            by=discipline, unit=complaints[0].lead_unit, complaint=complaints[0],
            due_on=today + dt.timedelta(days=6),
            reason="该件反馈称对 2 名责任人问责，目前仅登记 1 人，请核实并对石材加工厂属地监管责任人问责到位。",
        )  # fmt: skip


def _requests(complaints, today, users, issue_day) -> None:
    from accountability import oversight
    from organisations.models import Unit

    county = Unit.objects.filter(region__code="331102", kind="government").order_by("pk").first()
    with time_machine.travel(moment(today - dt.timedelta(days=2), 16), tick=False):
        open_request = oversight.request_supervision(
            by=users["ls_petition"], subject_unit=county, kind="late",
            description=f"举报件 {complaints[7].number}（垃圾中转站渗滤液）签收后超过 5 日未反馈，电话督促两次仍未报送。",
            complaints=[complaints[7]],
        )  # fmt: skip
    with time_machine.travel(moment(issue_day + dt.timedelta(days=3), 10), tick=False):
        answered = oversight.request_supervision(
            by=users["ls_team"], subject_unit=county, kind="poor",
            description=f"举报件 {complaints[5].number}（电镀小作坊）“死灰复燃”，反映属地巡查机制流于形式，建议督办。",
            complaints=[complaints[5]],
        )  # fmt: skip
    with time_machine.travel(moment(issue_day + dt.timedelta(days=4), 15), tick=False):
        oversight.reply_supervision(
            answered, by=users["ls_discipline"],
            reply="已约谈南明山街道分管负责人，责成建立网格巡查台账，并将该件列入重点件问责抽查。",
        )  # fmt: skip
    return open_request
