"""What an attacker and a careless client tried on loop A (issue 9), each with the fix's test."""

import datetime as dt

import pytest
import time_machine

from complaints import workflow
from complaints.models import Complaint, Status
from ducha.errors import WorkflowError

TEXT = "信都区某化工厂夜间偷排废水，河水发黑发臭，附近居民反映多次"


def test_intake_hints_are_refused_to_county_handlers(cast, client, register, inspection):
    register(TEXT)
    client.force_login(cast.handler_b)
    response = client.get(
        "/complaints/new/hints/",
        {"inspection": inspection.code, "region": cast.county_a.code, "text": TEXT},
    )
    assert response.status_code == 403
    assert "信都区某化工厂" not in response.content.decode()


def test_intake_hints_ignore_a_region_outside_the_inspection(cast, client, register, inspection):
    """A screener may not steer the hint to a county the inspection does not cover."""
    register(TEXT)
    client.force_login(cast.inspector)
    body = client.get(
        "/complaints/new/hints/",
        {"inspection": inspection.code, "region": cast.congtai.code, "text": "丛台区某厂噪声扰民"},
    ).content.decode()
    assert "丛台区" not in body
    body = client.get(
        "/complaints/new/hints/", {"inspection": inspection.code, "region": cast.county_a.code, "text": TEXT}
    ).content.decode()
    assert Complaint.objects.get().number in body


def test_similar_never_shows_a_complaint_the_user_could_not_open(cast, client, register, walk):
    """The county sees only complaints forwarded to it; an earlier, untransferred twin stays hidden."""
    hidden = register(TEXT)
    shown = walk(register(TEXT + "。"), "forwarded")
    client.force_login(cast.handler_a)
    assert client.get(f"/complaints/{hidden.pk}/").status_code == 404
    numbers = [row["number"] for row in client.get(f"/api/complaints/{shown.pk}/similar").json()]
    assert hidden.number not in numbers
    client.force_login(cast.inspector)
    numbers = [row["number"] for row in client.get(f"/api/complaints/{shown.pk}/similar").json()]
    assert hidden.number in numbers


# --- phone confirmation (item 10) ---------------------------------------------------------------


def test_a_second_phone_confirmation_is_refused_and_the_first_is_kept(cast, register, walk):
    complaint = walk(register(), "forwarded")
    workflow.confirm_by_phone(complaint, by=cast.office, answered_by="王科长")
    with pytest.raises(WorkflowError) as raised:
        workflow.confirm_by_phone(complaint, by=cast.office, answered_by="李主任")
    assert raised.value.code == "duplicate"
    complaint.refresh_from_db()
    assert complaint.phone_answered_by == "王科长"


def test_a_correction_of_the_call_is_an_event_that_keeps_the_first(cast, register, walk):
    from audit.models import Event

    complaint = walk(register(), "forwarded")
    workflow.confirm_by_phone(complaint, by=cast.office, answered_by="王科长")
    workflow.correct_phone_confirmation(
        complaint, by=cast.office, answered_by="王建国科长", reason="姓名记全"
    )
    complaint.refresh_from_db()
    assert complaint.phone_answered_by == "王建国科长"
    actions = list(Event.objects.about(complaint).order_by("id").values_list("action", "note"))
    assert ("phone_confirmed", "接电话人：王科长") in actions
    assert any(a == "phone_corrected" and "王科长" in n and "王建国科长" in n for a, n in actions)


def test_the_call_time_must_lie_between_the_forwarding_and_now(cast, register, walk):
    complaint = walk(register(), "forwarded")
    with pytest.raises(WorkflowError) as raised:
        workflow.confirm_by_phone(
            complaint,
            by=cast.office,
            answered_by="王科长",
            called_at=complaint.forwarded_at - dt.timedelta(days=3 * 365),
        )
    assert raised.value.field == "called_at"
    assert "转办" in raised.value.message


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_have_one_winner(cast, register, walk):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    complaint = walk(register(), "forwarded")

    def confirm(n):
        try:
            workflow.confirm_by_phone(complaint, by=cast.office, answered_by=f"接听人{n}")
            return "won"
        except WorkflowError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(confirm, range(8)))
    assert outcomes.count("won") == 1
    assert set(outcomes) == {"won", "duplicate"}


# --- counters carried between rounds (item 11) ---------------------------------------------------


def _answer(complaint, by, **counters):
    workflow.submit_feedback(
        complaint,
        by=by,
        findings="经查属实",
        verdict="true",
        measures="已责令停产整改",
        handling_state="stage_closed",
        counters=counters or None,
    )


def test_a_later_round_starts_from_the_previous_figures(cast, register, walk):
    complaint = walk(register(), "received")
    _answer(complaint, cast.handler_a, fines_yuan=200000, accountable_people=2)
    workflow.sign_feedback(complaint, by=cast.signer_a)
    workflow.accept_feedback(complaint, by=cast.office)
    complaint.refresh_from_db()
    assert complaint.status == Status.STAGE_CLOSED
    # Closing later without retyping the figures keeps them.
    workflow.submit_feedback(
        complaint,
        by=cast.handler_a,
        findings="经查属实，已整改到位",
        verdict="true",
        measures="已完成整改并验收",
        handling_state="closed",
    )
    workflow.sign_feedback(complaint, by=cast.signer_a)
    workflow.accept_feedback(complaint, by=cast.office)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert (complaint.fines_yuan, complaint.accountable_people) == (200000, 2)


def test_a_figure_lower_than_the_accepted_one_needs_a_reason(cast, register, walk):
    complaint = walk(register(), "received")
    _answer(complaint, cast.handler_a, fines_yuan=200000)
    workflow.sign_feedback(complaint, by=cast.signer_a)
    workflow.accept_feedback(complaint, by=cast.office)
    with pytest.raises(WorkflowError) as raised:
        _answer(complaint, cast.handler_a, fines_yuan=0)
    assert raised.value.field == "fines_yuan" and "200000" in raised.value.message
    workflow.submit_feedback(
        complaint,
        by=cast.handler_a,
        findings="经复核，罚款决定已被撤销",
        verdict="true",
        measures="撤销处罚后重新立案",
        handling_state="closed",
        counters={"fines_yuan": 0},
        correction="行政复议撤销原处罚决定",
    )
    assert complaint.feedbacks.order_by("-round").first().fines_yuan == 0


def test_the_api_keeps_the_figures_of_an_earlier_round(cast, client, register, walk):
    complaint = walk(register(), "received")
    _answer(complaint, cast.handler_a, fines_yuan=5000, ordered_firms=1)
    workflow.sign_feedback(complaint, by=cast.signer_a)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=1)):
        workflow.return_feedback(complaint, by=cast.office, reason="请补充罚款票据")
    client.force_login(cast.handler_a)
    response = client.post(
        f"/api/complaints/{complaint.pk}/feedback",
        {
            "findings": "经查属实",
            "verdict": "true",
            "measures": "已责令整改",
            "handling_state": "closed",
        },
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.content
    latest = complaint.feedbacks.order_by("-round").first()
    assert (latest.fines_yuan, latest.ordered_firms) == (5000, 1)
