"""Notifications are done when the work is done, and their links open (issue 14)."""

import pytest

from complaints import workflow
from notices.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(cast, make_inspection):
    inspection = make_inspection(round_number=3)

    def make(text="信都区某化工厂夜间偷排废水，河水发黑发臭"):
        complaint, _ = workflow.register_complaint(
            by=cast.inspector, inspection=inspection, text=text, region=cast.county_a, channel="D"
        )
        return complaint

    make.inspection = inspection
    return make


def test_notifications_settle_as_the_complaint_moves_on_and_their_links_open(cast, client, register):
    complaint = register()
    workflow.accept_complaint(complaint, by=cast.inspector)
    batch = workflow.create_batch(register.inspection, by=cast.inspector)
    workflow.add_to_batch(batch, [complaint], by=cast.inspector)
    workflow.issue_batch(batch, by=cast.inspector)
    issued = Notification.objects.filter(link__contains="/batches/").latest("pk")
    client.force_login(issued.user)
    assert client.get(issued.link.split("#")[0]).status_code == 200
    workflow.forward_complaints([complaint], by=cast.office)
    received = Notification.objects.filter(user=cast.handler_a).latest("pk")
    assert received.link == "/complaints/?queue=to_confirm" and received.read_at is None
    client.force_login(cast.handler_a)
    assert client.get(received.link).status_code == 200
    workflow.confirm_by_phone(complaint, by=cast.office, answered_by="王科长")
    workflow.sign_receipt(complaint, by=cast.signer_a)
    # The queue the message pointed to is empty now: the next page shows it done.
    page = client.get("/").content.decode()
    received.refresh_from_db()
    assert received.read_at is not None
    workflow.submit_feedback(
        complaint, by=cast.handler_a, findings="经核查属实。", verdict="true", measures="责令整改。",
        handling_state="closed", counters={},
    )  # fmt: skip
    to_sign = Notification.objects.filter(user=cast.signer_a, link=f"/complaints/{complaint.pk}/")
    assert to_sign.exists() and to_sign.filter(read_at__isnull=True).exists()
    workflow.sign_feedback(complaint, by=cast.signer_a)
    assert not to_sign.filter(read_at__isnull=True).exists()
    assert "消息" in page
