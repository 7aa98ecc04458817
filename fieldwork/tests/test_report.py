"""Findings become the feedback report, which goes through review and sign-off and, delivered, opens loop B with
one problem per finding; clues go to 移交移送."""

import io

import pytest
from docx import Document

from fieldwork import workflow
from fieldwork.models import Finding, ReportStatus, SourceKind
from fieldwork.tests.conftest import pdf
from inspections import workflow as inspections
from rectification.models import FeedbackReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding(cast, inspection, request_to_a):
    item = request_to_a.items.first()
    workflow.upload_to_item(item, by=cast.handler_a, uploads=[pdf()])
    workflow.submit_request(request_to_a, by=cast.handler_a)
    focus = workflow.add_focus(
        inspection, by=cast.inspector, title="市县党委、政府落实“党政同责”“一岗双责”的情况"
    )
    return workflow.record_finding(
        inspection, by=cast.inspector, text="信都区未将环境保护工作纳入年度考核，责任分工文件流于形式",
        source_kind=SourceKind.DOCUMENT, source=item, unit=cast.gov_a, focus=focus, evidence="分工文件第3页",
    )  # fmt: skip


def test_a_finding_goes_through_the_report_into_the_ledger(
    cast, client, inspection, finding, second_inspector
):
    report = workflow.create_report(inspection, by=cast.inspector, region=cast.xingtai, title="第十一督察组督察邢台市反馈意见",
                                    addressee="邢台市委、市政府", copy_to="省环境保护督察办公室", opening="督察组认为……")  # fmt: skip
    with pytest.raises(Exception, match="还没有问题"):
        workflow.submit_report(report, by=cast.inspector)
    workflow.set_report_findings(report, by=cast.inspector, finding_ids=[finding.pk])
    workflow.submit_report(report, by=cast.inspector)
    with pytest.raises(Exception, match="督察办"):
        workflow.review_report(report, by=cast.inspector, approved=True)
    with pytest.raises(Exception, match="理由"):
        workflow.review_report(report, by=cast.province, approved=False)
    workflow.review_report(report, by=cast.province, approved=False, note="问题表述须写明时间")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFTING and report.review_note == "问题表述须写明时间"
    workflow.submit_report(report, by=cast.inspector)
    workflow.review_report(report, by=cast.province, approved=True)
    with pytest.raises(Exception, match="起草提交人不能签发"):
        workflow.sign_report(report, by=cast.inspector)
    workflow.sign_report(report, by=second_inspector)

    client.force_login(cast.province)
    word = client.get(f"/fieldwork/reports/{report.pk}/?format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "邢台市委、市政府" in text and "信都区未将环境保护工作纳入年度考核" in text and "党政同责" in text
    client.post(f"/fieldwork/reports/{report.pk}/", {"action": "deliver"})
    report.refresh_from_db()
    assert report.status == ReportStatus.DELIVERED
    ledger = FeedbackReport.objects.get(pk=report.feedback_report_id)
    problem = ledger.problems.get()
    assert problem.text == finding.text and problem.number == 1 and problem.category.startswith("市县党委")
    finding.refresh_from_db()
    assert finding.problem_id == problem.pk
    # The ledger shows it, and the focus area counts it as covered and carried into rectification.
    assert finding.text in client.get(f"/rectification/reports/{ledger.pk}/").content.decode()
    page = client.get(f"/fieldwork/{inspection.code}/").content.decode()
    assert "党政同责" in page


def test_a_finding_must_name_a_source_of_this_inspection_and_a_unit_in_it(
    cast, inspection, make_inspection, register
):
    other = make_inspection("HB-2018-OTHER", xingtai_rule=False)
    stray = register("任泽区某砖厂冒黑烟", region=cast.county_b)
    from complaints import workflow as complaints

    elsewhere, _ = complaints.register_complaint(by=cast.inspector, inspection=other, channel="D", text="邢台某厂偷排废水",
                                                 region=cast.county_a)  # fmt: skip
    with pytest.raises(Exception, match="来源"):
        workflow.record_finding(
            inspection,
            by=cast.inspector,
            text="x",
            source_kind=SourceKind.COMPLAINT,
            source=elsewhere,
            unit=cast.gov_a,
        )
    with pytest.raises(Exception, match="不在本次督察范围"):
        workflow.record_finding(
            inspection,
            by=cast.inspector,
            text="x",
            source_kind=SourceKind.COMPLAINT,
            source=stray,
            unit=cast.handan_gov,
        )
    with pytest.raises(Exception, match="督察组"):
        workflow.record_finding(
            inspection,
            by=cast.handler_a,
            text="x",
            source_kind=SourceKind.COMPLAINT,
            source=stray,
            unit=cast.gov_b,
        )
    found = workflow.record_finding(
        inspection,
        by=cast.inspector,
        text="砖厂无组织排放",
        source_kind=SourceKind.COMPLAINT,
        source=stray,
        unit=cast.gov_b,
    )
    assert found.number == 1 and Finding.objects.count() == 1


def test_a_clue_is_transferred_from_the_finding(cast, inspection, finding):
    with pytest.raises(Exception, match="移交移送"):
        workflow.transfer_finding(
            finding, by=cast.province, receiver_kind="discipline", receiver="邢台市纪委监委"
        )
    for stage in ("stationed", "report", "feedback", "handover"):
        inspections.change_stage(inspection, by=cast.province, to_stage=stage)
    transfer = workflow.transfer_finding(
        finding, by=cast.province, receiver_kind="discipline", receiver="邢台市纪委监委"
    )
    finding.refresh_from_db()
    assert finding.clue_transfer == transfer and finding.is_clue and "分工文件第3页" in transfer.description
    with pytest.raises(Exception, match="已移交"):
        workflow.transfer_finding(
            finding, by=cast.province, receiver_kind="discipline", receiver="邢台市纪委监委"
        )
