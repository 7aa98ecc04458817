import pytest
import time_machine

from audit.models import Event
from complaints import queries, secrets, workflow
from complaints.models import Complaint, DueState, Status
from complaints.tests.conftest import at
from ducha.errors import PermissionDeniedError, WorkflowError


def test_acceptance_number_follows_the_real_pattern_and_counts_per_day(register):
    with time_machine.travel(at("2026-11-20 09:00"), tick=False):
        first, second = register(), register("任泽区某饭店油烟扰民")
    assert first.number == "D3HE202611200001"
    assert second.number == "D3HE202611200002"
    assert first.tracking_code != second.tracking_code


def test_reporter_identity_is_encrypted_at_rest_and_masked(register):
    complaint = register()
    stored = Complaint.objects.values("reporter_name_secret", "reporter_phone_secret").get(pk=complaint.pk)
    assert "张三" not in stored["reporter_name_secret"]
    assert "13812341234" not in stored["reporter_phone_secret"]
    assert secrets.decrypt(stored["reporter_phone_secret"]) == "13812341234"
    assert complaint.reporter_name_masked == "张*"
    assert complaint.reporter_phone_masked == "138****1234"


def test_only_the_team_reveals_a_reporter_and_each_look_is_logged(cast, register, walk):
    complaint = walk(register(), "forwarded")
    assert workflow.reveal_reporter(complaint, by=cast.inspector) == {"name": "张三", "phone": "13812341234"}
    assert Event.objects.about(complaint).filter(action="reporter_viewed", actor=cast.inspector).count() == 1
    for user in (cast.office, cast.handler_a, cast.signer_a, cast.leader):
        with pytest.raises(PermissionDeniedError):
            workflow.reveal_reporter(complaint, by=user)


def test_same_idempotency_key_creates_one_complaint(cast, inspection):
    args = {"inspection": inspection, "channel": "D", "text": "某砖厂粉尘污染严重", "region": cast.county_a}
    first, created = workflow.register_complaint(by=cast.inspector, idempotency_key="k-1", **args)
    again, created_again = workflow.register_complaint(by=cast.inspector, idempotency_key="k-1", **args)
    assert created and not created_again and first.pk == again.pk
    assert Complaint.objects.count() == 1


def test_a_region_outside_the_inspection_is_refused(cast, inspection):
    with pytest.raises(WorkflowError) as error:
        workflow.register_complaint(
            by=cast.inspector,
            inspection=inspection,
            channel="D",
            text="丛台区某工地扬尘",
            region=cast.congtai,
        )
    assert error.value.field == "region"


def test_the_whole_loop_ends_closed_with_counters(cast, register, walk):
    complaint = walk(register(), "closed")
    assert complaint.status == Status.CLOSED
    assert complaint.verdict == "true" and complaint.fines_yuan == 200000
    actions = list(Event.objects.about(complaint).order_by("at", "id").values_list("action", flat=True))
    assert actions == [
        "registered", "accepted", "batched", "transferred", "forwarded", "phone_confirmed",
        "receipt_signed", "received", "feedback_submitted", "feedback_signed", "feedback_accepted",
    ]  # fmt: skip


def test_receipt_needs_both_the_phone_call_and_the_signature(cast, register, walk):
    complaint = walk(register(), "forwarded")
    workflow.confirm_by_phone(complaint, by=cast.office, answered_by="王科长")
    complaint.refresh_from_db()
    assert complaint.status == Status.FORWARDED
    workflow.sign_receipt(complaint, by=cast.signer_a)
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED and complaint.received_at_county is not None


def test_signature_alone_is_not_receipt(cast, register, walk):
    complaint = walk(register(), "forwarded")
    workflow.sign_receipt(complaint, by=cast.signer_a)
    complaint.refresh_from_db()
    assert complaint.status == Status.FORWARDED


@pytest.mark.parametrize(
    ("user", "action"),
    [
        ("handler_a", lambda c, u: workflow.accept_complaint(c, by=u)),
        ("leader", lambda c, u: workflow.reject_complaint(c, by=u, reason="不属于生态环境问题")),
    ],
)
def test_only_team_and_office_screen(cast, register, user, action):
    with pytest.raises(PermissionDeniedError):
        action(register(), getattr(cast, user))


