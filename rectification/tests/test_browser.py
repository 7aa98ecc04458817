"""One task from plan to closure in Debian's chromium: the office, the county unit, three sign-off
levels with a rejection, the public notice and an objection from the public."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ducha.tests import test_browser as shared
from rectification.models import Task
from rectification.tasks import sweep_rectification

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]

PDF = {"name": "整改完成佐证.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 evidence"}


def saved(page):
    """The step went through: a message says what was done, and none says what went wrong."""
    expect(page.locator(".messages li.success")).to_be_visible()
    expect(page.locator(".messages li.error")).to_have_count(0)


def as_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def apply(page, task_url):
    page.goto(task_url)
    page.get_by_text("申请验收销号", exact=True).click()
    page.get_by_label("整改完成情况").fill("提标改造完成，出水连续三个月稳定达到一级 A")
    page.locator("#a-files").set_input_files(PDF)
    page.get_by_role("button", name="提交验收申请").click()
    saved(page)


def check_on_site(page, task_url):
    page.goto(task_url)
    page.get_by_label("核查人员").fill("市整改办 王某、市环保局 李某")
    page.get_by_label("现场核查记录").fill("现场查看出水在线监测数据和设备运行台账，符合验收标准")
    page.get_by_role("button", name="核查通过，进入逐级审核").click()
    saved(page)


def sign(page, task_url, *, approve=True, comment=""):
    page.goto(task_url)
    page.locator("#s-comment").fill(comment)
    page.get_by_role("button", name="同意销号" if approve else "不同意，退回整改").click()
    saved(page)


def test_one_task_from_plan_to_closure(page, cast, make_inspection):
    inspection = make_inspection(
        "HB-2026-XT", stationed_from=dt.date(2026, 8, 1), stationed_until=dt.date(2026, 8, 31)
    )
    today = timezone.localdate()

    # The city's rectification office registers the feedback report and plans one task.
    as_user(page, "office")
    page.goto("/rectification/reports/")
    page.get_by_label("督察", exact=True).select_option(inspection.code)
    page.get_by_label("被督察地区").select_option("130500")
    page.get_by_label("标题").fill("省督察组反馈邢台市督察意见")
    page.get_by_label("反馈日期").fill("2026-09-28")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".messages")).to_contain_text("整改方案须于 2026-11-13 前报送")
    page.get_by_text("登记问题", exact=True).click()
    page.locator("textarea[name=text]").fill("城区污水处理厂未按期完成提标改造")
    page.get_by_role("button", name="登记", exact=True).click()
    page.get_by_text("制定整改任务", exact=True).click()
    page.locator("#t-target").fill("出水稳定达到一级 A 标准")
    page.locator("#t-due").fill("2027-03-31")
    page.locator("#t-lead").select_option(label="信都区人民政府")
    for level in ("county", "city", "province"):
        page.locator(f"input[name=sign_levels][value={level}]").check()
    page.get_by_role("button", name="保存任务").click()
    saved(page)
    page.get_by_role("button", name="报送整改方案").click()
    # The city does not approve its own plan: the province's office does.
    expect(page.locator("main")).to_contain_text("待上级整改办审定")
    report_url = page.url
    as_user(page, "province_office")
    page.goto(report_url)
    page.get_by_role("button", name="审定整改方案").click()
    as_user(page, "office")
    page.goto(report_url)
    page.get_by_role("button", name="在门户公开").click()
    expect(page.locator("#plan-status")).to_have_text("已公开")
    task = Task.objects.get()
    task_url = f"/rectification/tasks/{task.pk}/"

    # The county unit reports the work done and applies for closure with evidence.
    as_user(page, "handler_a")
    page.goto(task_url)
    page.get_by_label("整改进展").fill("提标改造工程完工，在线监测联网")
    page.get_by_label("完成比例（%）").fill("100")
    page.get_by_role("button", name="报送", exact=True).click()
    saved(page)
    expect(page.locator("#percent")).to_have_text("100%")
    apply(page, task_url)

    # Site check, county approves, the city rejects: back to rectifying with the reason.
    as_user(page, "office")
    check_on_site(page, task_url)
    as_user(page, "signer_a")
    sign(page, task_url, comment="同意销号")
    as_user(page, "office")
    sign(page, task_url, approve=False, comment="污泥处置去向台账不全")
    expect(page.locator("#status")).to_contain_text("整改中")
    expect(page.locator("#acceptance")).to_contain_text("污泥处置去向台账不全")

    # Second round through all three levels to the public notice.
    as_user(page, "handler_a")
    apply(page, task_url)
    as_user(page, "office")
    check_on_site(page, task_url)
    as_user(page, "signer_a")
    sign(page, task_url)
    as_user(page, "office")
    sign(page, task_url)
    as_user(page, "province_office")
    sign(page, task_url, comment="同意销号，予以公示")
    expect(page.locator("#status")).to_contain_text("公示中")

    # The public objects during the notice.
    page.context.clear_cookies()
    page.goto(f"/portal/rectification/{task.report_id}/")
    expect(page.locator("#notices")).to_contain_text(task.code)
    page.get_by_text("对公示内容有异议").click()
    page.get_by_label("异议内容（请写明时间、地点和看到的情况）").fill("排污口夜间仍有污水流出")
    page.get_by_label("联系电话（可选，仅用于核实，依法保密）").fill("13912345678")
    page.get_by_role("button", name="提交异议").click()
    expect(page.locator("h1")).to_have_text("异议已收到")

    # The office checks the objection and dismisses it; the notice runs out and the sweep closes it.
    as_user(page, "office")
    page.goto(task_url)
    expect(page.locator("#acceptance")).to_contain_text("139****5678")
    page.get_by_placeholder("核实情况").fill("经夜间复查，流出为雨水管道清水，异议不成立")
    page.get_by_role("button", name="异议不成立").click()
    saved(page)
    assert sweep_rectification(today + dt.timedelta(days=8))["closed"] == 1
    page.goto(task_url)
    expect(page.locator("#status")).to_contain_text("已销号")
    page.context.clear_cookies()
    page.goto(f"/portal/rectification/{task.report_id}/")
    expect(page.locator("table")).to_contain_text("已销号")
