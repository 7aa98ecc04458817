"""Every automatic rule on its boundary: an event on the quarter's last Beijing day counts, one a minute
after midnight Beijing time (still the same UTC day) does not; a recomputation counts it once."""

import datetime as dt

import pytest

from assessments import compute
from assessments.models import Deduction

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))
INSIDE = dt.datetime(2026, 12, 31, 23, 59, tzinfo=BEIJING)  # 15:59 UTC
OUTSIDE = dt.datetime(2027, 1, 1, 0, 1, tzinfo=BEIJING)  # 16:01 UTC, the same UTC day


def _counted(scheme, event: str) -> int:
    compute.recompute(scheme, "2026Q4")
    compute.recompute(scheme, "2026Q4")  # twice: never counted twice
    return Deduction.objects.filter(scheme=scheme, period="2026Q4", rule__event=event).count()


@pytest.mark.parametrize(("moment", "expected"), [(INSIDE, 1), (OUTSIDE, 0)])
def test_late_feedback(cast, scheme, register, walk, moment, expected):
    from complaints.models import Feedback

    complaint = walk(register(), "signing")
    Feedback.objects.filter(complaint=complaint).update(late_local_seconds=3600, written_at=moment)
    assert _counted(scheme, "late_feedback") == expected


@pytest.mark.parametrize(("moment", "expected"), [(INSIDE, 1), (OUTSIDE, 0)])
def test_a_late_dispatch_report(cast, scheme, make_task, moment, expected):
    from rectification.models import ProgressReport

    task = make_task()
    ProgressReport.objects.create(
        task=task, period_end=dt.date(2026, 12, 25), text="进展", percent=40, progress="behind", late_days=3,
        reported_by=cast.handler_a, reported_at=moment,
    )  # fmt: skip
    ProgressReport.objects.create(
        task=task, period_end=dt.date(2026, 11, 25), text="按时", percent=30, progress="on_schedule", late_days=0,
        reported_by=cast.handler_a, reported_at=INSIDE,
    )  # fmt: skip
    assert _counted(scheme, "late_report") == expected


@pytest.mark.parametrize(("finding", "day", "expected"), [
    ("fake", dt.date(2026, 10, 1), 1), ("rebounded", dt.date(2026, 12, 31), 1), ("sound", dt.date(2026, 11, 1), 0),
    ("fake", dt.date(2027, 1, 1), 0),
])  # fmt: skip
def test_a_failed_spot_check(cast, scheme, report, make_task, finding, day, expected):
    from rectification.models import SpotCheck, SpotCheckItem

    spot = SpotCheck.objects.create(
        report=report, title="抽查", seed=1, size=1, pool_size=1, drawn_by=cast.office, region_prefix="1305"
    )
    SpotCheckItem.objects.create(
        spot_check=spot, task=make_task(), finding=finding, note="x", checked_on=day, checked_by=cast.office
    )
    assert _counted(scheme, "failed_spot_check") == expected


@pytest.mark.parametrize(("kind", "day", "expected"), [
    ("surface", dt.date(2026, 12, 31), 1), ("other", dt.date(2026, 12, 31), 0), ("fake", dt.date(2026, 9, 30), 0),
])  # fmt: skip
def test_a_liaison_finding(cast, scheme, kind, day, expected):
    from liaison.models import Assignment, Finding, Visit
    from organisations.models import Person, Post

    post = Post.objects.create(
        person=Person.objects.create(region=cast.xingtai, name="市长"), unit=cast.city_gov, title="市长"
    )
    assignment = Assignment.objects.create(
        plan_region=cast.xingtai, post=post, region=cast.county_a, created_by=cast.office
    )
    visit = Visit.objects.create(
        assignment=assignment, region=cast.county_a, visited_on=day, place="某厂", created_by=cast.office
    )
    Finding.objects.create(visit=visit, kind=kind, description="设备未拆除", unit=cast.gov_a)
    assert _counted(scheme, "liaison_finding") == expected


@pytest.mark.parametrize(("status", "moment", "expected"), [
    ("insufficient", INSIDE, 1), ("insufficient", OUTSIDE, 0), ("verified", INSIDE, 0),
])  # fmt: skip
def test_accountability_found_missing(cast, scheme, status, moment, expected):
    from accountability.models import Record

    Record.objects.create(
        person_name="王某", unit=cast.gov_a, reason="x", status="decided", audit_status=status, audited_at=moment,
        region_prefix=cast.county_a.prefix, created_by=cast.office,
    )  # fmt: skip
    assert _counted(scheme, "accountability_missing") == expected


def test_a_township_left_uncovered_costs_its_county(cast, scheme):
    from conftest import make_region
    from liaison.models import Assignment
    from organisations.models import Person, Post

    town = make_region("130503100", "城关镇", "township", cast.county_a)
    make_region("130503101", "东关镇", "township", cast.county_a)
    assert _counted(scheme, "liaison_gap") == 2
    leader = Post.objects.create(
        person=Person.objects.create(region=cast.county_a, name="区长"), unit=cast.gov_a, title="区长"
    )
    Assignment.objects.create(plan_region=cast.county_a, post=leader, region=town, created_by=cast.office)
    assert _counted(scheme, "liaison_gap") == 1
    assert Deduction.objects.get(rule__event="liaison_gap").subject.unit == cast.gov_a
