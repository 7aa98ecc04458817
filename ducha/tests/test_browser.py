"""In Debian's chromium, driven by Playwright (never a downloaded browser)."""

import os
import re

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (make browser)"
    ),
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test itself
    # are synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, username: str):
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("secret-pass-1")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("工作台"))).to_be_visible()


def test_office_user_creates_an_inspection_and_sees_it_listed(page, cast):
    sign_in(page, "office")
    page.get_by_role("navigation").get_by_role("link", name="督察", exact=True).click()
    page.get_by_role("link", name="新建督察").click()
    page.get_by_label("编号").fill("XT-2026-ZX-01")
    page.get_by_label("名称").fill("邢台市2026年秸秆禁烧专项督察")
    page.get_by_label("层级").select_option("municipal")
    page.get_by_label("类型").select_option("special")
    page.locator("#id_team_name").fill("邢台市第一督察组")
    page.get_by_label("被督察区域").select_option(label="　信都区（130503）")
    page.get_by_label("进驻开始").fill("2026-11-20")
    page.get_by_label("进驻结束").fill("2026-12-20")
    page.get_by_label("值班电话").fill("0319-2000000")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=re.compile("邢台市2026年秸秆禁烧专项督察"))).to_be_visible()
    expect(page.get_by_text("向督察组反馈", exact=True)).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="督察", exact=True).click()
    row = page.get_by_role("row", name=re.compile("XT-2026-ZX-01"))
    expect(row).to_contain_text("邢台市2026年秸秆禁烧专项督察")
    expect(row).to_contain_text("信都区")
    page.get_by_placeholder("按名称或编号搜索").fill("秸秆")
    expect(page.get_by_role("row", name=re.compile("XT-2026-ZX-01"))).to_be_visible()


def test_county_handler_cannot_open_the_neighbour_county(page, cast):
    sign_in(page, "handler_b")
    page.get_by_role("navigation").get_by_role("link", name="组织机构").click()
    expect(page.get_by_role("heading", name=re.compile("任泽区"))).to_be_visible()
    expect(page.get_by_text("信都区")).to_have_count(0)
    response = page.goto("/organisations/regions/130503/")
    assert response.status == 404
    response = page.goto(f"/organisations/units/{cast.gov_a.pk}/")
    assert response.status == 404
