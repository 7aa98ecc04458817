"""A joint complaint (合办件) in Debian's chromium: each county's handler finds it in its list with the mark, and
the office's statistics count it once."""

import re

import pytest
from playwright.sync_api import expect

from complaints import workflow
from ducha.tests import test_browser as shared

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"
    ),
]


def test_a_joint_complaint_is_listed_under_both_counties_and_counted_once(
    page, cast, inspection, register, walk
):
    complaint = register("信都区与任泽区交界处某砖厂烟尘污染，两区村民都受影响")
    workflow.classify_complaint(complaint, by=cast.inspector, co_units=[cast.gov_b])
    walk(complaint, "forwarded")

    for handler in ("handler_a", "handler_b"):
        sign_in(page, handler)
        page.goto("/complaints/")
        row = page.get_by_role("row", name=re.compile(complaint.number))
        expect(row).to_be_visible()
        expect(row.get_by_text("合办")).to_be_visible()
        page.get_by_role("button", name="退出").click()

    sign_in(page, "office")
    for county in (cast.county_a, cast.county_b):
        page.goto(f"/complaints/?inspection={inspection.code}&region={county.code}")
        expect(page.get_by_role("row", name=re.compile(complaint.number))).to_be_visible()
    page.goto(f"/complaints/inspections/{inspection.code}/statistics/")
    funnel = page.locator("ol.funnel li", has_text="转办")
    expect(funnel).to_contain_text("1")
    expect(page.locator("#by-unit tbody tr")).to_have_count(1)
