"""The walk of the acceptance, in Debian's chromium: the team requests documents → the county uploads them → the
team records a finding from one of them → the finding goes into the report → the office reviews, a second team
member signs, the office delivers → the problem is in the ledger. Each actor in their own browser context."""

import os
import re

import pytest
from playwright.sync_api import expect

from ducha.tests import test_browser as shared
from fieldwork.tests.conftest import PDF

browser, sign_in, CHROMIUM = shared.browser, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def open_as(username, **options):
        context = browser.new_context(locale="zh-CN", base_url=live_server.url, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_requested_documents_become_a_finding_a_report_and_a_ledger_problem(
    as_user, cast, make_inspection, tmp_path
):
    from conftest import make_user

    inspection = make_inspection()
    make_user("inspector_2", cast.team_unit, "team")
    scan = tmp_path / "责任分工文件.pdf"
    scan.write_bytes(PDF)

    team = as_user("inspector")
    team.goto(f"/fieldwork/{inspection.code}/gathering/")
    team.locator("#requests summary").click()
    team.get_by_label("被调阅单位").select_option(label="信都区人民政府")
    team.get_by_label("事项").fill("2014年以来环境保护工作资料")
    team.get_by_label("资料清单（每行一项）").fill("环境保护工作责任分工文件\n2015年以来环境执法台账")
    team.get_by_label("报送期限").fill("2030-12-01T17:00")
    team.get_by_role("button", name="发出").click()
    expect(team.get_by_role("heading", name=re.compile("2014年以来环境保护工作资料"))).to_be_visible()
    number = team.locator("h1 .code").inner_text()

    county = as_user("handler_a", viewport={"width": 390, "height": 844}, is_mobile=True)
    county.goto("/fieldwork/requests/")
    county.get_by_role("link", name="2014年以来环境保护工作资料").click()
    expect(county.get_by_text(number)).to_be_visible()
    county.get_by_label("第 1 项的文件").set_input_files(str(scan))
    county.get_by_role("button", name="上传").first.click()
    expect(county.get_by_role("link", name=re.compile("责任分工文件.pdf"))).to_be_visible()
    county.once("dialog", lambda dialog: dialog.accept())
    county.get_by_role("button", name="报送督察组").click()
    expect(county.get_by_text("已报送督察组")).to_be_visible()
    county.screenshot(path=str(tmp_path / "county.png"), full_page=True)

    team.reload()
    team.get_by_label("核对结果").first.select_option("received")
    team.get_by_role("button", name="核对").first.click()
    expect(team.get_by_text("已收到").first).to_be_visible()
    item_id = team.locator("li.card").first.get_attribute("id").removeprefix("item-")
    team.goto(f"/fieldwork/{inspection.code}/gathering/")
    team.locator("#finding-form summary").click()
    team.get_by_label("问题", exact=True).fill("信都区环境保护责任分工文件未明确部门监管职责，流于形式")
    team.get_by_label("来源", exact=True).select_option("document")
    team.get_by_label("来源编号").fill(item_id)
    team.get_by_label("责任单位").select_option(label="信都区人民政府")
    team.get_by_label("证据").fill("责任分工文件第2页")
    team.get_by_role("button", name="记录", exact=True).click()
    expect(team.get_by_text("已记录发现问题")).to_be_visible()

    team.locator("#reports summary").click()
    team.get_by_label("主送").fill("邢台市委、市政府")
    team.get_by_role("button", name="起草").click()
    team.get_by_role("checkbox", name=re.compile("流于形式")).check()
    team.get_by_role("button", name="保存列入的问题").click()
    team.get_by_role("button", name="提交督察办审核").click()
    expect(team.get_by_text("待审核").first).to_be_visible()
    report_url = team.url

    office = as_user("province_office")
    office.goto(report_url)
    office.get_by_role("button", name="审核通过").click()
    expect(office.get_by_text("待签发").first).to_be_visible()
    signer = as_user("inspector_2")
    signer.goto(report_url)
    signer.get_by_role("button", name="签发").click()
    expect(signer.get_by_text("已签发").first).to_be_visible()
    office.reload()
    office.once("dialog", lambda dialog: dialog.accept())
    office.get_by_role("button", name="登记反馈并建立整改台账").click()
    expect(office.get_by_text("已反馈，问题已进入整改台账")).to_be_visible()
    office.get_by_role("link", name=re.compile("督察反馈意见")).last.click()
    expect(
        office.get_by_role("heading", name=re.compile("信都区环境保护责任分工文件未明确部门监管职责"))
    ).to_be_visible()
    office.screenshot(path=str(tmp_path / "ledger.png"), full_page=True)
