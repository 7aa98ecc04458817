"""Issue 15, items 3 and 4: the 12369 rules act on the complaints they describe; open results are
followed until closed; extensions, acceptance (验收中 → 已验收销号) and on-site re-checks."""

import datetime as dt

import pytest
import time_machine

from audit.models import Event
from complaints import workflow
from complaints.models import Channel, Status, VerificationKind
from complaints.queries import statistics
from complaints.tasks import sweep_deadlines
from complaints.tests.conftest import at
from ducha.errors import PermissionDeniedError, WorkflowError
from notices.models import Notification

pytestmark = pytest.mark.django_db


def test_a_12369_complaint_runs_on_the_hotline_rules_from_intake(register, cast):
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        complaint = register(channel=Channel.PLATFORM)
    assert complaint.accept_due_at == at("2026-12-05 23:59:59")
    assert complaint.close_due_at == at("2027-01-19 23:59:59")
    assert complaint.due_at == complaint.accept_due_at
    # Unscreened for 15 days: red, and the team is told by the list, the office by the sweep.
    assert sweep_deadlines(now=at("2026-12-06 09:00"))["overdue"] == 1
    complaint.refresh_from_db()
    assert complaint.due_state == "overdue"
    with time_machine.travel(at("2026-12-06 10:00"), tick=False):
        workflow.accept_complaint(complaint, by=cast.inspector)
    complaint.refresh_from_db()
    # Accepted (late): now the close clock runs.
    assert complaint.due_at == complaint.close_due_at and complaint.due_state == "ok"


def test_after_the_stay_a_call_runs_on_the_hotline_rules_but_not_during_it(register):
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        during = register()
    with time_machine.travel(at("2026-12-20 10:00"), tick=False):
        after = register("任泽区某塑料颗粒厂又在夜里生产，气味刺鼻", channel=Channel.PHONE)
    assert during.accept_due_at is None and during.close_due_at is None and during.due_at is None
    assert after.accept_due_at == at("2027-01-04 23:59:59")
    assert after.close_due_at == at("2027-02-18 23:59:59")


def test_an_open_result_keeps_a_clock_until_closed_and_may_be_extended_once(register, walk, cast):
    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        complaint = walk(register(), "received")
        walk.feedback(complaint, state="in_progress")
        workflow.sign_feedback(complaint, by=cast.signer_a)
        workflow.accept_feedback(complaint, by=cast.office)
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    # Followed on the 12369 close clock: 60 days from receipt.
    assert complaint.close_due_at == at("2027-01-19 23:59:59") == complaint.due_at
    assert sweep_deadlines(now=at("2027-01-20 08:00"))["overdue"] == 1
    complaint.refresh_from_db()
    assert complaint.due_state == "overdue"
    assert Notification.objects.filter(user=cast.handler_a, title__contains="已逾期").exists()

    with time_machine.travel(at("2027-01-20 09:00"), tick=False):
        with pytest.raises(PermissionDeniedError):
            workflow.request_extension(complaint, by=cast.handler_b, reason="涉及河道清淤，需待枯水期")
        request = workflow.request_extension(complaint, by=cast.handler_a, reason="涉及河道清淤，需待枯水期")
        with pytest.raises(WorkflowError) as twice:
            workflow.request_extension(complaint, by=cast.handler_a, reason="再申请一次试试")
        assert twice.value.code == "duplicate"
        with pytest.raises(WorkflowError) as no_reason:
            workflow.decide_extension(request, by=cast.office, approved=False)
        assert no_reason.value.field == "note"
        workflow.decide_extension(request, by=cast.office, approved=True, note="同意延期30日")
    complaint.refresh_from_db()
    request.refresh_from_db()
    assert request.state == "approved" and request.due_after == at("2027-02-18 23:59:59")
    assert complaint.close_due_at == complaint.due_at == at("2027-02-18 23:59:59")
    assert complaint.due_state == "ok"
    assert Event.objects.about(complaint).filter(action="extension_granted").exists()
    # 12369: once only.
    with pytest.raises(WorkflowError) as again:
        workflow.request_extension(complaint, by=cast.handler_a, reason="还需要更多时间")
    assert "已延期一次" in again.value.message


