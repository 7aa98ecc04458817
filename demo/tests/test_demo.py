import datetime as dt

import pytest
from django.core.management import call_command

from accounts.models import User
from audit.models import Event
from inspections.models import Inspection
from organisations.models import Person, Unit

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seed_world_with_stationing_current_today_and_is_idempotent():
    today = dt.date(2026, 11, 22)
    from demo.world import load_demo

    accounts = load_demo(today=today, progress=lambda text: None)
    inspections = {i.code: i for i in Inspection.objects.all()}
    assert set(inspections) == {
        "ZY-2016-GD-04",
        "SX-2016-LF",
        "SN-2017-AK-03",
        "LS-2017-ZHDC",
        "HB-2018-HTK-11",
        "HB-2018-HTK-12",
    }
    for inspection in inspections.values():
        if inspection.code == "SN-2017-AK-03":
            continue
        assert inspection.is_stationed_on(today), inspection.code
        assert inspection.stage == "stationed"
    # Seed 002: Ankang is a year into rectification; 2018-08-31 falls on today.
    ankang = inspections["SN-2017-AK-03"]
    assert ankang.stage == "rectification" and ankang.stationed_until < today
    report = ankang.feedback_reports.get()
    assert report.delivered_on == dt.date(2025, 11, 19) and report.plan_status == "published"
    assert (report.problems.count(), report.tasks.filter(status="closed").count()) == (60, 45)
    assert report.tasks.exclude(status="closed").count() == 15
    assert report.actions.filter(kind="interview", held_on__isnull=False).count() == 2
    assert report.actions.filter(kind="yellow").count() >= 50
    guangdong = inspections["ZY-2016-GD-04"]
    # Seed 000: 2016-11-28 → 12-28, one month; the briefing of 12-12 is "today".
    assert (guangdong.stationed_from, guangdong.stationed_until) == (
        dt.date(2026, 11, 8),
        dt.date(2026, 12, 8),
    )
    assert guangdong.hotline == "020-83345565"
    assert inspections["HB-2018-HTK-11"].deadline_rules.get(key="feedback_local").amount == 3
    assert Person.objects.get(name="陆浩").posts.get().title == "组长"
    assert Unit.objects.filter(name="中共临汾市委").exists()
    assert {u for u, *_ in accounts} >= {"xt_xindu_handler", "xt_renze_handler", "xt_office", "admin"}
    handler = User.objects.get(username="xt_renze_handler")
    assert handler.unit.region.name == "任泽区" and handler.role_codes == {"handler"}
    # Every inspection that is stationed now has complaints, so every county handler there has work.
    from complaints.queries import complaints_for

    for code, username in (("SX-2016-LF", "lf_yaodu_handler"), ("ZY-2016-GD-04", "qy_qingcheng_handler")):
        assert inspections[code].complaints.count() == 4
        assert complaints_for(User.objects.get(username=username), queue="to_answer").count() == 2
    _tells_the_truth(inspections, report)
    _ankang_supervision_as_seed_002_counts_it(report)
    _groups_as_the_seeds_give_them()
    _linfen_stay_as_seed_001_tells_it(inspections["SX-2016-LF"])
    counts = (Inspection.objects.count(), Unit.objects.count(), User.objects.count(), Event.objects.count())

    load_demo(today=today, progress=lambda text: None)
    assert (
        Inspection.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Event.objects.count(),
    ) == counts


def _linfen_stay_as_seed_001_tells_it(linfen):
    from fieldwork.models import ItemStatus, Meeting, Report
    from fieldwork.workflow import checklist

    meeting = Meeting.objects.get(inspection=linfen, kind="mobilisation")
    assert meeting.by_video and "刘予强" in meeting.chair and "岳普煜" in meeting.speakers
    assert meeting.attendance.count() == meeting.attendance.filter(present=True).count() == 53
    assert linfen.focus_areas.count() == 7 and linfen.announcement.published_at is not None
    assert "0357-2069124" in linfen.announcement.text and "山西省临汾市12369信箱" in linfen.announcement.text
    requests = linfen.document_requests.all()
    assert (
        requests.filter(unit__region__code="141002").count() == 3
        and requests.filter(submitted_at__isnull=True).count() == 2
    )  # one never handed in, one returned
    assert requests.filter(items__status=ItemStatus.INCOMPLETE).exists()
    assert linfen.interviews.count() == 2 and linfen.site_visits.count() == 1
    report = Report.objects.get(inspection=linfen)
    assert (
        report.status == "delivered"
        and report.feedback_report.problems.count() == report.findings.count() == 3
    )
    assert {c.anchor for c in checklist(linfen) if not c.done} == {"documents", "trainings"}


