"""For each role, a complaint appears on the workbench's 现在要做 when it is that role's turn and goes away
when the work is done (issue 14), in Debian's chromium."""

import pytest
from playwright.sync_api import expect

from complaints import workflow
from complaints.models import Complaint
from ducha.tests import test_browser as shared

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"
    ),
]


def todo(page, user):
    """The workbench's main area after signing in: a complaint number appears there only in 现在要做."""
    page.context.clear_cookies()
    sign_in(page, user)
    return page.locator("main")


def test_each_role_sees_its_turn_and_not_after(page, cast, register, inspection):
    complaint = register("信都区某化工厂夜间偷排废水，河水发黑发臭")
    number = complaint.number

    # The team screens it: tick it on the list and accept.
    expect(todo(page, "inspector")).to_contain_text(number)
    page.goto(f"/complaints/?inspection={inspection.code}")
    page.get_by_label(f"选择 {number}").check()
    page.get_by_role("button", name="受理所选").click()
    expect(page.locator(".messages")).to_contain_text("已受理 1 件")
    batch = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(batch, [Complaint.objects.get(pk=complaint.pk)], by=cast.inspector)
    workflow.issue_batch(batch, by=cast.inspector)

    # The office forwards it and makes the call; it leaves the office's list.
    section = todo(page, "office")
    expect(section).to_contain_text(number)
    expect(section).to_contain_text("待转办")
    page.goto(f"/complaints/inspections/{inspection.code}/batches/")
    page.get_by_role("button", name="一键转办 1 件").click()
    page.get_by_label("信都区人民政府 接电话人").fill("信都区督察办 王科长")
    page.get_by_role("button", name="记录本次电话确认").click()
    expect(page.locator(".messages")).to_contain_text("已电话确认")
    expect(todo(page, "office")).not_to_contain_text(number)

    # The county's leader signs for it.
    expect(todo(page, "signer_a")).to_contain_text(number)
    page.goto(f"/complaints/{complaint.pk}/")
    page.get_by_role("button", name="签收回执").click()
    expect(page.locator(".messages")).to_contain_text("已签收")

    # The handler answers it; then it is the leader's again, then the office's review.
    expect(todo(page, "handler_a")).to_contain_text(number)
    workflow.submit_feedback(
        Complaint.objects.get(pk=complaint.pk), by=cast.handler_a, findings="经核查属实。", verdict="true",
        measures="责令停产整治。", handling_state="closed", counters={},
    )  # fmt: skip
    expect(todo(page, "handler_a")).not_to_contain_text(number)
    expect(todo(page, "signer_a")).to_contain_text(number)
    workflow.sign_feedback(Complaint.objects.get(pk=complaint.pk), by=cast.signer_a)
    expect(todo(page, "office")).to_contain_text(number)
    page.goto(f"/complaints/{complaint.pk}/")
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".messages")).to_contain_text("已审核通过")
    page.goto("/")
    expect(page.locator("main")).not_to_contain_text(number)
