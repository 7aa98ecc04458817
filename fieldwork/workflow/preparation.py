"""Preparation and meetings: the plan, the team, the handbook, training, meetings with attendance, the stationing
announcement, and the checklist of what must be ready before the team is stationed."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.workflow import record_event
from ducha.errors import WorkflowError
from ducha.inputs import required_text
from fieldwork.access import require_either, require_open
from fieldwork.models import (
    Announcement,
    DocumentKind,
    DocumentRequest,
    FocusArea,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    RequestKind,
    TeamMember,
    Training,
    WorkDocument,
    WorkPlan,
)
from organisations.models import GroupKind, GroupMember, Unit

DOCUMENT_TYPES = ("pdf", "docx", "xlsx", "jpg", "jpeg", "png")


def _prepare(by, inspection, what: str):
    require_either(by, inspection, what)
    require_open(inspection)


@transaction.atomic
def save_plan(
    inspection, *, by, title: str, targets: str, number: str = "", issued_on=None, schedule: str = ""
) -> WorkPlan:
    _prepare(by, inspection, "编制工作方案")
    values = {
        "title": required_text(title, field="title", label="方案名称", limit=200),
        "targets": required_text(targets, field="targets", label="督察对象和重点"),
        "number": (number or "").strip()[:60], "issued_on": issued_on, "schedule": (schedule or "").strip(),
        "updated_by": by, "updated_at": timezone.now(),
    }  # fmt: skip
    for line in values["schedule"].splitlines():
        if line.strip() and "｜" not in line.replace("|", "｜"):
            raise WorkflowError(f"工作安排“{line.strip()[:20]}”应写作 日期｜事项", field="schedule")
    plan, _created = WorkPlan.objects.update_or_create(inspection=inspection, defaults=values)
    record_event(inspection, by=by, action="work_plan_saved", note=plan.title)
    return plan


@transaction.atomic
def add_member(inspection, *, by, name: str, team_post: str = "成员", post: str = "", home_unit: str = "",
               seconded: bool = False) -> TeamMember:  # fmt: skip
    _prepare(by, inspection, "登记督察组成员")
    name = required_text(name, field="name", label="姓名", limit=40)
    if seconded and not (home_unit or "").strip():
        raise WorkflowError(f"抽调人员{name}请填写派出单位", field="home_unit")
    member = TeamMember.objects.create(
        inspection=inspection, name=name, team_post=(team_post or "成员").strip()[:40], post=(post or "").strip()[:120],
        home_unit=(home_unit or "").strip()[:120], seconded=bool(seconded),
        sort_order={"组长": 1, "副组长": 2}.get((team_post or "").strip(), 100),
    )  # fmt: skip
    record_event(inspection, by=by, action="team_member_added", note=str(member))
    return member


@transaction.atomic
def upload_document(inspection, *, by, kind: str, title: str, upload) -> WorkDocument:
    from complaints.workflow.receipt import check_upload

    _prepare(by, inspection, "上传督察工作文件")
    if kind not in DocumentKind.values:
        raise WorkflowError("文件类别应为 工作方案 / 督察工作手册 / 其他文件", field="kind")
    if upload is None:
        raise WorkflowError("请选择文件", field="file")
    if check_upload(upload, field="file") not in DOCUMENT_TYPES:
        raise WorkflowError(f"{upload.name} 不是文件（pdf、docx、xlsx）或图片", field="file")
    document = WorkDocument(
        inspection=inspection, kind=kind, title=required_text(title or upload.name, field="title", label="标题", limit=200),
        name=upload.name[:200], size=upload.size, uploaded_by=by,
    )  # fmt: skip
    document.file.save(upload.name, upload, save=True)
    record_event(
        inspection,
        by=by,
        action="work_document_uploaded",
        note=f"{document.get_kind_display()}：{document.title}",
    )
    return document


@transaction.atomic
def add_training(inspection, *, by, title: str, held_on: dt.date, place: str = "", trainer: str = "",
                 attendee_ids=()) -> Training:  # fmt: skip
    _prepare(by, inspection, "登记业务培训")
    if held_on is None:
        raise WorkflowError("请填写培训日期", field="held_on")
    members = list(TeamMember.objects.filter(inspection=inspection, pk__in=[int(i) for i in attendee_ids]))
    if len(members) != len(set(attendee_ids)):
        raise WorkflowError("参训人员应是本次督察的成员", field="attendees")
    training = Training.objects.create(
        inspection=inspection, title=required_text(title, field="title", label="培训内容", limit=200), held_on=held_on,
        place=(place or "").strip()[:120], trainer=(trainer or "").strip()[:120],
    )  # fmt: skip
    training.attendees.set(members)
    record_event(inspection, by=by, action="training_recorded", note=f"{training.title}（{len(members)}人）")
    return training


def leading_group_units(inspection) -> list[int]:
    """The member units of the leading groups in the inspected regions (Linfen's 53)."""
    prefixes = [r.prefix for r in inspection.target_regions.all()]
    groups = Unit.objects.filter(group_kind=GroupKind.LEADING, region__prefix__in=prefixes)
    rows = GroupMember.objects.filter(group__in=groups, member_unit__isnull=False)
    return list(rows.order_by("sort_order", "pk").values_list("member_unit_id", flat=True).distinct())


@transaction.atomic
def add_meeting(inspection, *, by, kind: str, title: str, held_at: dt.datetime, place: str = "", by_video=False,
                chair: str = "", speakers: str = "", minutes: str = "", unit_ids=None) -> Meeting:  # fmt: skip
    """A meeting with its invited units: those given, or else the leading group's member units."""
    _prepare(by, inspection, "登记会议")
    if kind not in MeetingKind.values:
        raise WorkflowError("会议类型应为 动员会 / 座谈会 / 汇报会 / 反馈会", field="kind")
    if held_at is None:
        raise WorkflowError("请填写召开时间", field="held_at")
    if not place and not by_video:
        raise WorkflowError("请填写会议地点，或注明视频会议", field="place")
    meeting = Meeting.objects.create(
        inspection=inspection, kind=kind, title=required_text(title, field="title", label="会议名称", limit=200),
        held_at=held_at, place=(place or "").strip()[:120], by_video=bool(by_video), chair=(chair or "").strip()[:120],
        speakers=(speakers or "").strip(), minutes=(minutes or "").strip(), created_by=by,
    )  # fmt: skip
    ids = list(unit_ids) if unit_ids is not None else leading_group_units(inspection)
    units = list(Unit.objects.visible_to(by).filter(pk__in=ids).values_list("pk", flat=True)) if ids else []
    if unit_ids is not None and len(units) != len(set(ids)):
        raise WorkflowError("参会单位不在您的管辖范围内", field="units")
    MeetingAttendance.objects.bulk_create([MeetingAttendance(meeting=meeting, unit_id=pk) for pk in units])
    record_event(
        inspection, by=by, action="meeting_recorded", note=f"{meeting.get_kind_display()}：{meeting.title}"
    )
    return meeting


@transaction.atomic
def mark_attendance(meeting: Meeting, *, by, present_ids, attendees: dict | None = None) -> int:
    """Record who came: the units in `present_ids` are present, every other invited unit is a gap."""
    _prepare(by, meeting.inspection, "登记到会情况")
    present = {int(i) for i in present_ids}
    rows = MeetingAttendance.objects.filter(meeting=meeting)
    invited = set(rows.values_list("unit_id", flat=True))
    if present - invited:
        raise WorkflowError("到会单位应是受邀参会单位", field="present")
    rows.filter(unit_id__in=present).update(present=True)
    rows.exclude(unit_id__in=present).update(present=False)
    for unit_id, name in (attendees or {}).items():
        rows.filter(unit_id=int(unit_id)).update(attendee=str(name).strip()[:120])
    record_event(meeting.inspection, by=by, action="attendance_recorded",
                 note=f"{meeting.title}：到会 {len(present)} / {len(invited)}")  # fmt: skip
    return len(invited) - len(present)


def announcement_text(inspection) -> str:
    days = (inspection.stationed_until - inspection.stationed_from).days + 1
    hours = f"{str(inspection.accepting_from)[:5]}—{str(inspection.accepting_until)[:5]}"
    regions = "、".join(t.region.name for t in inspection.targets.select_related("region"))
    parts = [
        f"根据工作安排，{inspection.team_name}进驻{regions}开展{inspection.get_kind_display()}工作，"
        f"进驻时间约{days}天（{inspection.stationed_from:%Y年%-m月%-d日}至{inspection.stationed_until:%Y年%-m月%-d日}）。"
    ]
    contact = []
    if inspection.hotline:
        contact.append(f"专门值班电话：{inspection.hotline}")
    if inspection.postal_box:
        contact.append(f"专门邮政信箱：{inspection.postal_box}")
    if contact:
        parts.append(f"进驻期间设立{'；'.join(contact)}，受理来电来信举报。受理举报电话时间为每天{hours}。")
    parts.append(
        f"督察组主要受理{regions}生态环境保护方面的来信来电举报。其他不属于受理范围的信访问题，"
        "将按规定由被督察地区、单位和有关部门处理。"
    )
    return "\n".join(parts)


@transaction.atomic
def draft_announcement(inspection, *, by, title: str = "", text: str = "") -> Announcement:
    _prepare(by, inspection, "起草进驻公告")
    if not inspection.hotline and not inspection.postal_box:
        raise WorkflowError("请先在督察信息中填写值班电话或邮政信箱", field="hotline")
    values = {
        "title": (title or "").strip()[:200] or f"关于{inspection.team_name}进驻期间受理群众举报的公告",
        "text": (text or "").strip() or announcement_text(inspection),
    }
    notice, _ = Announcement.objects.update_or_create(inspection=inspection, defaults=values)
    return notice


@transaction.atomic
def publish_announcement(inspection, *, by) -> Announcement:
    _prepare(by, inspection, "发布进驻公告")
    notice = Announcement.objects.select_for_update().filter(inspection=inspection).first()
    if notice is None:
        notice = draft_announcement(inspection, by=by)
    if notice.published_at is None:
        notice.published_at, notice.published_by = timezone.now(), by
        notice.save(update_fields=["published_at", "published_by"])
        record_event(inspection, by=by, action="announcement_published", note=notice.title)
    return notice


@dataclass
class Check:
    label: object  # a lazy translation
    done: bool
    detail: str
    anchor: str


def checklist(inspection) -> list[Check]:
    """What must be ready before stationing, read from what has been recorded (nothing is ticked by hand)."""
    plan = WorkPlan.objects.filter(inspection=inspection).first()
    members = TeamMember.objects.filter(inspection=inspection)
    member_count = members.count()
    leaders = members.filter(team_post="组长").count()
    handbook = WorkDocument.objects.filter(inspection=inspection, kind=DocumentKind.HANDBOOK).count()
    trained = members.filter(trainings__isnull=False).distinct().count()
    focus = FocusArea.objects.filter(inspection=inspection).count()
    notice = Announcement.objects.filter(inspection=inspection).first()
    mobilisation = Meeting.objects.filter(inspection=inspection, kind=MeetingKind.MOBILISATION).first()
    self_checks = DocumentRequest.objects.filter(inspection=inspection, kind=RequestKind.SELF_CHECK).count()
    contact = bool(inspection.hotline and inspection.postal_box)
    return [
        Check(_("工作方案"), plan is not None, plan.title if plan else "尚未编制", "plan"),
        Check(_("督察组成员"), member_count > 0 and leaders > 0,
              f"{member_count} 人，组长 {leaders} 人" if member_count else "尚未登记", "members"),
        Check(_("督察工作手册"), handbook > 0, f"{handbook} 份" if handbook else "尚未上传", "documents"),
        Check(_("业务培训"), member_count > 0 and trained == member_count,
              f"已培训 {trained} / {member_count} 人" if member_count else "尚无成员", "trainings"),
        Check(_("督察重点"), focus > 0, f"{focus} 项" if focus else "尚未列出", "focus"),
        Check(_("举报电话和信箱"), contact, "已设立" if contact else "值班电话或邮政信箱未填写", "announcement"),
        Check(_("进驻公告"), bool(notice and notice.published_at),
              "已在门户发布" if notice and notice.published_at else "尚未发布", "announcement"),
        Check(_("动员会"), mobilisation is not None,
              f"{timezone.localtime(mobilisation.held_at):%Y-%m-%d %H:%M}" if mobilisation else "尚未安排", "meetings"),
        Check(_("被督察单位自查"), self_checks > 0, f"已发 {self_checks} 份自查通知" if self_checks else "尚未部署", "requests"),
    ]  # fmt: skip