def test_load_demo_command_prints_the_accounts(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "xt_xindu_handler" in out and "ducha2026" in out


def _tells_the_truth(inspections, report):
    """Issue 15, items 10 and 11."""
    from complaints.models import Complaint
    from complaints.queries import complaints_for
    from demo.accounts import ACCOUNTS

    # Seed 000's coordination group is Qingyuan's; no provincial one is invented.
    assert not Unit.objects.filter(name="广东省环境保护督察协调联络组").exists()
    assert inspections["ZY-2016-GD-04"].office.name == "清远市环境保护督察工作协调联络组"
    # 监委 exist only from 2018: Linfen's 2016 discipline commission is a 纪委.
    assert Unit.objects.get(region__code="141000", kind="discipline").name == "中共临汾市纪律检查委员会"
    # Measures fit their problems on the public table.
    for problem, unfit in (("造纸厂", "油烟"), ("化工厂", "油烟"), ("养猪场", "油烟"), ("饭店油烟", "清淤")):
        assert Complaint.objects.filter(text__contains=problem).exclude(measures="").exists()
        assert not Complaint.objects.filter(text__contains=problem, measures__contains=unfit).exists(), (
            problem
        )
    # Leaders are named where the seed names them (the mayor), otherwise a post marked as one.
    assert report.tasks.filter(leader__name="赵俊民").count() == 2
    assert not report.tasks.filter(leader__isnull=True, leader_is_post=False).exclude(leader_name="").exists()
    assert "（职务，未具名）" in report.tasks.filter(leader__isnull=True).first().leader_display
    # Ankang's plan was approved by the province's office, not by Ankang.
    approved = Event.objects.get(
        subject_type="rectification.feedbackreport", subject_id=str(report.pk), action="plan_approved"
    )
    assert approved.actor.username == "sn_office"
    # Every handler account has work, Ankang's included (12369 complaints after the stay).
    for username, *_rest, roles in ACCOUNTS:
        if "handler" in roles:
            assert complaints_for(User.objects.get(username=username)).exists(), username
    assert (
        inspections["SN-2017-AK-03"].complaints.filter(channel="P", close_due_at__isnull=False).count() == 3
    )


def _groups_as_the_seeds_give_them():
    """Issue 15, item 7."""
    linfen = Unit.objects.get(name="临汾市环境保护工作领导小组")
    assert linfen.group_kind == "leading" and linfen.members.filter(member_unit__isnull=False).count() == 53
    ankang = Unit.objects.get(name="安康市中省环境保护督察巡查整改工作领导小组")
    assert ankang.members.get(title="组长").person.name == "赵俊民"
    assert ankang.members.filter(title="副组长", person__isnull=True).count() == 4
    assert ankang.children.filter(group_kind="working").count() == 4
    petition = Unit.objects.get(region__code="331100", name="信访督办组")
    assert petition.members.get(title="组长").person.name == "李忠伟"
    assert Unit.objects.get(region__code="331100", name="督办监察组").members.count() == 10
    # Their duties decide what their accounts do: the petition group handles complaints, the supervision
    # group audits.
    assert User.objects.get(username="ls_petition").role_codes == {"team"}
    assert User.objects.get(username="ls_discipline").role_codes == {"discipline"}


def _ankang_supervision_as_seed_002_counts_it(report):
    """专项督查30余次，下发预警督办通知50余次120余份、通报30余期 (seed 002)."""
    from rectification.queries import notice_counts

    counts = {row["kind"]: row for row in notice_counts(report)}
    notices = counts["yellow"]["n"] + counts["red"]["n"] + counts["letter"]["n"]
    copies = counts["yellow"]["copies"] + counts["red"]["copies"] + counts["letter"]["copies"]
    assert notices >= 50 and copies >= 120, (notices, copies)
    assert 30 <= counts["circular"]["n"] < 40
    assert 30 <= report.special_supervisions.count() < 40
