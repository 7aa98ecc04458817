"""One phone call per county per batch confirms that county's items (issue 14)."""

import pytest
from playwright.sync_api import expect

from audit.models import Event
from complaints import workflow
from complaints.models import Complaint
from ducha.errors import WorkflowError
from ducha.tests import test_browser as shared

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM


def forwarded_batch(cast, register, inspection, n=3):
    items = [register(f"信都区某企业第{i}处排污问题，群众反映多次") for i in range(n)]
    items.append(register("任泽区某养殖场粪污直排", region=cast.county_b))
    for item in items:
        workflow.accept_complaint(item, by=cast.inspector)
    batch = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(batch, items, by=cast.inspector)
    workflow.issue_batch(batch, by=cast.inspector)
    workflow.forward_complaints(list(Complaint.objects.filter(batch=batch)), by=cast.office)
    return batch


@pytest.mark.django_db
def test_one_call_confirms_a_countys_items_and_the_api_does_the_same(cast, client, register, inspection):
    batch = forwarded_batch(cast, register, inspection)
    assert (
        workflow.confirm_batch_by_phone(batch, cast.gov_a, by=cast.office, answered_by="信都区督察办 王科长")
        == 3
    )
    confirmed = Complaint.objects.filter(batch=batch, lead_unit=cast.gov_a)
    assert {c.phone_answered_by for c in confirmed} == {"信都区督察办 王科长"}
    assert Event.objects.filter(action="phone_confirmed").count() == 3
    assert Complaint.objects.get(batch=batch, lead_unit=cast.gov_b).phone_confirmed_at is None
    with pytest.raises(WorkflowError, match="没有待电话确认"):
        workflow.confirm_batch_by_phone(batch, cast.gov_a, by=cast.office, answered_by="再打一次")
    client.force_login(cast.office)
    response = client.post(
        f"/api/inspections/{inspection.code}/batches/{batch.number}/phone",
        {"unit_id": cast.gov_b.pk, "answered_by": "任泽区 李主任"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json() == {"confirmed": 1}
    client.force_login(cast.handler_a)
    response = client.post(
        f"/api/inspections/{inspection.code}/batches/{batch.number}/phone",
        {"unit_id": cast.gov_a.pk, "answered_by": "x"},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed")
def test_the_office_confirms_a_county_with_one_call(page, cast, register, inspection):
    batch = forwarded_batch(cast, register, inspection)
    sign_in(page, "office")
    page.goto(f"/complaints/inspections/{inspection.code}/batches/")
    page.get_by_label("信都区人民政府 接电话人").fill("信都区督察办 王科长")
    page.locator("tr.calls li", has_text="信都区人民政府").get_by_role(
        "button", name="记录本次电话确认"
    ).click()
    expect(page.locator(".messages")).to_contain_text("已电话确认信都区人民政府在第1批中的 3 件")
    expect(page.locator("tr.calls")).not_to_contain_text("信都区人民政府")
    expect(page.locator("tr.calls")).to_contain_text("任泽区人民政府")
    assert Complaint.objects.filter(batch=batch, phone_confirmed_at__isnull=False).count() == 3
