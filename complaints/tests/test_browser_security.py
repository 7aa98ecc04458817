"""The Content-Security-Policy holds in a real browser, and what inline handlers did still works."""

import pytest
from playwright.sync_api import expect

from complaints import workflow
from complaints.models import Channel
from ducha.tests import test_browser as shared

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"
    ),
]


def _violations(page) -> list[str]:
    found = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return found


def test_pages_run_under_the_policy_without_a_single_violation(page, cast, inspection):
    for text in (
        "信都区西关村化工厂夜间偷排废水，河水发黑发臭",
        "信都区西关村化工厂晚上偷排废水，河水又黑又臭",
    ):
        complaint, _ = workflow.register_complaint(
            by=cast.inspector, inspection=inspection, text=text, region=cast.county_a, channel=Channel.PHONE
        )
        workflow.accept_complaint(complaint, by=cast.inspector)
    violations = _violations(page)
    sign_in(page, "inspector")

    # Intake: the hints arrive by htmx, and "采用" fills the county (data-fill, not onclick).
    page.goto(f"/complaints/new/?inspection={inspection.code}")
    page.locator("#i-address").fill("邢台市信都区西关村")
    page.locator("#i-address").press("End")
    page.locator("#i-text").fill("西关村化工厂夜里偷排废水，河水发黑发臭，请督察组查处")
    page.locator("#i-text").press("End")  # htmx listens for keyup
    expect(page.locator(".hint.warn")).to_contain_text("疑似重复")
    page.get_by_role("button", name="采用").click()
    expect(page.locator("#i-region")).to_have_value("130503")

    # Batches: the header box checks every row (data-check-all).
    page.goto(f"/complaints/inspections/{inspection.code}/batches/")
    page.get_by_role("button", name="新建下一批").click()
    page.get_by_label("全选").check()
    boxes = page.locator('input[name="complaints"]')
    assert boxes.count() == 2 and all(boxes.nth(i).is_checked() for i in range(2))

    # Statistics: the chart script carries the nonce and draws.
    page.goto(f"/complaints/inspections/{inspection.code}/statistics/")
    expect(page.locator("#chart-regions canvas")).to_have_count(1)

    # The language menu submits itself (data-autosubmit).
    page.get_by_label("Language").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert violations == []
