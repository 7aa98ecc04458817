"""Closing the inspection builds its archive (index, manifest, checksums, files, documents) and makes its data
read-only everywhere."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ducha.errors import WorkflowError
from fieldwork import archive, workflow
from fieldwork.models import Archive
from fieldwork.tests.conftest import pdf
from inspections import workflow as inspections

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def finished(cast, inspection, request_to_a, second_inspector):
    """An inspection whose stay, report and ledger are done: requests answered, a site visit, a delivered report."""
    workflow.upload_document(
        inspection, by=cast.province, kind="handbook", title="督察工作手册", upload=pdf("手册.pdf")
    )
    for item in request_to_a.items.all():
        workflow.upload_to_item(item, by=cast.handler_a, uploads=[pdf(f"第{item.number}项.pdf")])
    workflow.submit_request(request_to_a, by=cast.handler_a)
    visit = workflow.record_site_visit(inspection, by=cast.inspector, day=timezone.localdate(), place="七里河东岸某砖厂",
                                       region=cast.county_a, visitors="张晓平", seen="=HYPERLINK(\"x\") 料场未苫盖",
                                       photos=[SimpleUploadedFile("料场.png", PNG, content_type="image/png")])  # fmt: skip
    finding = workflow.record_finding(
        inspection,
        by=cast.inspector,
        text="砖厂料场未苫盖",
        source_kind="site",
        source=visit,
        unit=cast.gov_a,
    )
    report = workflow.create_report(
        inspection, by=cast.inspector, region=cast.xingtai, title="督察反馈意见", addressee="邢台市委、市政府"
    )
    workflow.set_report_findings(report, by=cast.inspector, finding_ids=[finding.pk])
    workflow.submit_report(report, by=cast.inspector)
    workflow.review_report(report, by=cast.province, approved=True)
    workflow.sign_report(report, by=second_inspector)
    workflow.deliver_report(report, by=cast.province)
    for stage in ("stationed", "report", "feedback", "handover", "rectification"):
        inspections.change_stage(inspection, by=cast.province, to_stage=stage)
    return inspection


def test_what_still_runs_keeps_the_inspection_open(cast, finished, register, client):
    register("信都区某厂夜间偷排")
    assert archive.blockers(finished) == ["1 件举报尚未办结"]
    with pytest.raises(WorkflowError, match="尚不能归档：1 件举报尚未办结"):
        archive.close_inspection(finished, by=cast.province, retention="permanent")
    client.force_login(cast.province)
    assert "1 件举报尚未办结" in client.get(f"/fieldwork/{finished.code}/archive/").content.decode()


def test_the_archive_holds_every_file_with_its_checksum(
    cast, client, finished, django_capture_on_commit_callbacks
):
    with pytest.raises(WorkflowError, match="立卷归档"):
        inspections.change_stage(finished, by=cast.province, to_stage="archived")
    with pytest.raises(Exception, match="督察办"):
        archive.close_inspection(finished, by=cast.inspector, retention="permanent")
    client.force_login(cast.province)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fieldwork/{finished.code}/archive/", {"retention": "30y"})
    row = Archive.objects.get()
    assert row.status == "ready" and row.get_retention_display() == "30年"
    page = client.get(f"/fieldwork/{finished.code}/archive/").content.decode()
    assert "已归档" in page and row.sha256 in page
    download = client.get(f"/fieldwork/{finished.code}/archive/?download=1")
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == row.sha256
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        sums = dict(reversed(line.split("  ", 1)) for line in zf.read("SHA256SUMS").decode().splitlines())
        for entry in manifest["entries"]:
            assert (
                hashlib.sha256(zf.read(entry["path"])).hexdigest() == entry["sha256"] == sums[entry["path"]]
            )
        index = list(csv.reader(io.StringIO(zf.read("目录.csv").decode("utf-8-sig"))))
        visits = zf.read("tables/实地检查.csv").decode("utf-8-sig")
    assert manifest["retention"] == "30年" and len(manifest["entries"]) == row.entries == len(index) - 1
    assert any(n.startswith("files/requests/") and n.endswith("第1项.pdf") for n in names)
    assert any(n.startswith("files/sites/") for n in names) and any(
        n.startswith("files/work/") for n in names
    )
    assert "documents/督察反馈意见.docx" in names and "tables/发现问题.csv" in names
    assert "'=HYPERLINK" in visits  # a formula stays text


def test_archived_data_is_read_only(cast, client, finished, register, django_capture_on_commit_callbacks):
    from complaints import workflow as complaints
    from rectification.models import FeedbackReport

    with django_capture_on_commit_callbacks(execute=True):
        archive.close_inspection(finished, by=cast.province, retention="permanent")
    finished.refresh_from_db()
    assert finished.stage == "archived"
    with pytest.raises(WorkflowError, match="只读"):
        workflow.add_focus(finished, by=cast.province, title="补充重点")
    with pytest.raises(WorkflowError, match="归档"):
        complaints.register_complaint(
            by=cast.inspector,
            inspection=finished,
            channel="D",
            text="信都区某厂冒黑烟很久了",
            region=cast.county_a,
        )
    with pytest.raises(WorkflowError, match="归档"):
        inspections.change_stage(finished, by=cast.province, to_stage="rectification", note="重开")
    ledger = FeedbackReport.objects.get()
    ledger.title = "改过的标题"
    with pytest.raises(WorkflowError, match="只读"):
        ledger.save()
    client.force_login(cast.province)
    answer = client.post(
        f"/fieldwork/{finished.code}/", {"action": "focus", "title": "补充重点"}, follow=True
    )
    assert "只读" in answer.content.decode()
    assert finished.focus_areas.count() == 0
