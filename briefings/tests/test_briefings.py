"""Briefings: numbering without gaps, generated and written articles, 审签 by another account, Word and PDF,
and the portal."""

import datetime as dt
import io

import pytest

from briefings import generators, workflow
from briefings.models import ArticleTemplate, Series
from conftest import make_user
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.tests.test_official import docx_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(cast):
    return Series.objects.create(
        office=cast.city_office, name="邢台市环境保护督察整改工作简报", issued_before=26, paper_year=2026,
        paper_year_count=12, main_to="市委、市政府领导同志", copy_to="省环保厅\n各县（市、区）人民政府",
    )  # fmt: skip


@pytest.fixture
def head(cast):
    return make_user("office_head", cast.city_office, "office")


def _ready(cast, series, head, title="本周工作动态"):
    issue = workflow.create_issue(by=cast.office, series=series, date=dt.date(2026, 12, 12), is_public=True)
    workflow.add_article(issue, by=cast.office, title=title, body="第一段。\n第二段。", source="（市环保局）")
    workflow.submit(issue, by=cast.office)
    workflow.sign_off(issue, by=head, approve=True)
    return workflow.issue_briefing(issue, by=cast.office)


def test_issues_are_numbered_per_year_and_overall_on_issue_without_gaps(cast, series, head):
    dropped = workflow.create_issue(by=cast.office, series=series)  # a draft that never goes out
    first = _ready(cast, series, head)
    second = _ready(cast, series, head, title="第二期")
    assert (first.label, second.label) == ("2026年第13期（总第27期）", "2026年第14期（总第28期）")
    assert dropped.number is None and dropped.label == f"{dropped.year}年（待编号）"
    nextyear = workflow.create_issue(by=cast.office, series=series, date=dt.date(2027, 1, 5))
    workflow.add_article(nextyear, by=cast.office, title="新年", body="正文")
    workflow.submit(nextyear, by=cast.office)
    workflow.sign_off(nextyear, by=head, approve=True)
    assert workflow.issue_briefing(nextyear, by=cast.office).label == "2027年第1期（总第29期）"


def test_an_issue_is_signed_off_by_someone_else_before_it_goes_out(cast, series, head):
    issue = workflow.create_issue(by=cast.office, series=series)
    with pytest.raises(WorkflowError, match="至少要有一篇"):
        workflow.submit(issue, by=cast.office)
    workflow.add_article(issue, by=cast.office, title="动态", body="正文")
    with pytest.raises(WorkflowError, match="审签"):
        workflow.issue_briefing(issue, by=cast.office)
    workflow.submit(issue, by=cast.office)
    with pytest.raises(WorkflowError, match="不能修改"):
        workflow.add_article(issue, by=cast.office, title="迟到的文章", body="正文")
    with pytest.raises(PermissionDeniedError, match="编辑人不能审签"):
        workflow.sign_off(issue, by=cast.office, approve=True)
    with pytest.raises(PermissionDeniedError):
        workflow.sign_off(issue, by=cast.handler_a, approve=True)
    workflow.sign_off(issue, by=head, approve=False, comment="请补充整改数据")
    issue.refresh_from_db()
    assert issue.status == "draft"
    workflow.submit(issue, by=cast.office)
    workflow.sign_off(issue, by=cast.leader, approve=True)  # a leader may sign too
    assert workflow.issue_briefing(issue, by=cast.office).status == "issued"


def test_generated_articles_use_live_figures_and_editable_wording(cast, inspection, register, walk):
    for _ in range(3):
        walk(register(), "forwarded")
    title, body = generators.generate("complaint_batches", cast.office, inspection)
    assert title == "邢台市高效转办督察组交办信访问题" and "共收到督察组转办信访问题3批3个" in body
    ArticleTemplate.objects.filter(key="complaint_batches").update(body="共{complaints}件，{batches}批。")
    assert generators.generate("complaint_batches", cast.office, inspection)[1] == "共3件，3批。"
    ArticleTemplate.objects.filter(key="complaint_batches").update(body="共{件数}件")
    with pytest.raises(WorkflowError, match="占位符"):
        generators.generate("complaint_batches", cast.office, inspection)


def test_the_briefing_document_has_its_issue_line_contents_and_imprint(client, cast, series, head):
    import pypdfium2
    from docx import Document

    issue = _ready(cast, series, head)
    client.force_login(cast.office)
    content = client.get(f"/briefings/{issue.pk}/?format=docx").content
    assert docx_facts(content)["a4"] and docx_facts(content)["page_numbers"]
    word = Document(io.BytesIO(content))
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "邢台市环境保护督察整改工作简报" and texts[1] == "2026年第13期（总第27期）"
    assert "◎ 本周工作动态" in texts and "（市环保局）" in texts
    assert "主送：市委、市政府领导同志" in texts and "抄送：省环保厅，各县（市、区）人民政府。" in texts
    pdf = pypdfium2.PdfDocument(client.get(f"/briefings/{issue.pk}/?format=pdf").content)
    assert "2026年第13期（总第27期）" in pdf[0].get_textpage().get_text_range()
    client.logout()
    assert "本周工作动态" in client.get(f"/portal/briefings/{issue.pk}/").content.decode()
    assert issue.label in client.get("/portal/briefings/").content.decode()


def test_drafts_and_private_issues_stay_off_the_portal_and_scope_holds(client, cast, series, head):
    draft = workflow.create_issue(by=cast.office, series=series, is_public=True)
    assert client.get(f"/portal/briefings/{draft.pk}/").status_code == 404
    handan_office = make_user("handan_office", cast.handan_gov, "office")
    client.force_login(handan_office)
    assert client.get(f"/briefings/{draft.pk}/").status_code == 404
    assert client.post(f"/briefings/{draft.pk}/do/article/", {"title": "x", "body": "y"}).status_code == 404