def test_county_b_signer_cannot_sign_county_a_receipt(cast, register, walk):
    from conftest import make_user

    signer_b = make_user("signer_b", cast.gov_b, "signer")
    complaint = walk(register(), "forwarded")
    with pytest.raises(PermissionDeniedError):
        workflow.sign_receipt(complaint, by=signer_b)


def test_returned_feedback_keeps_every_round_and_restarts_the_clock(cast, register, walk):
    complaint = walk(register(), "reviewing")
    with time_machine.travel(at("2026-11-25 10:00"), tick=False):
        workflow.return_feedback(complaint, by=cast.office, reason="未说明处罚依据")
    complaint.refresh_from_db()
    assert complaint.status == Status.RETURNED
    assert complaint.local_due_at == at("2026-11-28 23:59:59")
    walk.feedback(complaint)
    workflow.sign_feedback(complaint, by=cast.signer_a)
    workflow.accept_feedback(complaint, by=cast.office)
    rounds = list(complaint.feedbacks.values_list("round", "decision"))
    assert rounds == [(1, "returned"), (2, "accepted")]


def test_stage_closed_stays_open_until_closed(cast, register, walk):
    complaint = walk(register(), "received")
    walk.feedback(complaint, state="stage_closed")
    workflow.sign_feedback(complaint, by=cast.signer_a)
    workflow.accept_feedback(complaint, by=cast.office)
    complaint.refresh_from_db()
    assert complaint.status == Status.STAGE_CLOSED and complaint.closed_at is None
    walk.feedback(complaint, state="closed")
    workflow.sign_feedback(complaint, by=cast.signer_a)
    workflow.accept_feedback(complaint, by=cast.office)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_duplicates_are_suggested_linked_and_counted_once(cast, inspection, register, walk):
    original = register("信都区某化工厂夜间偷排废水，河水发黑发臭")
    register("任泽区某饭店油烟扰民", region=cast.county_b)
    repeat = register("信都区化工厂晚上偷排废水，河水发黑")
    suggestions = list(
        queries.similar_complaints(repeat, user=cast.inspector, inspection=inspection, region=repeat.region)
    )
    assert [s.pk for s in suggestions] == [original.pk]
    workflow.accept_complaint(original, by=cast.inspector)
    workflow.mark_duplicate(repeat, by=cast.inspector, original=original)
    figures = queries.statistics(inspection)
    assert (figures["received"], figures["accepted"], figures["duplicates"], figures["merged"]) == (
        3,
        2,
        1,
        1,
    )


def test_county_is_suggested_from_the_address(cast, inspection):
    assert queries.suggest_region(inspection, "邢台市任泽区永福庄乡某村") == cast.county_b
    assert queries.suggest_region(inspection, "信都某小区东侧") == cast.county_a
    assert queries.suggest_region(inspection, "北京市朝阳区") is None


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("registered", "forward"),
        ("registered", "sign_feedback"),
        ("accepted", "accept_feedback"),
        ("forwarded", "submit_feedback"),
        ("received", "accept_feedback"),
        ("closed", "return_feedback"),
        ("closed", "mark_duplicate"),
        ("reviewing", "submit_feedback"),
    ],
)
def test_forbidden_transitions_change_nothing(cast, register, walk, status, action):
    complaint = walk(register(), status)
    calls = {
        "forward": lambda: workflow.forward_complaints([complaint], by=cast.office),
        "sign_feedback": lambda: workflow.sign_feedback(complaint, by=cast.signer_a),
        "accept_feedback": lambda: workflow.accept_feedback(complaint, by=cast.office),
        "submit_feedback": lambda: walk.feedback(complaint),
        "return_feedback": lambda: workflow.return_feedback(complaint, by=cast.office, reason="x"),
        "mark_duplicate": lambda: workflow.mark_duplicate(
            complaint,
            by=cast.inspector,
            original=Complaint.objects.exclude(pk=complaint.pk).first() or complaint,
        ),
    }
    before = Event.objects.count()
    with pytest.raises(WorkflowError):
        calls[action]()
    complaint.refresh_from_db()
    assert complaint.status == status
    assert Event.objects.count() == before


