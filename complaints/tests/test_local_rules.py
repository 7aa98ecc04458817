"""Issue 15, item 2: a locality's stricter rule belongs to that locality, and every clock says whose
rule it is."""

import pytest
import time_machine

from audit.models import Event
from complaints import workflow
from complaints.tests.conftest import at
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections import workflow as inspections
from organisations.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def _issue(cast, inspection, complaints):
    batch = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(batch, complaints, by=cast.inspector)
    workflow.issue_batch(batch, by=cast.inspector)
    for c in complaints:
        c.refresh_from_db()


def _register(cast, inspection, region, text):
    complaint, _ = workflow.register_complaint(
        by=cast.inspector, inspection=inspection, text=text, region=region, channel="D",
        reporter_name="李四", reporter_phone="13900001111",
    )  # fmt: skip
    Unit.objects.get_or_create(
        name=f"{region.name}人民政府", region=region, defaults={"kind": UnitKind.GOVERNMENT}
    )
    workflow.accept_complaint(complaint, by=cast.inspector)
    return complaint


def test_xingtai_rule_applies_in_xingtai_only_and_says_whose_it_is(cast, make_inspection):
    inspection = make_inspection(targets=[cast.xingtai, cast.handan])
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        xindu = _register(cast, inspection, cast.county_a, "信都区某砖厂烟尘大，晚上冒黑烟")
        congtai = _register(cast, inspection, cast.congtai, "丛台区某洗车店污水直排雨水管网")
        _issue(cast, inspection, [xindu, congtai])
    # Xingtai's county: the city's 3 days run before the team's 5.
    assert xindu.local_due_at == at("2026-11-23 23:59:59")
    assert xindu.due_at == xindu.forward_due_at
    assert xindu.local_rule.source == "邢台市保障工作组（邢台市）"
    # Handan has no such rule: only the team's 5 days.
    assert congtai.local_due_at is None and congtai.local_rule is None
    assert congtai.team_due_at == at("2026-11-25 23:59:59")
    workflow.forward_complaints([xindu, congtai], by=cast.province)
    xindu.refresh_from_db()
    congtai.refresh_from_db()
    assert xindu.due_at == at("2026-11-23 23:59:59") and congtai.due_at == at("2026-11-25 23:59:59")


def test_an_inspection_without_local_rules_runs_on_the_teams_clock(cast, make_inspection, client):
    inspection = make_inspection(xingtai_rule=False)
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        complaint = _register(cast, inspection, cast.county_a, "信都区某养殖场粪污直排河道")
        _issue(cast, inspection, [complaint])
    assert complaint.local_due_at is None
    assert complaint.team_due_at == at("2026-11-25 23:59:59")
    client.force_login(cast.province)
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "第十一督察组规定" in page and "本地反馈时限" not in page


def test_only_the_localitys_office_sets_its_rule(cast, make_inspection):
    inspection = make_inspection(targets=[cast.xingtai, cast.handan], xingtai_rule=False)
    # Xingtai's office cannot set a rule for Handan, nor can a handler set one at all.
    with pytest.raises(PermissionDeniedError):
        inspections.add_local_rule(
            inspection, by=cast.office, region=cast.handan, key="feedback_local", amount=2, unit="day"
        )
    with pytest.raises(PermissionDeniedError):
        inspections.add_local_rule(
            inspection, by=cast.handler_a, region=cast.county_a, key="feedback_local", amount=2, unit="day"
        )
    # Only the keys a locality may tighten.
    with pytest.raises(WorkflowError) as error:
        inspections.add_local_rule(
            inspection, by=cast.office, region=cast.xingtai, key="plan", amount=10, unit="day"
        )
    assert error.value.field == "key"
    rule = inspections.add_local_rule(
        inspection, by=cast.office, region=cast.xingtai, key="feedback_local", amount=3, unit="day",
        basis="3日内经主要领导签字后反馈",
    )  # fmt: skip
    assert rule.set_by == cast.city_office
    with pytest.raises(WorkflowError) as twice:
        inspections.add_local_rule(
            inspection, by=cast.office, region=cast.xingtai, key="feedback_local", amount=2, unit="day"
        )
    assert twice.value.code == "duplicate"
    event = Event.objects.about(inspection).get(action="deadline_rule_added")
    assert "邢台市保障工作组" in event.note and event.actor == cast.office
    # The city changes its own rule; the province's office may not change it for the city.
    inspections.update_deadline_rule(rule, by=cast.office, amount=2, unit="day")
    rule.refresh_from_db()
    assert rule.amount == 2


def test_a_city_office_adds_its_rule_through_the_api(cast, make_inspection, client):
    make_inspection(xingtai_rule=False)
    client.force_login(cast.office)
    added = client.post(
        "/api/inspections/HB-2018-HTK-11/local-rules",
        {"region": "130500", "key": "feedback_local", "amount": 3, "unit": "day", "basis": "市里从严"},
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    assert added.json()["source"] == "邢台市保障工作组（邢台市）"
    outside = client.post(
        "/api/inspections/HB-2018-HTK-11/local-rules",
        {"region": "130400", "key": "feedback_local", "amount": 3, "unit": "day"},
        content_type="application/json",
    )
    assert outside.status_code == 403 and "邯郸市" in outside.json()["detail"]
