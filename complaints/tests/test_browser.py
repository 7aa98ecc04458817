"""One complaint through the whole loop in Debian's chromium, with five users and the public."""

import re

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from ducha.tests import test_browser as shared

# The chromium fixtures of the foundation's browser tests, shared.
browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"
    ),
]


def act(page, button: str):
    page.get_by_role("button", name=button, exact=True).first.click()
    # The message says what happened (已受理 …, 已签收 …), never an error.
    expect(page.locator(".messages li.success")).to_be_visible()
    expect(page.locator(".messages li.error")).to_have_count(0)


def test_one_complaint_walks_the_whole_loop(page, cast, inspection):
    # The public reports anonymously on the portal and keeps the tracking code.
    page.goto(f"/portal/{inspection.code}/report/")
    page.get_by_label("举报内容（时间、地点、单位、问题）").fill(
        "信都区西关村一家化工厂夜间偷排废水，河水发黑发臭"
    )
    page.get_by_label("所在区县").select_option("130503")
    page.get_by_label("匿名举报（不留姓名和电话）").check()
    page.get_by_role("button", name="提交举报").click()
    code = page.locator("#tracking-code").inner_text()
    complaint = Complaint.objects.get(tracking_code=code)
    detail = f"/complaints/{complaint.pk}/"

    # The team screens it in and issues batch 1.
    page.context.clear_cookies()
    sign_in(page, "inspector")
    page.goto(detail)
    act(page, "审核受理")
    page.goto(f"/complaints/inspections/{inspection.code}/batches/")
    page.get_by_role("button", name="新建下一批").click()
    page.get_by_label(complaint.number).check()
    page.get_by_role("button", name="加入本批").click()
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="交办第1批").click()
    expect(page.locator(".messages")).to_contain_text("已交办 1 件")
    assert "共 1 件" in asked[0]

    # The office forwards it within the hour and records the phone confirmation.
    page.context.clear_cookies()
    sign_in(page, "office")
    page.goto(detail)
    act(page, "转办至承办单位")
    page.get_by_label("电话确认，接电话人").fill("信都区督察办 王科长")
    act(page, "记录电话确认")
    expect(page.locator("#status")).to_have_text("待签收")

    # County A's leader signs the receipt: now it is received.
    page.context.clear_cookies()
    sign_in(page, "signer_a")
    page.goto(detail)
    act(page, "签收回执")
    expect(page.locator("#status")).to_have_text("办理中")

    # The handler answers; the leader signs; the office accepts and publishes.
    page.context.clear_cookies()
    sign_in(page, "handler_a")
    page.goto(detail)
    page.get_by_label("调查核实情况").fill("经现场核查，该厂夜间偷排属实。")
    page.get_by_label("是否属实").select_option("true")
    page.get_by_label("办结状态").select_option("closed")
    page.get_by_label("处理和整改情况").fill("责令停产整治，立案处罚。")
    page.locator("input[name=fines_yuan]").fill("200000")
    act(page, "提交领导签字")
    expect(page.locator("#status")).to_have_text("反馈待签字")

    page.context.clear_cookies()
    sign_in(page, "signer_a")
    page.goto(detail)
    act(page, "签字并报送")

    page.context.clear_cookies()
    sign_in(page, "office")
    page.goto(detail)
    act(page, "审核通过")
    expect(page.locator("#status")).to_have_text("已办结")
    page.goto(f"/complaints/inspections/{inspection.code}/batches/")
    # Publishing shows what will go out and asks again.
    page.get_by_text("公开办理情况…").click()
    expect(page.locator(".confirm-box")).to_contain_text("已办结（含阶段性办结）的 1 件")
    page.get_by_role("button", name="确认公开").click()
    expect(page.locator(".messages")).to_contain_text("已公开第1批第 1 次：1 条办理情况")
    expect(page.locator("#batch-1")).to_contain_text("已公开 1 次")

    # The public sees the row in the table, and the result on the tracking page, and rates it.
    page.context.clear_cookies()
    page.goto(f"/portal/{inspection.code}/disclosure/1/")
    row = page.locator("table.disclosure tbody tr").first
    expect(row).to_contain_text(complaint.number)
    expect(row).to_contain_text("信都区")
    expect(row).to_contain_text("属实")
    expect(row).to_contain_text("已办结")
    headers = page.locator("table.disclosure thead th").all_inner_texts()
    assert headers == [
        "序号",
        "受理编号",
        "交办问题基本情况",
        "行政区域",
        "污染类型",
        "调查核实情况",
        "是否属实",
        "处理和整改情况",
        "责任追究情况",
        "办结状态",
    ]
    page.goto(f"/portal/track/?code={code}")
    expect(page.locator("#public-status")).to_have_text("已办结")
    expect(page.locator("input[name=rating]:checked")).to_have_count(0)  # nothing chosen for the citizen
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#track-result")).to_contain_text(re.compile("您的评价：满意"))
