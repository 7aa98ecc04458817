"""Demo of the team's own work.

- Linfen (seed 001): the provincial team's 动员会 of 11-23 by video (组长 杨波 speaking, 市委书记 岳普煜's
  mobilisation speech, 市长 刘予强 in the chair; the leading group's 53 member units attending), the seven focus
  areas as 杨波 listed them, the stationing announcement (0357-2069124, 山西省临汾市12369信箱, 8:00–20:00), document
  requests and a 自查 to 尧都区, two interviews and a site visit, findings, and the feedback report assembled from
  them, reviewed, signed and delivered: a small Linfen ledger. Everything is replayed onto the demo's calendar,
  where the stay began eight days ago.
- Lishui (seed 003, 六（一）督查筹备): the year's work plan (丽委办发〔2017〕74号), the 综合巡查组's members,
  the handbook, a training the group did not all attend, and the 动员部署会: preparation still in progress, so
  the checklist shows what is missing.
"""

import datetime as dt

import time_machine

from demo.complaints import moment

LINFEN_FOCUS = [
    "中央和省委、省政府环境保护重大决策部署的落实情况",
    "市县党委、政府及其有关部门、企事业单位落实环境保护“党政同责”和“一岗双责”的情况",
    "当地环境质量改善情况、存在问题和环保指标任务完成情况",
    "省委、省政府高度关注、群众反映强烈、社会影响恶劣的突出环境问题及处理情况",
    "上级约谈、通报、曝光、挂牌督办等事项的整改落实情况",
    "重大环境事件及处理情况",
    "环境保护大检查的落实情况",
]
LINFEN_MEMBERS = [
    ("杨波", "组长", "", ""), ("张晓平", "副组长", "", ""), ("郜玉兰", "副组长", "", ""),
    ("王卫东", "成员", "省环保厅环境监察局", "省环保厅"), ("李晓红", "成员", "省委组织部干部监督处", "省委组织部"),
    ("赵建军", "联络员", "省纪委驻省环保厅纪检组", "省纪委"),
]  # fmt: skip
LINFEN_SPEAKERS = (
    "杨波｜省委、省政府环境保护督察组组长｜就做好督察工作作重要讲话，强调“党政同责、一岗双责、部门履责、失职追责”\n"
    "岳普煜｜市委书记｜作动员讲话：统一思想认识，直面存在问题，扎实抓好反馈意见整改"
)
LISHUI_PLAN = (
    "巩固提升中央环保督察成果建立生态环境保护综合督查长效机制的工作方案（试行）",
    "丽委办发〔2017〕74号",
    "各县（市、区）党委、政府及市直相关部门贯彻落实国家、省、市关于环境保护的决策部署和执行各项环境保护法律法规制度情况",
)


def load_fieldwork(*, today: dt.date, progress=print) -> int:
    from fieldwork.models import WorkPlan

    if WorkPlan.objects.exists():
        return 0
    progress("督察工作（临汾、丽水）…")
    return _linfen(today) + _lishui(today)


def _users(*names):
    from accounts.models import User

    return [User.objects.get(username=n) for n in names]


