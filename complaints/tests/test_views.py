import pytest

from complaints import workflow


@pytest.fixture
def forwarded(register, walk):
    return walk(register(), "forwarded")


def test_county_b_gets_nothing_of_county_a_on_any_page(cast, client, forwarded):
    client.force_login(cast.handler_b)
    assert client.get(f"/complaints/{forwarded.pk}/").status_code == 404
    assert forwarded.number not in client.get("/complaints/").content.decode()
    assert client.post(f"/complaints/{forwarded.pk}/do/sign_receipt/").status_code == 404
    from django.contrib.auth.models import Permission

    cast.handler_b.user_permissions.add(Permission.objects.get(codename="view_complaint"))
    listed = client.get(f"/admin/complaints/complaint/?q={forwarded.number}")
    assert listed.status_code == 200
    assert f"/admin/complaints/complaint/{forwarded.pk}/change/" not in listed.content.decode()


def test_county_a_handler_sees_it_in_the_inbox_with_masked_reporter(cast, client, forwarded):
    client.force_login(cast.handler_a)
    page = client.get("/complaints/?queue=to_confirm").content.decode()
    assert forwarded.number in page
    detail = client.get(f"/complaints/{forwarded.pk}/").content.decode()
    assert "张*" in detail and "138****1234" in detail
    assert "张三" not in detail and "13812341234" not in detail


def test_the_team_reveals_the_reporter_on_the_page_and_it_is_logged(cast, client, forwarded):
    client.force_login(cast.inspector)
    response = client.post(f"/complaints/{forwarded.pk}/reporter/")
    assert "张三" in response.content.decode()
    client.force_login(cast.office)
    assert client.post(f"/complaints/{forwarded.pk}/reporter/").status_code == 403


def test_no_reporter_on_public_pages_or_tracking(cast, client, register, walk, inspection):
    complaint = walk(register(), "closed")
    workflow.publish_batch(complaint.batch, by=cast.office)
    client.logout()
    for url in (
        f"/portal/{inspection.code}/disclosure/",
        f"/portal/{inspection.code}/disclosure/1/",
        f"/portal/track/?code={complaint.tracking_code}",
    ):
        body = client.get(url).content.decode()
        assert complaint.number in body
        assert "张" not in body.split("<main")[1] and "1381234" not in body and "138****" not in body


def test_intake_form_registers_without_reload_and_repeats_once(cast, client, inspection):
    client.force_login(cast.inspector)
    data = {
        "inspection": inspection.code,
        "channel": "D",
        "text": "任泽区某饭店油烟直排扰民",
        "region": "130505",
        "idempotency_key": "form-1",
    }
    first = client.post("/complaints/new/", data, headers={"HX-Request": "true"})
    again = client.post("/complaints/new/", data, headers={"HX-Request": "true"})
    assert "已受理" in first.content.decode() and "<html" not in first.content.decode()
    assert inspection.complaints.count() == 1 and "已受理" in again.content.decode()


def test_handler_cannot_act_for_the_office(cast, client, forwarded):
    client.force_login(cast.handler_a)
    assert client.post(f"/complaints/{forwarded.pk}/do/phone/", {"answered_by": "x"}).status_code == 403


def test_statistics_page_shows_the_funnel(cast, client, register, walk, inspection):
    walk(register(), "closed")
    client.force_login(cast.leader)
    body = client.get(f"/complaints/inspections/{inspection.code}/statistics/").content.decode()
    for word in ("收到", "合并重复后", "转办", "阶段性办结", "echarts.min.js"):
        assert word in body


def test_a_receipt_scan_is_downloaded_only_within_scope(cast, client, forwarded):
    from django.core.files.uploadedfile import SimpleUploadedFile

    scan = SimpleUploadedFile("回执.pdf", b"%PDF-1.4 signed receipt", content_type="application/pdf")
    workflow.upload_receipt_scan(forwarded, by=cast.handler_a, upload=scan)
    client.force_login(cast.handler_a)
    response = client.get(f"/complaints/{forwarded.pk}/receipt-scan/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 signed receipt"
    client.force_login(cast.handler_b)
    assert client.get(f"/complaints/{forwarded.pk}/receipt-scan/").status_code == 404


def test_the_transfer_order_and_receipt_are_official_documents_with_a_page_per_unit(
    client, cast, inspection, register
):
    import io

    from docx import Document

    from complaints import workflow
    from ducha.tests.test_official import docx_facts

    first = register("信都区某化工厂夜间偷排废水")
    second = register("任泽区某砖厂粉尘污染严重", region=cast.county_b)
    for complaint in (first, second):
        workflow.accept_complaint(complaint, by=cast.inspector)
    batch = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(batch, [first, second], by=cast.inspector)
    workflow.issue_batch(batch, by=cast.inspector)
    client.force_login(cast.office)
    url = f"/complaints/inspections/{inspection.code}/batches/{batch.number}/order/"
    for kind in ("", "&kind=receipt"):
        content = client.get(f"{url}?format=docx{kind}").content
        facts = docx_facts(content)
        assert facts["a4"] and facts["page_numbers"]
        xml = Document(io.BytesIO(content)).element.xml
        assert xml.count('w:type="page"') == 1  # two units: one page break between them
    assert client.get(f"{url}?format=pdf").content.startswith(b"%PDF")


def test_the_city_forwards_with_its_own_order_to_each_county(client, cast, inspection, register):
    """Issue 15, item 6: 以邢台市保障工作组交办令形式1小时内转交相关县 (seed 004)."""
    import io

    from docx import Document

    from complaints import workflow

    first = register("信都区某化工厂夜间偷排废水")
    second = register("任泽区某砖厂粉尘污染严重", region=cast.county_b)
    for complaint in (first, second):
        workflow.accept_complaint(complaint, by=cast.inspector)
    batch = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(batch, [first, second], by=cast.inspector)
    workflow.issue_batch(batch, by=cast.inspector)
    workflow.forward_complaints([first, second], by=cast.office)
    url = f"/complaints/inspections/{inspection.code}/batches/{batch.number}/order/?format=docx&kind=city"
    client.force_login(cast.office)
    page = client.get(f"/complaints/inspections/{inspection.code}/batches/").content.decode()
    assert "交办令（Word）" in page
    document = Document(io.BytesIO(client.get(url).content))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "邢台市保障工作组交办令" in text
    assert "信都区人民政府" in text and "任泽区人民政府" in text
    assert "邢台市保障工作组（邢台市）规定：3 自然日" in text and first.number in text
    client.force_login(cast.handler_a)
    assert client.get(url).status_code in (403, 404)
