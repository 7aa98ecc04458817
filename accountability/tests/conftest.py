import pytest

from complaints.tests.conftest import inspection, register, walk  # noqa: F401  (the loop-A fixtures)
from conftest import make_user
from rectification.tests.conftest import freeze, make_task, report  # noqa: F401  (the loop-B fixtures)


@pytest.fixture
def discipline(cast):
    from organisations.models import Unit, UnitKind

    unit = Unit.objects.create(name="邢台市纪委监委", kind=UnitKind.DISCIPLINE, region=cast.xingtai)
    return make_user("discipline", unit, "discipline")


@pytest.fixture
def held_to_account(cast, register, walk):  # noqa: F811 (fixtures imported above)
    """A complaint found true whose accepted feedback counts two people held accountable."""
    from complaints import workflow

    complaint = walk(register(), "received")
    workflow.submit_feedback(
        complaint,
        by=cast.handler_a,
        findings="经查属实，某化工厂夜间偷排",
        verdict="true",
        measures="责令停产整改，罚款 20 万元",
        accountability="对属地镇分管副镇长、区生态环境分局执法大队长诫勉谈话",
        handling_state="closed",
        counters={"accountable_people": 2},
    )
    workflow.sign_feedback(complaint, by=cast.signer_a)
    workflow.accept_feedback(complaint, by=cast.office)
    complaint.refresh_from_db()
    return complaint
