"""Issue 15, item 8: an inspection covers departments as well as places, and next year's annual
inspection is created from this year's."""

import datetime as dt

import pytest

from audit.models import Event
from conftest import make_user
from ducha.errors import PermissionDeniedError
from inspections import workflow
from inspections.models import Inspection
from organisations.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_departments_are_inspected_and_next_years_inspection_copies_this_years(cast, make_inspection, client):
    epb = Unit.objects.create(name="邢台市环境保护局", kind=UnitKind.DEPARTMENT, region=cast.xingtai)
    inspection = make_inspection(
        "XT-2026-ZHDC", name="邢台市2026年度生态环境保护综合督查", kind="comprehensive", level="municipal",
        by=cast.office, office=cast.city_office, target_units=[epb],
        stationed_from=dt.date(2026, 11, 1), stationed_until=dt.date(2026, 11, 30),
    )  # fmt: skip
    assert list(inspection.target_units.all()) == [epb]
    # The department's own account sees the inspection that covers it.
    clerk = make_user("epb_clerk", epb, "handler")
    assert Inspection.objects.visible_to(clerk).filter(pk=inspection.pk).exists()
    client.force_login(cast.office)
    assert "邢台市环境保护局" in client.get(f"/inspections/{inspection.code}/").content.decode()

    with pytest.raises(PermissionDeniedError):
        workflow.copy_for_next_year(inspection, by=cast.handler_a)
    following = workflow.copy_for_next_year(inspection, by=cast.office)
    assert following.code == "XT-2027-ZHDC" and following.name == "邢台市2027年度生态环境保护综合督查"
    assert (following.stationed_from, following.stationed_until) == (
        dt.date(2027, 11, 1),
        dt.date(2027, 11, 30),
    )
    assert following.stage == "preparation"
    assert list(following.target_units.all()) == [epb]
    assert list(following.target_regions.all()) == [cast.xingtai]
    local = following.deadline_rules.get(key="feedback_local")
    assert (local.amount, local.region, local.set_by) == (3, cast.xingtai, cast.city_office)
    assert Event.objects.about(following).filter(action="copied", note__contains="XT-2026-ZHDC").exists()


def test_next_year_through_the_api(cast, make_inspection, client):
    make_inspection("HB-2026-ND", by=cast.province)
    client.force_login(cast.province)
    created = client.post(
        "/api/inspections/HB-2026-ND/next-year", {"code": "HB-2027-ND"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["stationed_from"] == "2027-11-15"
    again = client.post(
        "/api/inspections/HB-2026-ND/next-year", {"code": "HB-2027-ND"}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "code"
