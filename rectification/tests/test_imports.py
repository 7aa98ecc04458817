"""Imports are bounded and large ones run in the background (issue 9, item 6)."""

import io
import zipfile

import pytest
from django.urls import reverse

from imports.models import ImportJob, JobStatus
from rectification.models import Task
from rectification.tests.test_excel import GOOD, ledger_file


@pytest.fixture
def office(cast, client):
    client.force_login(cast.office)
    return client


def _post(client, report, path_or_bytes, name="ledger.xlsx"):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    upload = SimpleUploadedFile(name, data)
    return client.post(f"/api/rectification/reports/{report.pk}/ledger", {"file": upload})


def _bomb(tmp_path) -> bytes:
    """A real ledger whose worksheet is padded with 30 MB of one repeated character: about 30 KB zipped."""
    source = zipfile.ZipFile(ledger_file(tmp_path, GOOD))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData><!--" + b"A" * 30_000_000 + b"-->", 1)
            target.writestr(item.filename, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_parsed(cast, report, office, tmp_path):
    bomb = _bomb(tmp_path)
    assert len(bomb) < 200_000
    response = _post(office, report, bomb)
    assert response.status_code == 400
    assert "压缩" in response.json()["detail"] and response.json()["errors"][0]["field"] == "file"
    assert Task.objects.count() == 0 and not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(cast, report, office, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = _post(office, report, ledger_file(tmp_path, GOOD))
    assert response.status_code == 400 and "MB 上限" in response.json()["detail"]


def test_rows_beyond_the_limit_change_nothing(cast, report, office, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    response = _post(office, report, ledger_file(tmp_path, GOOD))
    assert response.status_code == 400 and "超过 3 行上限" in response.json()["detail"]
    assert Task.objects.count() == 0


def test_the_time_limit_stops_an_import_and_writes_nothing(cast, report, office, tmp_path, settings):
    settings.IMPORT_INLINE_SECONDS = 0
    response = _post(office, report, ledger_file(tmp_path, GOOD))
    assert response.status_code == 400 and "秒上限" in response.json()["detail"]
    assert Task.objects.count() == 0
    assert ImportJob.objects.get().status == JobStatus.FAILED


def test_the_real_reason_comes_back(cast, report, office, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["编号", "内容"])
    workbook.active.append([1, "某县政府未按期完成整改"])
    path = tmp_path / "no-header.xlsx"
    workbook.save(path)
    response = _post(office, report, str(path))
    assert response.status_code == 400 and "表格缺少表头" in response.json()["detail"]
    not_a_workbook = _post(office, report, b"%PDF-1.4 not a workbook", name="ledger.xlsx")
    assert not_a_workbook.status_code == 400 and ".xlsx" in not_a_workbook.json()["detail"]


def test_a_large_import_runs_as_a_job_with_progress_and_a_result(
    cast, report, office, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_ROWS = 2
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _post(office, report, ledger_file(tmp_path, GOOD))
    assert response.status_code == 202
    job = ImportJob.objects.get()
    assert response.json()["job_url"] == f"/api/imports/{job.pk}"
    page = office.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "<progress" in page and "排队中" in page and 'hx-trigger="every 1s"' in page
    assert Task.objects.count() == 0
    for callback in queued:  # the Huey consumer picks the job up (tests run tasks inline)
        callback()
    state = office.get(f"/api/imports/{job.pk}").json()
    assert state["status"] == "done" and state["created"] == 4
    page = office.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "已导入" in page and "<progress" not in page
    assert Task.objects.count() == 4


def test_a_job_with_errors_lists_them_by_row_and_column_and_writes_nothing(
    cast, report, office, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_ROWS = 2
    rows = [*GOOD, (9, "问题", "", "", "邯郸市人民政府", "", "", "明年", "", "")]
    with django_capture_on_commit_callbacks(execute=True):
        _post(office, report, ledger_file(tmp_path, rows))
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED and Task.objects.count() == 0
    page = office.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "第 7 行" in page and "完成时限" in page and "未导入任何内容" in page


def test_another_county_cannot_see_the_job(cast, report, office, tmp_path, client):
    _post(office, report, ledger_file(tmp_path, GOOD))
    job = ImportJob.objects.get()
    client.force_login(cast.handler_b)
    assert client.get(f"/api/imports/{job.pk}").status_code == 404
    assert client.get(reverse("import_job", args=[job.pk])).status_code == 404


def test_a_job_whose_consumer_died_is_marked_failed(cast, report, office, tmp_path, settings):
    import datetime as dt

    from django.utils import timezone

    from imports.tasks import fail_abandoned_jobs

    settings.IMPORT_INLINE_ROWS = 2
    _post(office, report, ledger_file(tmp_path, GOOD))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=2)
    )
    fail_abandoned_jobs.call_local()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "中断" in job.message
