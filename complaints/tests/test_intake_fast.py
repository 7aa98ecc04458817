"""Issue 16: intake reads only what it needs, and its per-process copy of the inspection is never stale."""

import datetime as dt
import uuid

import pytest

from complaints.models import Complaint
from conftest import make_user
from ducha.pagination import IdPaginator, rows_by_ids
from inspections import cache
from inspections import workflow as inspections

pytestmark = pytest.mark.django_db


def _post(client, **extra):
    body = {
        "inspection": "HB-2018-HTK-11",
        "channel": "D",
        "text": "信都区某石料厂夜间粉尘很大",
        "region_code": "130503",
    }
    body.update(extra)
    return client.post(
        "/api/complaints",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )


def test_an_intake_takes_few_statements_and_answers_from_what_it_wrote(
    cast, make_inspection, client, django_assert_max_num_queries
):
    make_inspection()
    client.force_login(cast.inspector)
    assert _post(client).status_code == 201  # the first one fills the process's copies
    with django_assert_max_num_queries(12):
        answer = _post(client, text="信都区某化工厂半夜排放刺鼻气体")
    assert answer.status_code == 201
    body = answer.json()
    saved = Complaint.objects.get(pk=body["id"])
    assert (body["number"], body["region_name"], body["inspection"]) == (
        saved.number,
        "信都区",
        "HB-2018-HTK-11",
    )
    assert body["tracking_code"] == saved.tracking_code and body["status"] == "registered"


def test_the_copy_follows_every_change_and_scope_is_checked_each_time(cast, make_inspection):
    inspection = make_inspection(xingtai_rule=False)
    first = cache.for_intake(cast.inspector, inspection.code)
    assert cache.for_intake(cast.inspector, inspection.code) is first  # reused while unchanged
    inspections.update_inspection(inspection, by=cast.province, target_regions=[cast.xingtai, cast.handan])
    fresh = cache.for_intake(cast.inspector, inspection.code)
    assert fresh is not first and {r.code for r in fresh.target_region_list} == {"130500", "130400"}
    rule = inspection.deadline_rules.get(key="feedback_team")
    inspections.update_deadline_rule(rule, by=cast.province, amount=7, unit="day")
    assert cache.for_intake(cast.inspector, inspection.code) is not fresh
    # Someone outside the inspection's area is refused even though a copy is kept.
    from django.http import Http404

    outsider = make_user("sichuan", cast.handan_gov, "office")
    inspections.update_inspection(inspection, by=cast.province, target_regions=[cast.xingtai])
    with pytest.raises(Http404):
        cache.for_intake(outsider, inspection.code)


def test_pages_read_by_ids_hold_the_same_rows_in_the_same_order(cast, make_inspection, register_many):
    rows = Complaint.objects.order_by("-received_at", "-id")
    assert [c.pk for c in rows_by_ids(rows, 3, 9)] == [c.pk for c in rows[3:9]]
    page = IdPaginator(rows, 4).page(2)
    assert [c.pk for c in page] == [c.pk for c in rows[4:8]] and page.paginator.count == rows.count()


@pytest.fixture
def register_many(cast, make_inspection):
    from complaints import workflow

    inspection = make_inspection("HB-2026-PAGES")
    for i in range(12):
        workflow.register_complaint(
            by=cast.inspector, inspection=inspection, channel="X", text=f"信都区第{i}家砖厂烟尘大",
            region=cast.county_a, received_at=None,
        )  # fmt: skip
    return dt.date.today()
