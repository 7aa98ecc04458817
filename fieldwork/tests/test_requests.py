"""Document requests: numbered, addressed to one unit, answered only by it, checked item by item, red when late."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from fieldwork import workflow
from fieldwork.models import DocumentRequest, ItemStatus
from fieldwork.tests.conftest import pdf
from notices.models import Notification

pytestmark = pytest.mark.django_db


def test_the_unit_answers_its_own_request_and_the_team_checks_each_item(
    cast, client, inspection, request_to_a
):
    assert request_to_a.number == f"{inspection.code} 调阅〔{timezone.localdate().year}〕1号"
    first, second = request_to_a.items.all()
    # The county is told, and sees it in its list; the neighbouring county does not.
    client.force_login(cast.handler_a)
    assert request_to_a.number in client.get("/fieldwork/requests/").content.decode()
    page = client.post(
        f"/fieldwork/requests/{request_to_a.pk}/",
        {"action": "upload", "item": first.pk, "files": pdf("分工文件.pdf")},
        follow=True,
    )
    assert "分工文件.pdf" in page.content.decode()
    workflow.upload_to_item(second, by=cast.handler_a, uploads=[pdf("执法台账.pdf")])
    client.post(f"/fieldwork/requests/{request_to_a.pk}/", {"action": "submit"})
    request_to_a.refresh_from_db()
    assert request_to_a.submitted_at is not None
    assert Notification.objects.filter(user=cast.inspector, title__contains=request_to_a.number).exists()
    with pytest.raises(Exception, match="已报送"):
        workflow.upload_to_item(first, by=cast.handler_a, uploads=[pdf()])

    client.force_login(cast.handler_b)
    assert request_to_a.number not in client.get("/fieldwork/requests/").content.decode()
    assert client.get(f"/fieldwork/requests/{request_to_a.pk}/").status_code == 404
    assert client.get(f"/api/fieldwork/requests/{request_to_a.pk}").status_code == 404
    with pytest.raises(Exception, match="被调阅单位"):
        workflow.upload_to_item(first, by=cast.handler_b, uploads=[pdf()])

    # The team: the first item received, the second incomplete, which returns the request to the county.
    workflow.mark_item(first, by=cast.inspector, status=ItemStatus.RECEIVED)
    with pytest.raises(Exception, match="缺少什么"):
        workflow.mark_item(second, by=cast.inspector, status=ItemStatus.INCOMPLETE)
    workflow.mark_item(second, by=cast.inspector, status=ItemStatus.INCOMPLETE, remark="缺2016年台账")
    request_to_a.refresh_from_db()
    assert request_to_a.submitted_at is None
    assert Notification.objects.filter(user=cast.handler_a, body__contains="缺2016年台账").exists()
    client.force_login(cast.handler_a)
    page = client.get(f"/fieldwork/requests/{request_to_a.pk}/").content.decode()
    assert "不完整" in page and "缺2016年台账" in page and "报送督察组" in page


def test_a_late_request_is_red_with_text(cast, client, inspection, request_to_a):
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        client.force_login(cast.inspector)
        page = client.get(f"/fieldwork/{inspection.code}/gathering/").content.decode()
        assert "1 份逾期未报送" in page and 'class="overdue"' in page and "逾期" in page
        detail = client.get(f"/fieldwork/requests/{request_to_a.pk}/").content.decode()
        assert "已逾期，尚未报送" in detail
        api = client.get("/api/fieldwork/requests?open=true").json()
        assert api["items"][0]["is_overdue"] is True


def test_bad_requests_are_refused_with_the_field(cast, client, inspection):
    client.force_login(cast.inspector)
    base = {
        "unit_id": cast.gov_a.pk,
        "title": "资料",
        "items": ["a"],
        "due_at": (timezone.now() + dt.timedelta(days=1)).isoformat(),
    }
    answer = client.post(
        f"/api/fieldwork/inspections/{inspection.code}/requests",
        {**base, "due_at": "2020-01-01T00:00:00+08:00"},
        content_type="application/json",
    )
    assert answer.status_code in (400, 409, 422) and "报送期限" in answer.json()["detail"]
    answer = client.post(
        f"/api/fieldwork/inspections/{inspection.code}/requests",
        {**base, "unit_id": cast.handan_gov.pk},
        content_type="application/json",
    )
    assert answer.status_code in (400, 404, 409, 422)
    answer = client.post(
        f"/api/fieldwork/inspections/{inspection.code}/requests",
        {**base, "items": []},
        content_type="application/json",
    )
    assert "至少列出一项" in answer.json()["detail"]
    assert (
        client.post(
            f"/api/fieldwork/inspections/{inspection.code}/requests", base, content_type="application/json"
        ).status_code
        == 201
    )
    assert DocumentRequest.objects.count() == 1
    assert (
        client.get(f"/fieldwork/requests/{DocumentRequest.objects.get().pk}/?format=docx").status_code == 200
    )
