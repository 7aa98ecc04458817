"""A leader's workbench in Debian's chromium: his liaison county's red item appears, and goes once the
county is no longer behind (issue 14)."""

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from ducha.tests import test_browser as shared
from liaison import workflow
from liaison.tests.test_liaison import Plan

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"
    ),
]


def test_a_leaders_red_item_comes_and_goes(page, cast, register, walk):
    plan = Plan(cast)
    complaint = walk(register(), "received")
    Complaint.objects.filter(pk=complaint.pk).update(due_state="overdue")
    workflow.assign(by=cast.office, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a)
    cast.leader.person = plan.secretary.person
    cast.leader.save(update_fields=["person"])
    sign_in(page, "leader")
    item = page.locator("#accountability-queues li", has_text="项包联地区红色事项")
    expect(item).to_contain_text("1")
    item.get_by_role("link").click()
    expect(page.locator("main")).to_contain_text("信都区")
    Complaint.objects.filter(pk=complaint.pk).update(due_state="ok")
    page.goto("/")
    expect(page.locator("#accountability-queues li", has_text="项包联地区红色事项")).to_contain_text("0")
