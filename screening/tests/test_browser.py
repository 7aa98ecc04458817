"""A screener takes a repeat call in chromium: the hint names the county with its reason, the earlier
complaint with its score and what both name, and the pollution types; the screener adopts them and merges."""

import re

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint, Status
from ducha.tests import test_browser as shared

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"
    ),
]

LETTER = (
    "尊敬的督察组领导：我们是信都区皇寺镇西关村的村民，村边的永固化工有限公司晚上偷排废气，散发刺鼻的臭味。"
)


def test_a_repeat_call_is_recognised_and_merged(page, cast, register, inspection):
    original = register(LETTER, region=cast.county_b)  # first screened into the wrong county
    sign_in(page, "inspector")
    page.goto(f"/complaints/new/?inspection={inspection.code}")
    page.get_by_label("地址").fill("邢台县西关村")
    page.get_by_label("举报内容").fill("再次反映永固厂的问题，晚上还在排，臭气熏天")
    hints = page.locator("#hints")
    expect(hints).to_contain_text("“邢台县”是信都区的曾用名")
    expect(hints).to_contain_text(original.number)
    expect(hints).to_contain_text(re.compile(r"共同：[^·]*永固化工有限公司"))
    expect(hints.locator("mark").first).to_be_visible()
    expect(hints).to_contain_text("污染类型建议")
    hints.get_by_role("button", name="采用").click()
    expect(page.get_by_label("行政区域")).to_have_value("130503")
    hints.get_by_role("button", name="勾选").click()
    expect(page.locator("input[name=types]:checked")).not_to_have_count(0)
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.locator("#created")).to_contain_text("已受理")

    repeat = Complaint.objects.exclude(pk=original.pk).get()
    assert repeat.region.code == "130503" and repeat.pollution_types.filter(name="恶臭").exists()
    page.goto(f"/complaints/{repeat.pk}/")
    page.get_by_role("button", name="合并为其重复件").first.click()
    expect(page.locator("#status")).to_have_text("重复件")
    repeat.refresh_from_db()
    assert repeat.status == Status.DUPLICATE and repeat.duplicate_of_id == original.pk
