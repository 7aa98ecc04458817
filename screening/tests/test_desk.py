"""The document desk: a scraped page or a Word file in, clean text, figures and a draft ledger out."""

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rectification import workflow
from rectification.models import Problem

pytestmark = pytest.mark.django_db

REPORT = """省委第二環境保護督察組向邢臺市反饋督察意見
2019年5月6日至6月6日，督察組對邢臺市開展了環境保護督察，並於2019年8月28日反饋(kuì)督察意見。
二、主要問題
（一）突出環境問題整改不力
1. 城區黑臭水體整治滯後，6條中仍有4條未達標。
2. 沿河89家養殖場糞污直排。
三、整改要求
應在30個工作日內報送整改方案，2019年12月底前完成第一階段任務。"""


def word_file(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def report(cast, make_inspection):
    inspection = make_inspection(
        "HB-2019-XT", stationed_from=dt.date(2019, 5, 6), stationed_until=dt.date(2019, 6, 6)
    )
    return workflow.create_report(
        by=cast.office, inspection=inspection, region=cast.xingtai, title="省督察组反馈邢台市督察意见",
        delivered_on=dt.date(2019, 8, 28), text="",
    )  # fmt: skip


def test_a_word_file_comes_out_clean_with_figures_and_problems(cast, client, report):
    client.force_login(cast.office)
    upload = SimpleUploadedFile("反馈意见.docx", word_file(REPORT))
    body = client.post("/screening/documents/", {"file": upload}).content.decode()
    assert "城区黑臭水体整治滞后" in body and "(kuì)" not in body and "環境" not in body
    assert "30个工作日内" in body and "2019年12月底前" in body and "89家养殖场" in body
    assert "整改台账草稿" in body and "突出环境问题整改不力" in body


def test_the_office_confirms_the_draft_into_the_report(cast, client, report):
    workflow.add_problem(report, by=cast.office, text="已有的问题")
    client.force_login(cast.office)
    response = client.post(
        "/screening/documents/problems/",
        {"report": report.pk, "problem": ["城区黑臭水体整治滞后。", "沿河养殖场粪污直排。"],
         "category": ["突出环境问题整改不力", "突出环境问题整改不力"], "take": ["1"]},
    )  # fmt: skip
    assert response.status_code == 302 and response.url == f"/rectification/reports/{report.pk}/"
    assert list(Problem.objects.filter(report=report).values_list("number", "text", "category")) == [
        (1, "已有的问题", ""),
        (2, "沿河养殖场粪污直排。", "突出环境问题整改不力"),
    ]


def test_bad_uploads_are_refused_with_a_reason(cast, client):
    client.force_login(cast.office)
    response = client.post("/screening/documents/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert response.status_code == 400 and "只支持 .txt 和 .docx 文件" in response.content.decode()
    response = client.post("/screening/documents/", {"file": SimpleUploadedFile("a.docx", b"not a zip")})
    assert response.status_code == 400 and "无法读取该 Word 文件" in response.content.decode()
    gbk = "動(dòng)員會(huì)".encode("gb18030")
    body = client.post("/screening/documents/", {"file": SimpleUploadedFile("a.txt", gbk)}).content.decode()
    assert "动员会" in body
    client.force_login(cast.handler_a)
    assert client.get("/screening/documents/").status_code == 403


def test_the_api_reads_a_document(cast, client):
    client.force_login(cast.inspector)
    data = client.post("/api/screening/documents", {"text": REPORT}, content_type="application/json").json()
    assert data["text"].startswith("省委第二环境保护督察组向邢台市反馈督察意见")
    assert {"kind": "deadline", "text": "30个工作日内"} in data["figures"]
    assert [p["number"] for p in data["problems"]] == [1, 2]
    response = client.post("/api/screening/documents", {"text": ""}, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "text"
