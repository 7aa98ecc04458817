"""Scores from what happened: each rule on its boundary, caps, no double counting, the veto, versions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import compute, workflow
from assessments.models import Deduction, Result
from ducha.errors import PermissionDeniedError, WorkflowError

pytestmark = pytest.mark.django_db


def _result(scheme, unit, period):
    return Result.objects.get(scheme=scheme, period=period, subject__unit=unit)


def test_a_letter_and_a_red_warning_cost_their_points_inside_the_period_only(cast, scheme, action):
    action("letter", dt.date(2026, 10, 1))  # first day of Q4
    action("red", dt.date(2026, 12, 31))  # last day of Q4
    action("interview", dt.date(2026, 9, 30))  # Q3: not in Q4
    outcome = compute.recompute(scheme, "2026Q4")
    assert outcome["deductions"]["letter"] == 1 and outcome["deductions"]["red_warning"] == 1
    assert outcome["deductions"]["interview"] == 0
    a, b = _result(scheme, cast.gov_a, "2026Q4"), _result(scheme, cast.gov_b, "2026Q4")
    assert b.score - a.score == Decimal(3) and a.deducted == Decimal(3)
    assert (b.rank, a.rank) == (1, 2)
    compute.recompute(scheme, "2026Q3")
    assert _result(scheme, cast.gov_a, "2026Q3").deducted == Decimal(2)  # the interview
    compute.recompute(scheme, "2026")
    assert _result(scheme, cast.gov_a, "2026").deducted == Decimal(5)


def test_recomputing_never_counts_an_event_twice(cast, scheme, action):
    action("letter", dt.date(2026, 11, 3))
    for _ in range(3):
        compute.recompute(scheme, "2026Q4")
    assert Deduction.objects.filter(scheme=scheme, period="2026Q4").count() == 1
    assert _result(scheme, cast.gov_a, "2026Q4").deducted == Decimal(1)


def test_an_indicator_loses_no_more_than_its_cap(cast, scheme, action):
    indicator = scheme.indicators.get(code="A1")
    indicator.cap = Decimal(5)
    indicator.save()
    for day in range(1, 5):
        action("red", dt.date(2026, 11, day))  # 4 × 2 = 8 points, capped at 5
    compute.recompute(scheme, "2026Q4")
    assert _result(scheme, cast.gov_a, "2026Q4").deducted == Decimal(5)
    assert Deduction.objects.filter(subject__unit=cast.gov_a).count() == 4  # every event still traced


def test_complaint_rules_count_late_feedback_returns_and_overdue(cast, scheme, register, walk, freeze):
    from complaints import workflow as complaints
    from complaints.models import Complaint

    freeze("2026-10-12")
    late = walk(register(), "received")
    Complaint.objects.filter(pk=late.pk).update(
        due_state="overdue", due_at=dt.datetime(2026, 10, 20, 2, tzinfo=dt.UTC)
    )
    returned = walk(register(), "reviewing")
    complaints.return_feedback(returned, by=cast.office, reason="未写明处罚依据")
    compute.recompute(scheme, "2026Q4")
    events = set(Deduction.objects.filter(subject__unit=cast.gov_a).values_list("rule__event", flat=True))
    assert {"overdue_complaint", "returned_feedback"} <= events
    link = Deduction.objects.get(rule__event="overdue_complaint")
    assert (link.link_label, link.link_pk) == ("complaints.complaint", late.pk)


def test_a_vetoed_unit_is_never_excellent(cast, scheme):
    subject = scheme.subjects.get(unit=cast.gov_a)
    for indicator in scheme.indicators.filter(kind__in=["third_party", "manual"]):
        for s in scheme.subjects.all():
            workflow.enter_score(
                by=cast.root,
                indicator=indicator,
                subject=s,
                period="2026",
                points=indicator.max_points,
                note="满分",
            )
    compute.recompute(scheme, "2026")
    assert _result(scheme, cast.gov_a, "2026").grade == "excellent"
    with pytest.raises(WorkflowError, match="佐证材料"):
        workflow.propose_veto(
            by=cast.office,
            scheme=scheme,
            subject=subject,
            period="2026",
            condition="incident",
            description="较大环境事故",
        )
    veto = workflow.propose_veto(
        by=cast.office, scheme=scheme, subject=subject, period="2026", condition="incident",
        description="某化工企业发生较大突发环境事件", evidence=SimpleUploadedFile("事故调查报告.pdf", b"%PDF-1.4"),
    )  # fmt: skip
    compute.recompute(scheme, "2026")
    assert _result(scheme, cast.gov_a, "2026").grade == "excellent"  # proposed, not yet approved
    with pytest.raises(PermissionDeniedError, match="提出人不能批准"):
        workflow.approve_veto(veto, by=cast.office)
    workflow.approve_veto(veto, by=cast.province)
    compute.recompute(scheme, "2026")
    result = _result(scheme, cast.gov_a, "2026")
    assert result.score == Decimal(100) and result.vetoed and result.grade == "good"


def test_grades_follow_the_schemes_thresholds(cast, scheme):
    scheme.excellent_from, scheme.good_from, scheme.pass_from = Decimal(95), Decimal(85), Decimal(70)
    assert [compute.grade_of(scheme, Decimal(s), vetoed=False) for s in (95, "94.99", 85, 70, "69.9")] == [
        "excellent", "good", "good", "pass", "fail",
    ]  # fmt: skip


def test_a_revised_scheme_leaves_earlier_periods_as_they_were(cast, scheme, action):
    action("letter", dt.date(2026, 5, 5))
    compute.recompute(scheme, "2026Q2")
    before = _result(scheme, cast.gov_a, "2026Q2").score
    revised = workflow.revise_scheme(scheme, by=cast.office, starts_with="2026Q3")
    revised.indicators.get(code="A1").rules.filter(event="letter").update(points=Decimal(4))
    assert (
        workflow.scheme_for(scheme.code, "2026Q2") == scheme
        and workflow.scheme_for(scheme.code, "2026Q4") == revised
    )
    compute.recompute(workflow.scheme_for(scheme.code, "2026Q2"), "2026Q2")
    assert _result(scheme, cast.gov_a, "2026Q2").score == before
    action("letter", dt.date(2026, 8, 5))
    compute.recompute(revised, "2026Q3")
    assert _result(revised, cast.gov_a, "2026Q3").deducted == Decimal(4)
    with pytest.raises(WorkflowError, match="须晚于"):
        workflow.revise_scheme(revised, by=cast.office, starts_with="2026Q2")


def test_only_the_assessor_scores_its_own_indicators(cast, scheme, assessor):
    b1, c1 = scheme.indicators.get(code="B1"), scheme.indicators.get(code="C1")
    subject = scheme.subjects.get(unit=cast.gov_a)
    workflow.enter_score(by=assessor, indicator=b1, subject=subject, period="2026Q4", points="36.5")
    with pytest.raises(PermissionDeniedError):
        workflow.enter_score(by=assessor, indicator=c1, subject=subject, period="2026Q4", points=5, note="x")
    with pytest.raises(PermissionDeniedError):
        workflow.enter_score(by=cast.office, indicator=b1, subject=subject, period="2026Q4", points=30)
    with pytest.raises(WorkflowError, match="0 至 40"):
        workflow.enter_score(by=assessor, indicator=b1, subject=subject, period="2026Q4", points=41)
    with pytest.raises(WorkflowError, match="2026 年内"):
        workflow.enter_score(by=assessor, indicator=b1, subject=subject, period="2025Q4", points=30)
    with pytest.raises(WorkflowError, match="依据"):
        workflow.enter_score(by=cast.office, indicator=c1, subject=subject, period="2026Q4", points=5)
    workflow.enter_score(
        by=cast.office,
        indicator=c1,
        subject=subject,
        period="2026Q4",
        points=5,
        note="创建国家生态文明示范区",
    )
    compute.recompute(scheme, "2026Q4")
    assert _result(scheme, cast.gov_a, "2026Q4").score == Decimal("91.5")  # 50 automatic + 36.5 + 5
