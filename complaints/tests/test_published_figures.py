"""The figures as provinces publish them (issue 18): verdict counts, 不属实率 and 办结率, per batch, running, per
county and per city, reproduced from complaints carried through the workflow."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from complaints import summary, workflow
from complaints.models import Channel, Complaint

pytestmark = pytest.mark.django_db

# "在转交的前二十三批群众信访举报件累计1427件中，属实440件，部分属实779件，基本属实108件，不属实100件，不属实率7.01%。
#  已办结492件，阶段性办结291件，正在办理644件，办结率54.9%。"
VERDICTS = [("true", 440), ("partly", 779), ("mostly", 108), ("false", 100)]
STATES = [("closed", 492), ("stage_closed", 291), ("in_progress", 644)]
BATCHES = 23


def spread(pairs):
    return [value for value, count in pairs for _ in range(count)]


def carry(cast, inspection, total: int):
    """Register, accept, batch, issue, forward, confirm, sign, feed back, sign and accept `total` complaints,
    in 23 batches, with the announcement's verdicts and handling states."""
    verdicts, states = spread(VERDICTS), list(reversed(spread(STATES)))
    assert len(verdicts) == len(states) == 1427
    complaints = []
    for i in range(total):
        region = cast.county_a if i % 3 else cast.county_b
        complaint, _ = workflow.register_complaint(by=cast.inspector, inspection=inspection, channel=Channel.PHONE if i % 5 else Channel.LETTER,
                                                   text=f"第{i}号：某厂夜间排放废气，气味刺鼻", region=region)  # fmt: skip
        complaints.append(workflow.accept_complaint(complaint, by=cast.inspector))
    size = -(-total // BATCHES)
    for start in range(0, total, size):
        chunk = complaints[start : start + size]
        batch = workflow.create_batch(inspection, by=cast.inspector)
        workflow.add_to_batch(batch, chunk, by=cast.inspector)
        workflow.issue_batch(batch, by=cast.inspector)
        workflow.forward_complaints(chunk, by=cast.office)
        for unit in (cast.gov_a, cast.gov_b):
            if any(c.region_id == unit.region_id for c in chunk):
                workflow.confirm_batch_by_phone(batch, unit, by=cast.office, answered_by="王科长")
    signers = {cast.gov_a.pk: (cast.handler_a, cast.signer_a), cast.gov_b.pk: (cast.handler_b, cast.signer_b)}
    for i, complaint in enumerate(complaints):
        complaint.refresh_from_db()
        handler, signer = signers[complaint.lead_unit_id]
        workflow.sign_receipt(complaint, by=signer)
        workflow.submit_feedback(complaint, by=handler, findings="经核查", verdict=verdicts[i], measures="责令整改",
                                 handling_state=states[i])  # fmt: skip
        workflow.sign_feedback(complaint, by=signer)
        workflow.accept_feedback(complaint, by=cast.office)
    return complaints


@pytest.fixture
def signer_b(cast):
    from conftest import make_user

    cast.signer_b = make_user("signer_b", cast.gov_b, "signer")
    return cast.signer_b


def test_the_1427_announcement_is_reproduced(cast, inspection, signer_b):
    carry(cast, inspection, 1427)
    figures = summary.summary(Complaint.objects.filter(inspection=inspection))
    assert figures["transferred"] == 1427
    assert figures["verdicts"] == {"属实": 440, "基本属实": 108, "部分属实": 779, "不属实": 100}
    assert (figures["closed"], figures["stage_closed"], figures["in_progress"]) == (492, 291, 644)
    assert str(figures["untrue_rate"]) == "7.01" and str(figures["completion_rate"]) == "54.9"
    assert summary.sentence(figures, what="转交的前二十三批群众信访举报件累计") == (
        "在转交的前二十三批群众信访举报件累计1427件中，属实440件，部分属实779件，基本属实108件，不属实100件，不属实率7.01%。"
        "已办结492件，阶段性办结291件，正在办理644件，办结率54.9%。"
    )
    out = StringIO()
    call_command("stats", inspection=inspection.code, format="json", stdout=out)
    printed = json.loads(out.getvalue())
    assert (
        printed["verdicts"]["不属实"] == 100
        and printed["untrue_rate"] == 7.01
        and printed["completion_rate"] == 54.9
    )
    # Per county and, on the statistics page, with the definitions.
    counties = {
        row["region__name"]: row for row in summary.by_county(Complaint.objects.filter(inspection=inspection))
    }
    assert sum(r["transferred"] for r in counties.values()) == 1427
    assert counties["信都区"]["transferred"] == 951 and counties["任泽区"]["transferred"] == 476
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(cast.province)
    page = client.get(reverse("complaint_statistics", args=[inspection.code])).content.decode()
    assert "7.01%" in page and "54.9%" in page and "不属实率 = 不属实件数 ÷ 转办件数 × 100%" in page
