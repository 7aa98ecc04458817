import datetime as dt

import pytest

from complaints.tests.conftest import inspection, register, walk  # noqa: F401  (the loop-A fixtures)
from conftest import make_user
from rectification.tests.conftest import freeze, make_task, report  # noqa: F401  (the loop-B fixtures)


@pytest.fixture
def scheme(cast):
    """Xingtai's 2026 scheme for its counties (信都区, 任泽区), quarterly, with the standard indicators and
    a third party scoring B1."""
    from assessments import workflow
    from organisations.models import Unit, UnitKind

    assessor_unit = Unit.objects.create(name="华南环境科学研究所", kind=UnitKind.OTHER, region=cast.xingtai)
    return workflow.create_scheme(
        by=cast.office, region=cast.xingtai, code="XT-2026-COUNTY", name="邢台市2026年度县（市、区）生态环境保护考核",
        year=2026, subject_kind="county", frequency="quarterly", assessor=assessor_unit,
    )  # fmt: skip


@pytest.fixture
def assessor(cast, scheme):
    unit = scheme.indicators.get(code="B1").assessor
    return make_user("assessor", unit, "assessor")


@pytest.fixture
def action(cast, report, make_task):  # noqa: F811  (fixtures imported above)
    """Record a rectification action (督办函, 红色预警, 约谈) against county A on a given day."""
    from rectification.models import Action

    def make(kind: str, day: dt.date, unit=None):
        task = make_task(lead_unit=unit or cast.gov_a)  # one action of a kind per task and month
        return Action.objects.create(
            report=report, kind=kind, task=task, unit=unit or cast.gov_a, period=day.replace(day=1), issued_on=day,
            held_on=day if kind == "interview" else None, reason="进度滞后", region_prefix=task.region_prefix,
            created_by=cast.office,
        )  # fmt: skip

    return make