def _linfen(today: dt.date) -> int:
    from complaints.models import Complaint
    from fieldwork import workflow
    from fieldwork.models import MeetingKind, RequestKind
    from inspections.models import Inspection
    from organisations.models import Region, Unit

    inspection = Inspection.objects.filter(code="SX-2016-LF").first()
    if inspection is None:
        return 0
    team, leader, office, county = _users("sx_team", "sx_leader", "lf_office", "lf_yaodu_handler")
    start = inspection.stationed_from
    yaodu, linfen = Region.objects.get(code="141002"), Region.objects.get(code="141000")
    yaodu_gov = Unit.objects.get(region=yaodu, kind="government")
    with time_machine.travel(moment(start - dt.timedelta(days=3), 10), tick=False):
        workflow.save_plan(inspection, by=office, title="山西省委、省政府环境保护督察组督察临汾市工作方案",
                           targets="临汾市委、市政府及其有关部门，各县（市、区）党委、政府；督察重点七个方面（见督察重点）。",
                           schedule=f"{start}｜召开动员会，督察组进驻\n{start}—{inspection.stationed_until}｜下沉督察，受理举报\n"
                                    f"{inspection.stationed_until}｜结束进驻，形成督察报告")  # fmt: skip
        for name, post, own, home in LINFEN_MEMBERS:
            workflow.add_member(
                inspection,
                by=office,
                name=name,
                team_post=post,
                post=own,
                home_unit=home,
                seconded=bool(home),
            )
        focus = [workflow.add_focus(inspection, by=office, title=t) for t in LINFEN_FOCUS]
        workflow.publish_announcement(inspection, by=office)
    with time_machine.travel(moment(start, 9), tick=False):
        meeting = workflow.add_meeting(
            inspection, by=office, kind=MeetingKind.MOBILISATION, title="省委、省政府环境保护督察组进驻临汾市动员会",
            held_at=moment(start, 9), place="市委主会场，各县（市、区）设分会场", by_video=True, chair="刘予强（市委副书记、市长）",
            speakers=LINFEN_SPEAKERS, minutes="督察组进驻时间约一个月。进驻期间设立专门电话和邮政信箱，受理来电来信举报。",
        )  # fmt: skip
        workflow.mark_attendance(
            meeting, by=office, present_ids=meeting.attendance.values_list("unit_id", flat=True)
        )
    # Deadlines are read before travelling: `moment` never goes past the clock it reads.
    due = {n: moment(start + dt.timedelta(days=n), 17) for n in (3, 4, 5)}
    with time_machine.travel(moment(start + dt.timedelta(days=1), 10), tick=False):
        materials = workflow.create_request(
            inspection, by=team, unit=yaodu_gov, title="2014年以来环境保护工作资料", due_at=due[4],
            items=["区委、区政府环境保护工作责任分工文件", "2015年以来环境保护目标责任考核结果", "2015年以来环境行政处罚案卷目录"],
        )  # fmt: skip
        self_check = workflow.create_request(
            inspection, by=team, unit=yaodu_gov, title="环境保护工作自查报告", kind=RequestKind.SELF_CHECK, items=[],
            due_at=due[3],
        )  # fmt: skip
        ledger = workflow.create_request(
            inspection, by=team, unit=yaodu_gov, title="2015年以来环境执法台账", items=["2015年以来环境执法台账（纸质及电子）"],
            due_at=due[5],
        )  # fmt: skip
    with time_machine.travel(moment(start + dt.timedelta(days=3), 16), tick=False):
        for request in (materials, self_check):
            for item in request.items.all():
                workflow.upload_to_item(item, by=county, uploads=[_pdf(f"{item.text[:20]}.pdf", item.text)])
            workflow.submit_request(request, by=county)
    del ledger  # still not provided: red on the team's list
    with time_machine.travel(moment(start + dt.timedelta(days=4), 11), tick=False):
        items = list(materials.items.all())
        for item in items[:2]:
            workflow.mark_item(item, by=team, status="received")
        workflow.mark_item(items[2], by=team, status="incomplete", remark="缺2016年1—10月的案卷目录")
        talk = workflow.record_interview(
            inspection, by=team, kind="talk", person="刘建平", post="尧都区环保局局长", unit_name="尧都区环境保护局", region=yaodu,
            held_at=moment(start + dt.timedelta(days=4), 9), interviewers="张晓平、王卫东",
            notes="自述：区里考核中环保权重只有2分，部门间推诿；汾河支流排污口排查未完成。",
        )  # fmt: skip
        workflow.record_interview(
            inspection, by=team, kind="visit", person="郭秀英", post="屯里镇村民", region=yaodu,
            held_at=moment(start + dt.timedelta(days=4), 15), interviewers="郜玉兰、李晓红",
            notes="村东焦化厂夜间冒黄烟，投诉多次无人处理。",
        )  # fmt: skip
        visit = workflow.record_site_visit(
            inspection, by=team, day=start + dt.timedelta(days=4), place="尧都区屯里镇某焦化企业", region=yaodu,
            visitors="郜玉兰、李晓红", seen="焦炉装煤除尘设施未运行，厂区无组织排放明显，煤场未全封闭。",
        )  # fmt: skip
        complaint = Complaint.objects.filter(inspection=inspection, region=yaodu).order_by("pk").first()
        findings = [
            workflow.record_finding(inspection, by=team, text="尧都区环境保护责任分工文件未明确部门监管职责，考核中环保权重仅2分，“一岗双责”落实不到位。",
                                    source_kind="document", source=items[0], unit=yaodu_gov, focus=focus[1], evidence="责任分工文件；谈话记录"),
            workflow.record_finding(inspection, by=team, text="屯里镇焦化企业装煤除尘设施未运行，无组织排放严重，群众反映强烈。",
                                    source_kind="site", source=visit, unit=yaodu_gov, focus=focus[3], evidence="实地检查记录"),
            workflow.record_finding(inspection, by=team, text="汾河支流入河排污口排查整治工作滞后。",
                                    source_kind="interview", source=talk, unit=yaodu_gov, focus=focus[2]),
        ]  # fmt: skip
        if complaint is not None:
            findings.append(workflow.record_finding(
                inspection, by=team, text="群众反映的问题查处不及时，部分问题反复投诉。", source_kind="complaint", source=complaint,
                unit=yaodu_gov, focus=focus[3], is_clue=True, persons="尧都区环保局有关负责人",
            ))  # fmt: skip
    with time_machine.travel(moment(start + dt.timedelta(days=6), 10), tick=False):
        report = workflow.create_report(
            inspection, by=team, region=linfen, title="山西省委、省政府环境保护督察组督察临汾市反馈意见", addressee="中共临汾市委、临汾市人民政府",
            copy_to="省环境保护督察工作领导小组办公室", number="晋环督〔2016〕12号",
            opening="督察组认为，临汾市委、市政府重视环境保护工作，但生态环境历史欠账较多，环境质量改善与群众期望还有差距。",
            demands="请临汾市委、市政府按照督察反馈意见，抓紧制定整改方案，列出整改清单，明确责任领导和责任人，限时整改。",
        )  # fmt: skip
        workflow.set_report_findings(report, by=team, finding_ids=[f.pk for f in findings[:3]])
        workflow.submit_report(report, by=team)
        workflow.review_report(report, by=office, approved=True, note="同意")
        workflow.sign_report(report, by=leader)
        workflow.deliver_report(report, by=office)
    return len(findings)


