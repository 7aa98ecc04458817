"""Preparation and meetings: the checklist read from what was recorded, attendance gaps, and the stationing
announcement on the portal and in Word."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from fieldwork import workflow
from fieldwork.models import Meeting, MeetingKind, RequestKind
from fieldwork.tests.conftest import pdf
from organisations.models import GroupKind, GroupMember, Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_the_checklist_fills_as_the_office_prepares(cast, client, inspection):
    client.force_login(cast.province)
    page = client.get(f"/inspections/{inspection.code}/").content.decode()
    assert "进驻前准备：0 / 9 项就绪" in page and "未就绪" in page

    by = cast.province
    workflow.save_plan(inspection, by=by, title="邢台市环境保护督察工作方案", targets="市县党委政府及有关部门",
                       schedule="2026-11-15｜进驻动员\n2026-12-15｜结束进驻")  # fmt: skip
    leader = workflow.add_member(inspection, by=by, name="杨波", team_post="组长", post="省人大常委会副主任")
    member = workflow.add_member(inspection, by=by, name="王立新", seconded=True, home_unit="省环保厅")
    with pytest.raises(Exception, match="派出单位"):
        workflow.add_member(inspection, by=by, name="李四", seconded=True)
    workflow.upload_document(inspection, by=by, kind="handbook", title="督察工作手册", upload=pdf("手册.pdf"))
    workflow.add_training(
        inspection, by=by, title="督察业务培训", held_on=dt.date(2026, 11, 10), attendee_ids=[leader.pk]
    )
    assert "已培训 1 / 2 人" in [c.detail for c in workflow.checklist(inspection)]
    workflow.add_training(
        inspection, by=by, title="补训", held_on=dt.date(2026, 11, 12), attendee_ids=[member.pk]
    )
    workflow.add_focus(inspection, by=by, title="中央和省委、省政府环境保护重大决策部署的落实情况")
    inspection.postal_box = "邢台市12369信箱"
    inspection.save()
    workflow.publish_announcement(inspection, by=by)
    workflow.add_meeting(inspection, by=by, kind=MeetingKind.MOBILISATION, title="督察动员会",
                         held_at=timezone.now(), by_video=True, unit_ids=[])  # fmt: skip
    workflow.create_request(inspection, by=by, unit=cast.gov_a, title="自查报告", items=[], kind=RequestKind.SELF_CHECK,
                            due_at=timezone.now() + dt.timedelta(days=3))  # fmt: skip

    checks = workflow.checklist(inspection)
    assert all(c.done for c in checks), [(str(c.label), c.detail) for c in checks if not c.done]
    page = client.get(f"/inspections/{inspection.code}/").content.decode()
    assert "进驻前准备：9 / 9 项就绪" in page
    page = client.get(f"/fieldwork/{inspection.code}/").content.decode()
    assert "王立新" in page and "省环保厅" in page and "抽调" in page and "2026-11-15" in page


def test_a_meeting_invites_the_leading_groups_units_and_shows_who_stayed_away(cast, client, inspection):
    group = Unit.objects.create(name="邢台市环境保护工作领导小组", kind=UnitKind.OTHER, region=cast.xingtai,
                                group_kind=GroupKind.LEADING)  # fmt: skip
    members = [
        Unit.objects.create(name=n, kind=UnitKind.DEPARTMENT, region=cast.xingtai)
        for n in ("市环保局", "市住建局", "市水务局")
    ]
    for n, unit in enumerate(members):
        GroupMember.objects.create(group=group, member_unit=unit, sort_order=n)
    meeting = workflow.add_meeting(
        inspection, by=cast.province, kind=MeetingKind.MOBILISATION, title="督察组进驻动员会", held_at=timezone.now(),
        place="市委常委会议室", by_video=True, chair="刘予强", speakers="杨波｜督察组组长｜就做好督察工作讲话",
    )  # fmt: skip
    assert meeting.attendance.count() == 3
    gaps = workflow.mark_attendance(meeting, by=cast.province, present_ids=[members[0].pk, members[1].pk],
                                    attendees={members[0].pk: "张局长"})  # fmt: skip
    assert gaps == 1
    client.force_login(cast.province)
    page = client.get(f"/fieldwork/meetings/{meeting.pk}/").content.decode()
    assert (
        "到会 2 / 3 个单位" in page and "1 个单位缺席" in page and "缺席：市水务局" in page and "杨波" in page
    )
    with pytest.raises(Exception, match="受邀"):
        workflow.mark_attendance(meeting, by=cast.province, present_ids=[cast.gov_a.pk])
    assert Meeting.objects.count() == 1


def test_the_announcement_is_public_on_the_portal_and_in_word(cast, client, inspection):
    from docx import Document

    inspection.postal_box = "邢台市12369信箱"
    inspection.save()
    notice = workflow.draft_announcement(inspection, by=cast.province)
    assert (
        "0319-1234567" in notice.text
        and "邢台市12369信箱" in notice.text
        and "每天08:00—20:00" in notice.text
    )
    assert client.get(f"/portal/{inspection.code}/announcement/").status_code == 404  # a draft is not public
    workflow.publish_announcement(inspection, by=cast.province)
    page = client.get(f"/portal/{inspection.code}/announcement/").content.decode()
    assert notice.title in page and "0319-1234567" in page
    assert notice.title in client.get("/portal/").content.decode()
    word = client.get(f"/portal/{inspection.code}/announcement/?format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "0319-1234567" in text and inspection.team_name in text


def test_only_the_team_or_office_prepares(cast, inspection):
    with pytest.raises(Exception, match="督察组或督察办"):
        workflow.save_plan(inspection, by=cast.handler_a, title="x", targets="y")
    with pytest.raises(Exception, match="督察组或督察办"):
        workflow.add_focus(inspection, by=cast.leader, title="x")
