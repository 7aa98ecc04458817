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
    from ducha.demo import load_demo

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
    counts = (Inspection.objects.count(), Unit.objects.count(), User.objects.count(), Event.objects.count())

    load_demo(today=today, progress=lambda text: None)
    assert (
        Inspection.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Event.objects.count(),
    ) == counts


def test_load_demo_command_prints_the_accounts(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "xt_xindu_handler" in out and "ducha2026" in out
