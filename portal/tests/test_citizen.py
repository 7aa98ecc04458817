"""The portal as a citizen expects it (issue 14): satisfaction in words with nothing chosen, a timeline
with expected dates, a rebound report that reaches the office, hotlines to tap, and anonymity that hides
the name and phone; at 390 px nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from complaints import workflow
from complaints.models import Status
from ducha.tests import test_browser as shared
from notices.models import Notification

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM


@pytest.fixture
def closed(cast, make_inspection):
    inspection = make_inspection(round_number=3)
    complaint, _ = workflow.register_complaint(
        by=cast.inspector,
        inspection=inspection,
        text="信都区某化工厂夜间偷排废水，河水发黑",
        region=cast.county_a,
        channel="D",
    )
    workflow.accept_complaint(complaint, by=cast.inspector)
    batch = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(batch, [complaint], by=cast.inspector)
    workflow.issue_batch(batch, by=cast.inspector)
    workflow.forward_complaints([complaint], by=cast.office)
    workflow.confirm_by_phone(complaint, by=cast.office, answered_by="王科长")
    workflow.sign_receipt(complaint, by=cast.signer_a)
    workflow.submit_feedback(
        complaint, by=cast.handler_a, findings="经核查属实。", verdict="true", measures="责令停产整治。",
        handling_state="closed", counters={},
    )  # fmt: skip
    workflow.sign_feedback(complaint, by=cast.signer_a)
    workflow.accept_feedback(complaint, by=cast.office)
    complaint.refresh_from_db()
    return complaint


@pytest.mark.django_db
def test_rating_timeline_and_a_rebound_that_reopens(cast, client, closed):
    page = client.get(f"/portal/track/?code={closed.tracking_code}").content.decode()
    assert (
        'type="radio" name="rating" value="3" required>' in page
        and "checked" not in page.split("rate")[1][:2000]
    )
    assert "满意" in page and "基本满意" in page and "不满意" in page and "星" not in page
    assert "区县签收" in page and "反馈办理结果" in page
    response = client.post(f"/portal/track/{closed.tracking_code}/rate/", {"rating": "5"})
    assert response.status_code == 400 and "请选择 满意、基本满意 或 不满意" in response.content.decode()
    client.post(f"/portal/track/{closed.tracking_code}/rate/", {"rating": "2"})
    assert (
        "您的评价：<b>基本满意</b>"
        in client.get(f"/portal/track/?code={closed.tracking_code}").content.decode()
    )

    client.post(
        f"/portal/track/{closed.tracking_code}/rebound/", {"text": "这几天晚上又开始偷排了，河水又黑了"}
    )
    closed.refresh_from_db()
    assert closed.rebound_reported_at is not None
    note = Notification.objects.get(title=f"群众反映 {closed.number} 问题反弹")
    client.force_login(note.user)
    detail = client.get(note.link).content.decode()
    assert "群众反映问题反弹" in detail and "又开始偷排" in detail and "重新交办" in detail
    response = client.post(
        f"/complaints/{closed.pk}/do/reopen/", {"reason": "请重新核查夜间排放情况"}, follow=True
    )
    assert "已重新交办" in response.content.decode()
    closed.refresh_from_db()
    assert (
        closed.status == Status.RETURNED
        and closed.rebound_handled_at is not None
        and closed.due_at is not None
    )
    assert Notification.objects.filter(
        user=cast.handler_a, title=f"{closed.number} 问题反弹，请重新办理"
    ).exists()


@pytest.mark.django_db
def test_every_inspection_card_gives_a_hotline_to_tap(cast, client, make_inspection):
    make_inspection(hotline="0319-1234567")
    make_inspection("HB-2018-HTK-12", hotline="")
    page = client.get("/portal/").content.decode()
    assert 'href="tel:0319-1234567"' in page and page.count("受理时间每天") == 2 and "12369" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed")
def test_at_390_px_nothing_scrolls_sideways_and_anonymity_hides_the_fields(page, cast, closed):
    page.set_viewport_size({"width": 390, "height": 800})
    code = closed.inspection.code
    for url in (
        "/portal/",
        f"/portal/{code}/report/",
        f"/portal/track/?code={closed.tracking_code}",
        "/portal/rectification/",
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    page.goto(f"/portal/{code}/report/")
    expect(page.get_by_role("textbox", name="姓名")).to_be_visible()
    page.get_by_label("匿名举报（不留姓名和电话）").check()
    expect(page.get_by_role("textbox", name="姓名")).to_be_hidden()
    expect(page.locator("#p-phone")).to_be_hidden()
    sign_in(page, "office")
    for url in ("/", "/complaints/", f"/complaints/{closed.pk}/", "/rectification/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    page.get_by_role("button", name="菜单").click()
    expect(page.get_by_role("navigation", name="主导航")).to_be_visible()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.django_db
def test_photos_on_a_report_are_checked_and_reach_the_staff(cast, client, make_inspection):
    import datetime as dt

    import time_machine
    from django.core.files.uploadedfile import SimpleUploadedFile

    with time_machine.travel(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC), tick=False):
        inspection = make_inspection(round_number=3)
        _report_with_photos(cast, client, inspection, SimpleUploadedFile)


def _report_with_photos(cast, client, inspection, SimpleUploadedFile):
    from complaints.models import Complaint

    form = {
        "text": "信都区某砖厂粉尘污染严重，庄稼落满灰",
        "region": cast.county_a.code,
        "is_anonymous": "on",
    }
    bad = client.post(
        f"/portal/{inspection.code}/report/", {**form, "photos": [SimpleUploadedFile("a.png", b"not a png")]}
    )
    assert "内容与扩展名不符" in bad.content.decode() and not Complaint.objects.exists()
    client.post(f"/portal/{inspection.code}/report/", {**form, "photos": [SimpleUploadedFile("灰.png", PNG)]})
    complaint = Complaint.objects.get()
    photo = complaint.photos.get()
    client.force_login(cast.inspector)
    assert "灰.png" in client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert client.get(f"/complaints/photos/{photo.pk}/").status_code == 200
    client.force_login(cast.handler_b)  # another county, before forwarding
    assert client.get(f"/complaints/photos/{photo.pk}/").status_code == 404
