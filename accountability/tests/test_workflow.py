"""Loop C's accountability records: registration, decision, execution and the discipline audit."""

import datetime as dt

import pytest

from accountability import queries, workflow
from accountability.models import AuditStatus, Record, RecordStatus
from audit.models import Event
from ducha.errors import PermissionDeniedError, WorkflowError


def _register(by, unit, **extra):
    values = {
        "person_name": "王建军",
        "post": "某镇分管副镇长",
        "cadre_level": "township",
        "reason": "属地监管不力",
    }
    values.update(extra)
    return workflow.register_record(by=by, unit=unit, **values)


def test_a_complaints_promised_accountability_is_on_the_queue_until_records_back_it(
    cast, discipline, held_to_account
):
    assert list(queries.complaints_missing_records(discipline)) == [held_to_account]
    _register(cast.handler_a, cast.gov_a, complaints=[held_to_account], source_kind="feedback")
    assert queries.complaints_missing_records(discipline).get().recorded == 1  # two promised, one recorded
    _register(
        cast.handler_a, cast.gov_a, person_name="李志强", complaints=[held_to_account], source_kind="feedback"
    )
    assert not queries.complaints_missing_records(discipline).exists()
    assert Event.objects.about(held_to_account).filter(action="accountability_registered").count() == 2


def test_a_record_goes_proposed_decided_carried_out(cast, discipline):
    record = _register(cast.office, cast.gov_a)
    assert record.status == RecordStatus.PROPOSED
    with pytest.raises(WorkflowError) as raised:
        workflow.carry_out_record(record, by=cast.office, carried_out_on=dt.date.today())
    assert raised.value.code == "transition"
    record = workflow.decide_record(
        record, by=discipline, form="admonition", decided_by="中共信都区纪律检查委员会",
        decided_on=dt.date.today() - dt.timedelta(days=2), document_number="信纪发〔2026〕12号",
    )  # fmt: skip
    assert record.status == RecordStatus.DECIDED and record.form_name == "诫勉谈话"
    with pytest.raises(WorkflowError) as raised:
        workflow.carry_out_record(
            record, by=cast.office, carried_out_on=dt.date.today() - dt.timedelta(days=5)
        )
    assert raised.value.field == "carried_out_on"
    record = workflow.carry_out_record(record, by=cast.office, carried_out_on=dt.date.today())
    assert record.status == RecordStatus.CARRIED_OUT
    with pytest.raises(WorkflowError):
        workflow.decide_record(
            record, by=cast.office, form="warning", decided_by="x", decided_on=dt.date.today()
        )


def test_a_decision_needs_a_known_form_a_body_and_a_past_date(cast):
    record = _register(cast.office, cast.gov_a)
    for form, body, day, field in (
        ("slap", "区纪委", dt.date.today(), "form"),
        ("warning", "", dt.date.today(), "decided_by"),
        ("warning", "区纪委", dt.date.today() + dt.timedelta(days=1), "decided_on"),
    ):
        with pytest.raises(WorkflowError) as raised:
            workflow.decide_record(record, by=cast.office, form=form, decided_by=body, decided_on=day)
        assert raised.value.field == field
    assert Record.objects.get(pk=record.pk).status == RecordStatus.PROPOSED


def test_only_the_discipline_group_verifies_or_finds_accountability_insufficient(cast, discipline):
    record = _register(
        cast.office, cast.gov_a, form="admonition", decided_by="区纪委", decided_on=dt.date.today()
    )
    for user in (cast.office, cast.handler_a, cast.leader):
        with pytest.raises(PermissionDeniedError):
            workflow.verify_record(record, by=user)
        with pytest.raises(PermissionDeniedError):
            workflow.reject_record(record, by=user, reason="偏轻")
    with pytest.raises(WorkflowError) as raised:
        workflow.reject_record(record, by=discipline, reason=" ")
    assert raised.value.field == "reason"
    record = workflow.reject_record(record, by=discipline, reason="问题属实且造成污染，诫勉谈话明显偏轻")
    assert record.audit_status == AuditStatus.INSUFFICIENT
    record = workflow.verify_record(record, by=discipline, note="已重新研究")
    assert record.audit_status == AuditStatus.VERIFIED
    with pytest.raises(WorkflowError) as raised:
        workflow.verify_record(record, by=discipline)
    assert raised.value.code == "duplicate"


def test_a_proposed_record_cannot_be_verified(cast, discipline):
    record = _register(cast.office, cast.gov_a)
    with pytest.raises(WorkflowError) as raised:
        workflow.verify_record(record, by=discipline)
    assert raised.value.code == "transition"


def test_a_county_registers_only_for_its_own_unit_and_never_a_neighbours_complaint(
    cast, register, walk, held_to_account
):
    with pytest.raises(PermissionDeniedError):
        _register(cast.handler_b, cast.gov_a)
    with pytest.raises(PermissionDeniedError):
        _register(cast.handler_b, cast.gov_b, complaints=[held_to_account])
    with pytest.raises(PermissionDeniedError):
        _register(cast.signer_a, cast.gov_a)  # a signer signs; the handler registers


def test_a_proposed_record_is_overdue_after_the_decision_period(cast, discipline, settings):
    import time_machine

    settings.ACCOUNTABILITY_DECISION_DAYS = 30
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=31)):
        late = _register(cast.office, cast.gov_a)
    _register(cast.office, cast.gov_a, person_name="李志强")
    assert list(queries.overdue_decisions(discipline)) == [late]


def test_an_interview_without_a_record_is_on_the_queue(cast, discipline, make_task):
    from rectification import workflow as rectification_workflow
    from rectification.models import Action, ActionKind

    task = make_task()
    # An interview notice as the sweep raises one for a red task.
    interview = Action.objects.create(
        report=task.report, kind=ActionKind.INTERVIEW, task=task, unit=task.lead_unit,
        period=dt.date.today().replace(day=1), issued_on=dt.date.today(), region_prefix=task.region_prefix,
        created_by=cast.office,
    )  # fmt: skip
    rectification_workflow.record_interview(
        interview, by=cast.office, held_on=dt.date.today(), record="约谈主要负责人"
    )
    assert list(queries.interviews_without_records(discipline)) == [interview]
    _register(cast.office, task.lead_unit, interview=interview, task=task, source_kind="interview")
    assert not queries.interviews_without_records(discipline).exists()
