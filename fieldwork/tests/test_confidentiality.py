"""Interview names and notes are confidential to the team, like complainants' identities: encrypted at rest,
masked everywhere else, revealed to the team one at a time with an event, never in exports, documents or admin."""

import io
import zipfile

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import Event
from fieldwork import workflow
from fieldwork.models import Interview

pytestmark = pytest.mark.django_db

NAME, NOTES = "王建军", "王某反映该局2015年曾压下一起偷排案件不予立案，案卷在执法支队"


@pytest.fixture
def interview(cast, inspection):
    return workflow.record_interview(
        inspection, by=cast.inspector, kind="talk", person=NAME, post="市环保局执法支队支队长", unit_name="邢台市环境保护局",
        held_at=timezone.now(), interviewers="张晓平、郜玉兰", notes=NOTES, region=cast.xingtai,
    )  # fmt: skip


def test_the_database_holds_neither_name_nor_notes_in_clear(interview):
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_secret, notes_secret, person_masked FROM fieldwork_interview")
        row = cursor.fetchone()
    assert NAME not in " ".join(row) and "偷排" not in " ".join(row) and row[2] == "王**"


def test_pages_show_the_team_a_masked_list_and_each_view_is_logged(cast, client, inspection, interview):
    client.force_login(cast.inspector)
    page = client.get(f"/fieldwork/{inspection.code}/gathering/").content.decode()
    assert "王**" in page and NAME not in page and "偷排" not in page
    assert (
        client.get(f"/fieldwork/interviews/{interview.pk}/reveal/").status_code == 403
    )  # GET reveals nothing
    shown = client.post(f"/fieldwork/interviews/{interview.pk}/reveal/").content.decode()
    assert NAME in shown and "偷排" in shown
    assert (
        Event.objects.filter(
            action="interview_viewed", actor=cast.inspector, subject_id=str(interview.pk)
        ).count()
        == 1
    )

    # The office works on the same inspection, but interviews are the team's alone.
    client.force_login(cast.province)
    page = client.get(f"/fieldwork/{inspection.code}/gathering/").content.decode()
    assert "王**" not in page and NAME not in page
    assert client.post(f"/fieldwork/interviews/{interview.pk}/reveal/").status_code == 403
    client.force_login(cast.handler_a)
    assert client.post(f"/fieldwork/interviews/{interview.pk}/reveal/").status_code in (403, 404)
    assert client.get(f"/fieldwork/{inspection.code}/gathering/").status_code in (403, 404)
    assert Event.objects.filter(action="interview_viewed").count() == 1


def test_the_api_lists_masked_rows_and_reveals_only_to_the_team(cast, client, inspection, interview):
    client.force_login(cast.inspector)
    rows = client.get(f"/api/fieldwork/inspections/{inspection.code}/interviews").json()["items"]
    assert rows[0]["person"] == "王**" and "notes" not in rows[0] and NAME not in str(rows)
    assert client.post(f"/api/fieldwork/interviews/{interview.pk}/reveal").json()["notes"] == NOTES
    client.force_login(cast.province)
    assert client.get(f"/api/fieldwork/inspections/{inspection.code}/interviews").status_code == 403
    assert client.post(f"/api/fieldwork/interviews/{interview.pk}/reveal").status_code == 403
    client.force_login(cast.handler_b)
    assert client.post(f"/api/fieldwork/interviews/{interview.pk}/reveal").status_code in (403, 404)
    assert Event.objects.filter(action="interview_viewed").count() == 1


def test_admin_shows_neither(cast, client, interview):
    client.force_login(cast.root)
    listing = client.get("/admin/fieldwork/interview/").content.decode()
    detail = client.get(f"/admin/fieldwork/interview/{interview.pk}/change/").content.decode()
    for page in (listing, detail):
        assert NAME not in page and "偷排" not in page and interview.notes_secret not in page


def test_documents_and_the_archive_leave_them_out(
    cast, client, inspection, interview, django_capture_on_commit_callbacks
):
    from fieldwork import archive
    from fieldwork.models import Archive

    finding = workflow.record_finding(inspection, by=cast.inspector, text="执法支队压案不查", source_kind="interview",
                                      source=interview, unit=cast.city_gov)  # fmt: skip
    report = workflow.create_report(
        inspection, by=cast.inspector, region=cast.xingtai, title="反馈意见", addressee="邢台市委、市政府"
    )
    workflow.set_report_findings(report, by=cast.inspector, finding_ids=[finding.pk])
    client.force_login(cast.inspector)
    from docx import Document

    word = Document(io.BytesIO(client.get(f"/fieldwork/reports/{report.pk}/?format=docx").content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "执法支队压案不查" in text and NAME not in text and "压下一起" not in text
    report.status = "delivered"
    report.save()
    Interview.objects.filter(pk=interview.pk).update(inspection=inspection)
    for stage in ("stationed", "report", "feedback", "handover", "rectification"):
        from inspections import workflow as inspections

        inspections.change_stage(inspection, by=cast.province, to_stage=stage)
    with django_capture_on_commit_callbacks(execute=True):
        archive.close_inspection(inspection, by=cast.province, retention="permanent")
    row = Archive.objects.get()
    with row.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
    assert "王**".encode() in everything  # listed, masked
    assert NAME.encode() not in everything and "压下一起".encode() not in everything