def _lishui(today: dt.date) -> int:
    from demo.groups import LISHUI_PATROL
    from ducha.official import OfficialDocument
    from ducha.official.docx import render
    from fieldwork import workflow
    from fieldwork.models import MeetingKind
    from inspections.models import Inspection

    inspection = Inspection.objects.filter(code="LS-2017-ZHDC").first()
    if inspection is None:
        return 0
    (office,) = _users("ls_office")
    start = inspection.stationed_from
    with time_machine.travel(moment(start - dt.timedelta(days=6), 10), tick=False):
        title, number, targets = LISHUI_PLAN
        workflow.save_plan(inspection, by=office, title=title, number=number, issued_on=start - dt.timedelta(days=6), targets=targets,
                           schedule=f"{start - dt.timedelta(days=3)}｜召开动员部署会\n{start}｜下沉督查\n{inspection.stationed_until}｜形成综合性意见建议")  # fmt: skip
        members = [
            workflow.add_member(inspection, by=office, name=n, team_post=p, post=own)
            for n, p, own in LISHUI_PATROL
        ]
        members.append(
            workflow.add_member(
                inspection,
                by=office,
                name="叶晓东",
                post="市环境监察支队科员",
                home_unit="丽水市环保局",
                seconded=True,
            )
        )
        handbook = OfficialDocument(
            issuer="丽水市生态环保督察协调联络组",
            title="生态环境保护综合督查工作手册",
            date=start - dt.timedelta(days=5),
        )
        for step in (
            "座谈汇报",
            "资料调阅",
            "现场检查",
            "受理群众举报",
            "综合分析",
            "反馈意见",
            "公开督查信息",
        ):
            handbook.h(step).p(f"{step}的工作要求、程序和文书格式。")
        workflow.upload_document(inspection, by=office, kind="handbook", title="生态环境保护综合督查工作手册",
                                 upload=_file("督查工作手册.docx", render(handbook)))  # fmt: skip
        workflow.add_training(inspection, by=office, title="综合督查业务培训", held_on=start - dt.timedelta(days=4), place="市环保局会议室",
                              trainer="钟建安", attendee_ids=[m.pk for m in members[2:]])  # fmt: skip
        workflow.add_meeting(inspection, by=office, kind=MeetingKind.MOBILISATION, title="生态环保综合督查工作动员部署会",
                             held_at=moment(start - dt.timedelta(days=3), 15), place="市行政中心会议室", chair="林康")  # fmt: skip
    return len(members)


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _pdf(name: str, text: str):
    """A small real PDF (WeasyPrint) standing in for a scanned submission."""
    from weasyprint import HTML

    return _file(
        name,
        HTML(string=f"<meta charset=utf-8><p style='font-family:Noto Sans CJK SC'>{text}</p>").write_pdf(),
    )
