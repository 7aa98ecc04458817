"""In Debian's chromium: the office composes a briefing from a generated article and a written one, another
account signs it off, the office issues it and downloads the PDF, and the public finds it on the portal."""

import os

import pytest
from playwright.sync_api import expect

from briefings.models import Series
from conftest import make_user
from ducha.tests import test_browser as shared

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_a_briefing_from_draft_to_the_portal(page, cast, inspection, register, walk):
    import pypdfium2

    for _ in range(2):
        walk(register(), "forwarded")
    Series.objects.create(
        office=cast.city_office, name="邢台市督察整改工作简报", main_to="市委、市政府领导同志"
    )
    make_user("office_head", cast.city_office, "office")

    sign_in(page, "office")
    page.goto("/briefings/")
    page.locator("input[name=is_public]").first.check()
    page.get_by_role("button", name="新建一期").click()
    page.get_by_label("文章类型").select_option("complaint_batches")
    page.get_by_label("督察").select_option(str(inspection.pk))
    page.get_by_role("button", name="生成").click()
    expect(page.locator("ol.articles")).to_contain_text("共收到督察组转办信访问题2批2个")
    page.locator("#a-t").fill("我市开展夜查专项行动")
    page.locator("#a-b").fill("11月23日夜，市保障组对城区建筑工地开展夜查，发现问题3个，已交办整改。")
    page.locator("#a-s").fill("（市保障组）")
    page.get_by_role("button", name="添加").click()
    expect(page.locator("ol.articles > li")).to_have_count(2)
    page.get_by_role("button", name="报送审签").click()
    expect(page.locator("#issue-status")).to_have_text("待审签")
    url = page.url

    page.context.clear_cookies()
    sign_in(page, "office_head")
    page.goto(url)
    page.get_by_role("button", name="同意印发").click()
    expect(page.locator("#issue-status")).to_have_text("已审签")

    page.context.clear_cookies()
    sign_in(page, "office")
    page.goto(url)
    page.get_by_role("button", name="印发").click()
    expect(page.locator("#issue-status")).to_have_text("已印发")
    expect(page.locator("h1")).to_contain_text("年第1期（总第1期）")
    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    pdf = pypdfium2.PdfDocument(download.value.path())
    assert "我市开展夜查专项行动" in "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))

    page.context.clear_cookies()
    page.goto("/portal/briefings/")
    page.get_by_role("link", name="邢台市督察整改工作简报").click()
    expect(page.locator("article")).to_have_count(2)
    expect(page.locator("body")).to_contain_text("我市开展夜查专项行动")
