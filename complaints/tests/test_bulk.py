"""Several complaints at once from the list: accept, forward, urge (issue 14)."""

import pytest

from complaints import workflow
from complaints.models import Complaint, Status
from notices.models import Notification

pytestmark = pytest.mark.django_db


def test_accept_forward_and_urge_several_at_once(cast, client, register, inspection):
    fresh = [register(f"信都区某企业第{i}处排污问题，群众反映多次") for i in range(3)]
    client.force_login(cast.inspector)
    page = client.get(f"/complaints/?inspection={inspection.code}").content.decode()
    assert 'name="complaints"' in page and "受理所选" in page and "转办所选" not in page
    response = client.post(
        "/complaints/bulk/",
        {"action": "accept", "complaints": [c.pk for c in fresh], "next": "/complaints/"},
        follow=True,
    )
    assert "已受理 3 件" in response.content.decode()
    assert set(Complaint.objects.values_list("status", flat=True)) == {Status.ACCEPTED}
    # Accepting again says why nothing happened.
    response = client.post(
        "/complaints/bulk/", {"action": "accept", "complaints": [fresh[0].pk]}, follow=True
    )
    assert "0 件" in response.content.decode() and "未受理" in response.content.decode()

    batch = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(batch, fresh, by=cast.inspector)
    workflow.issue_batch(batch, by=cast.inspector)
    client.force_login(cast.office)
    response = client.post(
        "/complaints/bulk/", {"action": "forward", "complaints": [c.pk for c in fresh]}, follow=True
    )
    assert "已转办 3 件至信都区人民政府" in response.content.decode()
    response = client.post(
        "/complaints/bulk/",
        {"action": "urge", "complaints": [c.pk for c in fresh], "note": "今天下班前签收"},
        follow=True,
    )
    assert "已催办 3 件" in response.content.decode()
    urge = Notification.objects.get(user=cast.handler_a, title="督察办催办：3 件举报件请抓紧办理")
    assert "今天下班前签收" in urge.body
    # A second urge the same day for the same items is one message, not two.
    client.post("/complaints/bulk/", {"action": "urge", "complaints": [c.pk for c in fresh]})
    assert Notification.objects.filter(user=cast.handler_a, title__startswith="督察办催办").count() == 1
    # A handler cannot bulk-forward.
    client.force_login(cast.handler_a)
    response = client.post(
        "/complaints/bulk/", {"action": "forward", "complaints": [fresh[0].pk]}, follow=True
    )
    assert response.status_code in (200, 403)
    assert Complaint.objects.get(pk=fresh[0].pk).status == Status.FORWARDED