def test_a_closed_complaint_is_accepted_and_written_off_or_returned(register, walk, cast, client):
    first = walk(register(), "closed")
    second = walk(register("信都区某石材厂粉尘大，周边树叶都是白的"), "closed")
    assert workflow.start_acceptance([first, second], by=cast.office) == 2
    first.refresh_from_db()
    assert first.status == Status.CHECKING
    with pytest.raises(PermissionDeniedError):
        workflow.record_verification(
            first, by=cast.handler_a, kind="acceptance", visited_on=dt.date.today(),
            inspectors="王五", findings="现场查看已整改", confirmed=True,
        )  # fmt: skip
    workflow.record_verification(
        first, by=cast.office, kind=VerificationKind.ACCEPTANCE, visited_on=dt.date.today(),
        inspectors="市核查组 王五、赵六", findings="现场已停产拆除，周边水体无异味", confirmed=True,
    )  # fmt: skip
    first.refresh_from_db()
    assert first.status == Status.VERIFIED and first.get_status_display() == "已验收销号"
    workflow.record_verification(
        second, by=cast.inspector, kind=VerificationKind.ACCEPTANCE, visited_on=dt.date.today(),
        inspectors="市核查组 王五", findings="夜间仍有生产，粉尘未治理", confirmed=False,
    )  # fmt: skip
    second.refresh_from_db()
    assert second.status == Status.RETURNED and second.local_due_at is not None
    assert Notification.objects.filter(user=cast.handler_a, title__contains="现场核实未通过").exists()
    # Written off still counts as 办结 in the figures.
    figures = statistics(first.inspection, cast.office)
    assert figures["closed"] == 1
    client.force_login(cast.office)
    page = client.get(f"/complaints/{second.pk}/").content.decode()
    assert "夜间仍有生产" in page and "未整改到位" in page


def test_the_verification_group_rechecks_a_key_case_on_site(register, walk, cast):
    complaint = walk(register(), "closed")
    workflow.record_verification(
        complaint, by=cast.inspector, kind=VerificationKind.RECHECK, visited_on=dt.date.today(),
        inspectors="督察组 刘七", findings="复核属实，已拆除设备", confirmed=True,
    )  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert Event.objects.about(complaint).filter(action="verified_on_site").exists()
    with pytest.raises(WorkflowError):
        workflow.record_verification(
            complaint, by=cast.inspector, kind=VerificationKind.RECHECK,
            visited_on=dt.date.today() + dt.timedelta(days=3), inspectors="刘七", findings="明天再去", confirmed=True,
        )  # fmt: skip


def test_extension_and_acceptance_through_the_api(register, walk, cast, client):
    complaint = walk(register(), "received")
    client.force_login(cast.handler_a)
    asked = client.post(
        f"/api/complaints/{complaint.pk}/extensions",
        {"reason": "需协调上游企业停产"},
        content_type="application/json",
    )
    assert asked.status_code == 201 and asked.json()["state"] == "pending"
    refused_self = client.post(
        f"/api/complaints/{complaint.pk}/extensions/decision",
        {"approved": True},
        content_type="application/json",
    )
    assert refused_self.status_code == 403
    client.force_login(cast.office)
    decided = client.post(
        f"/api/complaints/{complaint.pk}/extensions/decision",
        {"approved": False, "note": "理由不充分"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["state"] == "refused"
    closed = walk(register("信都区某钢管厂酸洗废水直排"), "closed")
    started = client.post("/api/complaints/acceptance", {"ids": [closed.pk]}, content_type="application/json")
    assert started.json() == {"count": 1}
    verified = client.post(
        f"/api/complaints/{closed.pk}/verifications",
        {"kind": "acceptance", "visited_on": str(dt.date.today()), "inspectors": "王五",
         "findings": "酸洗线已拆除", "confirmed": True},
        content_type="application/json",
    )  # fmt: skip
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