def test_clocks_across_national_day(cast, register, walk, inspection):
    """Issued 2026-09-30 10:00: forward by 11:00; feedback 3 and 5 calendar days (holidays count as
    calendar days); with a 3-workday local rule the make-up Saturday 10-10 is the deadline."""
    complaint = register()
    workflow.accept_complaint(complaint, by=cast.inspector)
    with time_machine.travel(at("2026-09-30 10:00"), tick=False):
        batch = workflow.create_batch(inspection, by=cast.inspector)
        workflow.add_to_batch(batch, [complaint], by=cast.inspector)
        workflow.issue_batch(batch, by=cast.inspector)
    complaint.refresh_from_db()
    assert complaint.forward_due_at == at("2026-09-30 11:00")
    assert complaint.local_due_at == at("2026-10-03 23:59:59")
    assert complaint.team_due_at == at("2026-10-05 23:59:59")
    assert complaint.due_at == complaint.forward_due_at

    rule = inspection.deadline_rules.get(key="feedback_local")
    from inspections.workflow import update_deadline_rule

    update_deadline_rule(rule, by=cast.province, amount=3, unit="workday")
    other = register("信都区某砖厂粉尘污染")
    workflow.accept_complaint(other, by=cast.inspector)
    with time_machine.travel(at("2026-09-30 10:00"), tick=False):
        batch = workflow.create_batch(inspection, by=cast.inspector)
        workflow.add_to_batch(batch, [other], by=cast.inspector)
        workflow.issue_batch(batch, by=cast.inspector)
    other.refresh_from_db()
    assert other.local_due_at == at("2026-10-10 23:59:59")


def test_sweep_marks_yellow_then_red_once_and_notifies_once(cast, register, walk):
    from complaints.tasks import sweep_deadlines
    from notices.models import Notification

    with time_machine.travel(at("2026-11-20 09:00"), tick=False):
        complaint = walk(register(), "forwarded")
    assert complaint.due_state == DueState.OK
    with time_machine.travel(at("2026-11-23 08:00"), tick=False):
        # The handler and the signer of the lead unit are each told once.
        assert sweep_deadlines() == {"overdue": 0, "soon": 1, "notifications": 2}
        assert sweep_deadlines() == {"overdue": 0, "soon": 0, "notifications": 0}
    with time_machine.travel(at("2026-11-24 00:00:30"), tick=False):
        assert sweep_deadlines() == {"overdue": 1, "soon": 0, "notifications": 2}
        assert sweep_deadlines() == {"overdue": 0, "soon": 0, "notifications": 0}
    complaint.refresh_from_db()
    assert complaint.due_state == DueState.OVERDUE
    titles = list(Notification.objects.filter(user=cast.handler_a).values_list("title", flat=True))
    assert "1 件督察转办举报件已逾期" in titles and "1 件督察转办举报件即将到期" in titles


def test_late_feedback_is_marked_late_by_how_much(cast, register, walk):
    with time_machine.travel(at("2026-11-20 09:00"), tick=False):
        complaint = walk(register(), "received")
    walk.feedback(complaint)
    with time_machine.travel(at("2026-11-24 05:00"), tick=False):
        feedback = workflow.sign_feedback(complaint, by=cast.signer_a)
    assert feedback.late_local_seconds == 5 * 3600 + 1
    assert feedback.late_team_seconds == 0
    assert workflow.format_delay(feedback.late_local_seconds) == "5 小时 1 分钟"
    assert workflow.format_delay(86400 + 3600) == "1 天 1 小时"


def test_publication_snapshots_and_republishes_when_closed_later(cast, register, walk, inspection):
    complaint = walk(register(), "received")
    walk.feedback(complaint, state="stage_closed")
    workflow.sign_feedback(complaint, by=cast.signer_a)
    workflow.accept_feedback(complaint, by=cast.office)
    batch = complaint.batch
    workflow.publish_batch(batch, by=cast.office)
    rows = list(queries.disclosure_rows(inspection))
    assert [r.handling_state for r in rows] == ["阶段性办结"]
    with pytest.raises(WorkflowError):
        workflow.publish_batch(batch, by=cast.office)
    walk.feedback(complaint, state="closed")
    workflow.sign_feedback(complaint, by=cast.signer_a)
    workflow.accept_feedback(complaint, by=cast.office)
    workflow.publish_batch(batch, by=cast.office)
    rows = list(queries.disclosure_rows(inspection))
    assert [r.handling_state for r in rows] == ["已办结"]
    assert batch.publications.count() == 2
