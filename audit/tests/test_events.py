"""The audit trail's own behaviour: one event per change, scoped by region, the actor's name kept."""

import pytest

from audit.models import Event
from audit.workflow import record_event, record_events
from complaints import workflow
from conftest import make_user

pytestmark = pytest.mark.django_db


def test_events_are_read_within_ones_region_only(cast, make_inspection):
    inspection = make_inspection(targets=[cast.xingtai, cast.handan])
    complaint, _ = workflow.register_complaint(
        by=cast.inspector,
        inspection=inspection,
        channel="D",
        text="丛台区某洗车店污水直排",
        region=cast.congtai,
    )
    handan_clerk = make_user("handan_office", cast.handan_gov, "office")
    about = Event.objects.about(complaint)
    assert about.visible_to(handan_clerk).filter(action="registered").exists()
    # Xingtai's office sees nothing of a Handan complaint's trail.
    assert not about.visible_to(cast.office).exists()
    assert about.get(action="registered").actor_name == cast.inspector.full_name


def test_many_subjects_get_one_event_each_in_one_call(cast, make_inspection):
    inspection = make_inspection()
    complaints = [
        workflow.register_complaint(
            by=cast.inspector,
            inspection=inspection,
            channel="X",
            text=f"信都区第{i}家砖厂烟尘大",
            region=cast.county_a,
        )[0]
        for i in range(3)
    ]
    record_events(complaints, by=cast.office, action="urged", note="请加快办理")
    assert Event.objects.filter(action="urged", actor=cast.office).count() == 3
    assert {e.region_prefix for e in Event.objects.filter(action="urged")} == {cast.county_a.prefix}


def test_a_change_of_rights_is_an_event_about_the_account(cast, client):
    secadmin = make_user("secadmin2", cast.province_office, "secadmin", is_staff=True)
    record_event(cast.handler_a, by=secadmin, action="roles_changed", note="承办人 → 承办人、签字领导")
    event = Event.objects.about(cast.handler_a).get()
    assert event.region_prefix == cast.county_a.prefix and event.actor == secadmin
