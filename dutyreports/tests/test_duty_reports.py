"""Annual duty reports: who owes one, submission and review, late marks, reminders, documents, scope."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.tests.test_official import docx_facts
from dutyreports import workflow
from dutyreports.models import Report, ReportStatus
from dutyreports.tasks import remind_duty_reports
from notices.models import Notification
from organisations.models import Unit, UnitKind

pytestmark = pytest.mark.django_db
DAY = dt.datetime(2027, 1, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def year(cast):
    Unit.objects.create(name="邢台市环境保护局", kind=UnitKind.DEPARTMENT, region=cast.xingtai)
    Unit.objects.create(name="中共信都区委", kind=UnitKind.PARTY_COMMITTEE, region=cast.county_a)
    with time_machine.travel(DAY, tick=False):
        return workflow.open_year(by=cast.office, region=cast.xingtai, year=2026, due_on=dt.date(2027, 1, 31))


def test_the_year_lists_every_county_committee_government_and_city_department(cast, year):
    names = set(Report.objects.filter(cycle=year).values_list("unit__name", flat=True))
    assert names == {"中共信都区委", "信都区人民政府", "任泽区人民政府", "邢台市环境保护局"}
    with pytest.raises(WorkflowError, match="已经布置"):
        workflow.open_year(by=cast.office, region=cast.xingtai, year=2026, due_on=dt.date(2027, 1, 31))
    with pytest.raises(PermissionDeniedError):
        workflow.open_year(by=cast.handler_a, region=cast.xingtai, year=2025, due_on=dt.date(2026, 1, 31))
    with pytest.raises(WorkflowError, match="按设区的市"):
        workflow.open_year(by=cast.office, region=cast.county_a, year=2025, due_on=dt.date(2026, 1, 31))


def test_a_unit_submits_the_office_returns_and_then_accepts(
    client, cast, year, django_capture_on_commit_callbacks
):
    report = Report.objects.get(cycle=year, unit=cast.gov_a)
    with pytest.raises(PermissionDeniedError):
        workflow.submit(report, by=cast.handler_b, title="t", body="b")
    with pytest.raises(WorkflowError, match="正文或上传"):
        workflow.submit(report, by=cast.handler_a, title="t")
    with time_machine.travel(DAY, tick=False):
        client.force_login(cast.handler_a)
        upload = SimpleUploadedFile("信都区2026年度环保履职报告.docx", b"PK\x03\x04 word")
        response = client.post(
            f"/duty-reports/{report.pk}/",
            {"action": "submit", "title": "信都区2026年度环保履职报告", "attachment": upload},
        )
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED and not report.submitted_late
        assert client.get(f"/duty-reports/{report.pk}/?file=1").status_code == 200
        with pytest.raises(WorkflowError, match="须写明意见"):
            workflow.review(report, by=cast.office, accept=False, comment="")
        with django_capture_on_commit_callbacks(execute=True):
            workflow.review(report, by=cast.office, accept=False, comment="缺少责任追究情况")
        assert Notification.objects.filter(user=cast.handler_a, title__contains="退回修改").exists()
    with time_machine.travel(DAY + dt.timedelta(days=15), tick=False):
        report = workflow.submit(
            report,
            by=cast.handler_a,
            title="信都区2026年度环保履职报告（修改稿）",
            body="六、责任追究情况：问责 3 人",
        )
        assert report.submitted_late and report.status == ReportStatus.SUBMITTED
        with pytest.raises(PermissionDeniedError):
            workflow.review(report, by=cast.handler_a, accept=True, comment="")
        report = workflow.review(report, by=cast.office, accept=True, comment="已阅")
    assert report.status == ReportStatus.ACCEPTED and report.returns == 1
    with pytest.raises(WorkflowError, match="不能再次提交"):
        workflow.submit(report, by=cast.handler_a, title="x", body="y")


def test_a_file_of_the_wrong_kind_or_size_is_refused(cast, year):
    report = Report.objects.get(cycle=year, unit=cast.gov_a)
    with pytest.raises(WorkflowError, match="Word、PDF"):
        workflow.submit(report, by=cast.handler_a, title="t", upload=SimpleUploadedFile("report.exe", b"MZ"))
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE and not report.attachment


def test_late_reports_are_red_for_the_office_and_the_unit(client, cast, year):
    with time_machine.travel(DAY + dt.timedelta(days=20), tick=False):
        client.force_login(cast.office)
        page = client.get(f"/duty-reports/?cycle={year.pk}").content.decode()
        assert page.count("逾期未报") >= 4 and "信都区人民政府" in page
        assert client.get("/api/duty-reports?late=true").json()["count"] == 4
        assert "个单位履职报告逾期未报" in client.get("/").content.decode()
        client.force_login(cast.handler_a)
        assert "份履职报告逾期未报" in client.get("/").content.decode()


def test_reminders_are_sent_once_per_stage_and_week(cast, year):
    with time_machine.travel(DAY + dt.timedelta(days=5), tick=False):  # six days before the due date
        sent = remind_duty_reports()
        assert (
            sent == Notification.objects.filter(key__startswith="duty-soon").count() == 3
        )  # handler_a, signer_a, handler_b
        assert remind_duty_reports() == 0
    with time_machine.travel(DAY + dt.timedelta(days=13), tick=False):  # two days late
        remind_duty_reports()
        late = Notification.objects.get(user=cast.handler_a, key__startswith="duty-late")
        assert "已逾期 2 天" in late.title and late.level == "danger"


def test_the_template_and_the_summary_download(client, cast, year):
    from docx import Document

    report = Report.objects.get(cycle=year, unit=cast.gov_a)
    client.force_login(cast.handler_a)
    content = client.get(f"/duty-reports/{report.pk}/?format=docx").content
    assert docx_facts(content)["a4"] and docx_facts(content)["page_numbers"]
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    for heading in ("研究部署情况", "责任追究情况", "长效机制建立情况", "2027年01月31日"):
        assert heading in text
    client.force_login(cast.office)
    response = client.get(f"/duty-reports/?cycle={year.pk}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("序号", "报告单位", "所属区域", "状态") and len(rows) == 2 + 4


def test_a_unit_sees_only_its_own_report(client, cast, year):
    other = Report.objects.get(cycle=year, unit=cast.gov_b)
    client.force_login(cast.handler_a)
    assert client.get(f"/duty-reports/{other.pk}/").status_code == 404
    assert client.get(f"/api/duty-reports/{other.pk}").status_code == 404
    assert client.get("/api/duty-reports").json()["count"] == 1
    assert client.get(f"/duty-reports/?cycle={year.pk}&format=xlsx").status_code == 403
