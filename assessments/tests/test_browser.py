"""In Debian's chromium: a red warning is raised on a task, the county's score drops by the configured points,
and the office opens the deduction and lands on the warning."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ducha.tests import test_browser as shared

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_a_red_warning_costs_the_county_its_points_and_leads_back_to_the_warning(page, cast, make_task):
    from assessments import workflow

    today = timezone.localdate()
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    task = make_task(starts_on=today.replace(day=1), due_on=today.replace(month=12, day=31))
    scheme = workflow.create_scheme(
        by=cast.office, region=cast.xingtai, code="XT-COUNTY", name="邢台市县（市、区）生态环境保护考核",
        year=today.year, subject_kind="county", frequency="quarterly",
    )  # fmt: skip
    rules = {r.event: r.points for r in scheme.indicators.get(code="A1").rules.all()}
    red_points = rules["red_warning"]

    sign_in(page, "office")
    page.goto(f"/assessments/{scheme.pk}/?period={quarter}")
    page.get_by_role("button", name="计算本期结果").click()
    ranking = page.locator("#ranking")
    expect(ranking.locator("tr", has_text="信都区人民政府")).to_contain_text("50.00")
    before = ranking.locator("tr", has_text="信都区人民政府").locator("td.num").nth(1).inner_text()

    page.goto(f"/rectification/tasks/{task.pk}/")
    page.get_by_text("下发预警通知").click()
    page.get_by_label("预警等级").select_option("red")
    page.get_by_label("预警事由").fill("序时进度严重滞后，连续两月未报送进展")
    page.get_by_role("button", name="下发").click()

    page.goto(f"/assessments/{scheme.pk}/?period={quarter}")
    page.get_by_role("button", name="计算本期结果").click()
    row = page.locator("#ranking tr", has_text="信都区人民政府")
    after = row.locator("td.num").nth(1).inner_text()
    # The red warning, and the interview a red warning brings with it (DOMAIN.md), at their configured points.
    from rectification.models import Action

    raised = list(Action.objects.filter(task=task).values_list("kind", flat=True))
    expected = sum(
        rules[{"red": "red_warning"}.get(kind, kind)]
        for kind in raised
        if kind in ("red", "interview", "letter")
    )
    assert "red" in raised and float(before) - float(after) == float(expected) >= float(red_points)

    row.get_by_role("link", name="信都区人民政府").click()
    deduction = page.locator("#deductions tr", has_text="红色预警")
    expect(deduction).to_contain_text(f"−{red_points}")
    deduction.get_by_role("link", name="查看").click()
    expect(page.locator("table")).to_contain_text("红色预警通知")
    expect(page.locator("table")).to_contain_text("信都区人民政府")
