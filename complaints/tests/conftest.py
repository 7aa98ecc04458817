import datetime as dt
import zoneinfo

import pytest

from complaints import workflow
from complaints.models import Channel, PollutionType

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def inspection(make_inspection):
    return make_inspection(round_number=3)


@pytest.fixture
def register(cast, inspection):
    """Register a complaint in county A by the team (or as given)."""

    def make(text="信都区某化工厂夜间偷排废水，河水发黑发臭", *, region=None, by=None, **extra):
        values = {
            "channel": Channel.PHONE,
            "reporter_name": "张三",
            "reporter_phone": "13812341234",
            "pollution_types": PollutionType.objects.filter(name="工业废水"),
        }
        values.update(extra)
        complaint, _ = workflow.register_complaint(
            by=by or cast.inspector,
            inspection=inspection,
            text=text,
            region=region or cast.county_a,
            **values,
        )
        return complaint

    return make


@pytest.fixture
def walk(cast, inspection):
    """Move a complaint forward to a named status along the normal path."""

    def to(complaint, status):
        steps = [
            ("accepted", lambda c: workflow.accept_complaint(c, by=cast.inspector)),
            ("transferred", lambda c: _issue(c)),
            ("forwarded", lambda c: workflow.forward_complaints([c], by=cast.office)),
            ("received", lambda c: _receive(c)),
            ("signing", lambda c: _feedback(c)),
            ("reviewing", lambda c: workflow.sign_feedback(c, by=cast.signer_a)),
            ("closed", lambda c: workflow.accept_feedback(c, by=cast.office)),
        ]
        for name, step in steps:
            complaint.refresh_from_db()
            if complaint.status == status:
                return complaint
            step(complaint)
            if name == status:
                break
        complaint.refresh_from_db()
        return complaint

    def _issue(c):
        batch = c.inspection.batches.filter(status="draft").first() or workflow.create_batch(
            inspection, by=cast.inspector
        )
        workflow.add_to_batch(batch, [c], by=cast.inspector)
        workflow.issue_batch(batch, by=cast.inspector)

    def _receive(c):
        workflow.confirm_by_phone(c, by=cast.office, answered_by="王科长")
        workflow.sign_receipt(c, by=cast.signer_a)

    def _feedback(c, state="closed"):
        workflow.submit_feedback(
            c,
            by=cast.handler_a,
            findings="经现场核查，该厂存在夜间偷排行为。",
            verdict="true",
            measures="责令停产整治，立案处罚。",
            handling_state=state,
            counters={"ordered_firms": 1, "penalised_firms": 1, "fines_yuan": 200000},
        )

    to.feedback = _feedback
    return to
