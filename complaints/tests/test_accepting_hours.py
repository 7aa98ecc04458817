"""A call registered outside the team's accepting hours is flagged; letters and online reports are not
(issue 15, item 5)."""

import pytest

from complaints import queries, workflow
from complaints.models import Channel
from complaints.tests.conftest import at

pytestmark = pytest.mark.django_db


def call(cast, inspection, when, channel=Channel.PHONE):
    complaint, _ = workflow.register_complaint(
        by=cast.inspector, inspection=inspection, text="信都区某化工厂夜间偷排废水", region=cast.county_a,
        channel=channel, received_at=at(when),
    )  # fmt: skip
    return complaint


def test_calls_outside_the_hours_are_flagged(cast, client, inspection):
    assert not call(cast, inspection, "2026-11-20 08:00").outside_hours
    assert not call(cast, inspection, "2026-11-20 19:59").outside_hours
    late = call(cast, inspection, "2026-11-20 21:30")
    assert late.outside_hours
    assert not call(cast, inspection, "2026-11-20 23:00", channel=Channel.LETTER).outside_hours
    assert not call(cast, inspection, "2026-11-20 06:00", channel=Channel.ONLINE).outside_hours
    assert queries.statistics(inspection)["outside_hours"] == 1
    client.force_login(cast.inspector)
    assert "非受理时间来电（受理时间 08:00—20:00）" in client.get(f"/complaints/{late.pk}/").content.decode()
    assert "非受理时间来电" in client.get(f"/complaints/?inspection={inspection.code}").content.decode()
