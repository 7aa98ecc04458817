"""The discipline group's audit in Debian's chromium: a case is found on the queue, urged with a numbered
letter, recorded by the county, and verified; the queue empties and the letter is answered."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accountability.models import Record, Urge
from ducha.tests import test_browser as shared

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def as_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def test_a_case_is_found_urged_recorded_and_verified(page, cast, discipline, held_to_account):
    complaint, today = held_to_account, timezone.localdate()

    # 纪委监委 signs in and has work waiting: the complaint's two people are not on record.
    as_user(page, "discipline")
    queues = page.locator("#accountability-queues")
    expect(queues).to_contain_text("件举报问责无记录支撑")
    queues.get_by_role("link", name="件举报问责无记录支撑").click()
    row = page.locator("#complaints tr", has_text=complaint.number)
    expect(row).to_contain_text("2")
    row.get_by_role("link", name="督促问责").click()
    page.locator("#u-due").fill("2099-01-01")
    page.get_by_role("button", name="发函").click()
    expect(page.locator(".messages")).to_contain_text("问责时限不能超过一年")
    page.locator("#u-due").fill(str(today + dt.timedelta(days=10)))
    page.get_by_role("button", name="发函").click()
    expect(page.locator(".messages")).to_contain_text("已发出督促问责函")
    urge = Urge.objects.get()
    expect(page.get_by_role("heading", name=urge.number)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载督促问责函（Word）").click()
    assert download.value.suggested_filename.endswith("督促问责函.docx")

    # The county's handler records the two people from the letter's own link: the letter waits on his
    # workbench until then.
    as_user(page, "handler_a")
    expect(page.locator("#accountability-queues")).to_contain_text("份督促问责函待落实")
    for name, post in (("王建军", "某镇分管副镇长"), ("李卫东", "区生态环境分局执法大队长")):
        page.goto(f"/accountability/urges/{urge.pk}/")
        page.get_by_role("link", name="登记问责结果").click()
        page.get_by_label("被问责人").fill(name)
        page.get_by_label("职务").fill(post)
        page.locator("select[name=form]").select_option(label="诫勉谈话")
        page.get_by_label("决定机关").fill("中共信都区纪律检查委员会")
        page.get_by_label("决定日期").fill(str(today))
        page.get_by_role("button", name="登记").click()
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    assert Record.objects.filter(complaints=complaint).count() == 2

    page.goto("/")
    expect(page.locator("main")).not_to_contain_text("份督促问责函待落实")

    # Back to 纪委监委: the letter is answered, the queue is empty, the records are verified.
    as_user(page, "discipline")
    expect(page.locator("#accountability-queues li", has_text="件举报问责无记录支撑")).to_contain_text("0")
    page.goto("/accountability/urges/")
    expect(page.locator("tr", has_text=urge.number)).to_contain_text("已问责")
    page.goto("/accountability/queue/")
    expect(page.locator("#complaints")).not_to_contain_text(complaint.number)
    page.goto("/accountability/?tab=to_verify")
    for name in ("王建军", "李卫东"):
        page.get_by_role("link", name=name).click()
        page.get_by_role("button", name="核实无误").click()
        expect(page.locator(".messages")).to_contain_text(f"已核实：{name}")
        page.goto("/accountability/?tab=to_verify")
    expect(page.get_by_text("没有问责记录")).to_be_visible()
    assert set(Record.objects.values_list("audit_status", flat=True)) == {"verified"}
