import datetime as dt

import pytest

from audit.models import Event
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections import workflow
from inspections.models import Inspection, InspectionStage

pytestmark = pytest.mark.django_db


def test_a_new_inspection_carries_the_default_deadline_rules(make_inspection):
    inspection = make_inspection(xingtai_rule=False)
    rules = {r.key: (r.amount, r.unit, r.start_event) for r in inspection.deadline_rules.all()}
    assert rules["forward"] == (1, "hour", "batch_issued")
    assert rules["feedback_team"] == (5, "day", "batch_issued")
    # Xingtai's 3 days are Xingtai's: no inspection starts with a local rule.
    assert "feedback_local" not in rules
    assert rules["plan"] == (30, "workday", "feedback_report")
    assert rules["hotline_close"] == (60, "day", "complaint_received")
    sources = {r.key: r.source for r in inspection.deadline_rules.all()}
    assert sources["feedback_team"] == "第十一督察组" and sources["hotline_close"] == "12369 环保举报热线规定"
    assert inspection.stage == InspectionStage.PREPARATION
    assert Event.objects.about(inspection).get().action == "created"


def test_codes_are_unique_and_well_formed(make_inspection):
    make_inspection("HB-2018-HTK-11")
    with pytest.raises(WorkflowError) as duplicate:
        make_inspection("hb-2018-htk-11")
    assert duplicate.value.field == "code" and "已被使用" in duplicate.value.message
    with pytest.raises(WorkflowError) as malformed:
        make_inspection("HB 2018/11")
    assert malformed.value.field == "code"


def test_stationing_must_not_end_before_it_starts(make_inspection):
    with pytest.raises(WorkflowError) as error:
        make_inspection(stationed_from=dt.date(2026, 12, 1), stationed_until=dt.date(2026, 11, 1))
    assert error.value.field == "stationed_until"
    assert not Inspection.objects.exists()


def test_only_office_users_create_inspections_and_only_inside_their_area(cast, make_inspection):
    with pytest.raises(PermissionDeniedError):
        make_inspection(by=cast.handler_a, office=cast.gov_a)
    with pytest.raises(WorkflowError) as error:
        make_inspection(by=cast.office, office=cast.city_office, targets=[cast.handan])
    assert error.value.field == "target_regions" and "邯郸市" in error.value.message


def test_stages_advance_one_at_a_time_and_a_step_back_needs_a_reason(cast, make_inspection):
    inspection = make_inspection()
    inspection = workflow.change_stage(inspection, by=cast.province, to_stage="stationed")
    assert inspection.stage == "stationed"
    with pytest.raises(WorkflowError) as skip:
        workflow.change_stage(inspection, by=cast.province, to_stage="rectification")
    assert skip.value.code == "transition"
    with pytest.raises(WorkflowError) as no_reason:
        workflow.change_stage(inspection, by=cast.province, to_stage="preparation")
    assert no_reason.value.field == "note"
    inspection = workflow.change_stage(inspection, by=cast.province, to_stage="preparation", note="进驻推迟")
    events = list(Event.objects.about(inspection).filter(action="stage_changed").order_by("at", "id"))
    assert [(e.from_state, e.to_state) for e in events] == [
        ("preparation", "stationed"),
        ("stationed", "preparation"),
    ]
    assert events[1].note == "进驻推迟"


@pytest.mark.parametrize(
    "stage", ["stationed", "report", "feedback", "handover", "rectification", "archived"]
)
def test_every_stage_is_reachable_in_order(cast, make_inspection, stage, django_capture_on_commit_callbacks):
    inspection = make_inspection()
    order = list(InspectionStage.values)
    for next_stage in order[1 : order.index(stage) + 1]:
        if next_stage == "archived":
            # The last stage is reached by archiving, which builds the archive (fieldwork.archive).
            with pytest.raises(WorkflowError, match="立卷归档"):
                workflow.change_stage(inspection, by=cast.province, to_stage=next_stage)
            from fieldwork.archive import close_inspection

            with django_capture_on_commit_callbacks(execute=True):
                close_inspection(inspection, by=cast.province, retention="permanent")
            inspection.refresh_from_db()
            continue
        inspection = workflow.change_stage(inspection, by=cast.province, to_stage=next_stage)
    assert inspection.stage == stage


def test_handlers_and_leaders_cannot_change_an_inspection(cast, make_inspection):
    inspection = make_inspection()
    for user in (cast.handler_a, cast.leader, cast.inspector):
        with pytest.raises(PermissionDeniedError):
            workflow.change_stage(inspection, by=user, to_stage="stationed")
        with pytest.raises(PermissionDeniedError):
            workflow.update_inspection(inspection, by=user, hotline="110")


def test_a_city_office_cannot_edit_the_province_inspection_of_its_city(cast, make_inspection):
    inspection = make_inspection()
    assert Inspection.objects.visible_to(cast.office).filter(pk=inspection.pk).exists()
    with pytest.raises(PermissionDeniedError):
        workflow.update_inspection(inspection, by=cast.office, hotline="110")


def test_updates_record_the_changed_fields(cast, make_inspection):
    inspection = make_inspection()
    workflow.update_inspection(
        inspection, by=cast.province, hotline="0319-7654321", target_regions=[cast.xingtai, cast.handan]
    )
    inspection.refresh_from_db()
    assert inspection.hotline == "0319-7654321"
    assert set(inspection.targets.values_list("region__code", flat=True)) == {"130500", "130400"}
    event = Event.objects.about(inspection).filter(action="updated").get()
    assert event.data["fields"] == ["hotline", "target_regions"]


def test_deadline_rules_are_editable_per_inspection(cast, make_inspection):
    inspection = make_inspection()
    rule = inspection.deadline_rules.get(key="feedback_team")
    workflow.update_deadline_rule(rule, by=cast.province, amount=7, unit="day")
    rule.refresh_from_db()
    assert (rule.amount, rule.unit) == (7, "day")
    with pytest.raises(WorkflowError):
        workflow.update_deadline_rule(rule, by=cast.province, amount=7, unit="fortnight")
    other = make_inspection("HB-2018-HTK-12")
    assert other.deadline_rules.get(key="feedback_team").amount == 5


def test_visibility_follows_the_target_regions(cast, make_inspection):
    make_inspection("HB-XT", targets=[cast.xingtai])
    make_inspection("HB-XD", targets=[cast.county_a])
    make_inspection("HB-HD", targets=[cast.handan])

    def codes(user):
        return set(Inspection.objects.visible_to(user).values_list("code", flat=True))

    assert codes(cast.handler_b) == {"HB-XT"}
    assert codes(cast.handler_a) == {"HB-XT", "HB-XD"}
    assert codes(cast.office) == {"HB-XT", "HB-XD"}
    assert codes(cast.province) == {"HB-XT", "HB-XD", "HB-HD"}
