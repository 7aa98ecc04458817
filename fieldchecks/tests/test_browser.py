"""A night check entered on a phone (390 px wide) in Debian's chromium: a site, a problem with a photo
from the camera input, and the transfer that numbers the letter."""

import io
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ducha.tests import test_browser as shared

browser, sign_in, CHROMIUM = shared.browser, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 80, 70)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_night_check_entered_on_a_phone(phone, cast, inspection):
    from fieldchecks.models import FieldCheck

    sign_in(phone, "inspector")
    phone.goto("/field-checks/")
    phone.get_by_text("开始一次检查").click()
    phone.get_by_label("督察").select_option(str(inspection.pk))
    phone.get_by_label("检查方式").select_option("night")
    phone.get_by_label("被检查地区（区划代码）").fill("130500")
    phone.get_by_label("检查日期").fill(str(timezone.localdate()))
    phone.get_by_label("检查组（每行：组名｜带队领导｜成员）").fill("第一检查组｜副组长牛某｜张某、李某")
    phone.get_by_label("督办对象").select_option(label="邢台市人民政府")
    phone.get_by_role("button", name="开始").click()
    expect(phone.locator(".messages")).to_contain_text("已建立检查")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing forces sideways scrolling
    phone.get_by_label("检查点名称").fill("某小区三期建筑工地")
    phone.get_by_label("所在县（区）").select_option("130503")
    phone.get_by_role("button", name="添加").click()
    expect(phone.locator(".messages")).to_contain_text("已添加检查点")
    assert phone.locator("#p-f").get_attribute("capture") == "environment"
    phone.get_by_label("问题类型").select_option(label="渣土车未苫盖上路")
    phone.get_by_label("问题描述").fill("两辆渣土车未苫盖驶出工地")
    phone.locator("#p-f").set_input_files({"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": _photo()})
    phone.get_by_role("button", name="记录").click()
    expect(phone.locator("ul.problems")).to_contain_text("两辆渣土车未苫盖驶出工地")
    expect(phone.locator("ul.problems")).to_contain_text("现场.jpg")
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="结束检查并交办").click()
    expect(phone.locator(".messages")).to_contain_text("已交办")
    check = FieldCheck.objects.get()
    expect(phone.locator("dl.facts")).to_contain_text(check.letter_number)
