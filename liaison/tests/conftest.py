import pytest

from complaints.tests.conftest import inspection, register, walk  # noqa: F401  (the loop-A fixtures)
from conftest import make_user
from rectification.tests.conftest import freeze, make_task, report  # noqa: F401  (the loop-B fixtures)


@pytest.fixture
def discipline_user(cast):
    from organisations.models import Unit, UnitKind

    unit = Unit.objects.create(name="邢台市纪委监委", kind=UnitKind.DISCIPLINE, region=cast.xingtai)
    return make_user("discipline", unit, "discipline")
