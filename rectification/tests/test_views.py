"""Pages, exports, documents and admin: what each user sees, and that scope holds at every entry point."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from rectification import workflow
from rectification.tasks import sweep_rectification

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_tasks(cast, report, make_task):
    mine = make_task(approve=False)
    other = make_task(lead_unit=cast.gov_b, target="任泽区饮用水源地违法建筑全部拆除")
    mine.refresh_from_db()
    return mine, other


def login(client, user):
    client.force_login(user)
    return client


def test_the_ledger_shows_each_unit_its_own_tasks_and_the_office_all(client, cast, report, two_tasks):
    mine, other = two_tasks
    page = login(client, cast.office).get(reverse("ledger"), {"report": report.pk}).content.decode()
    assert mine.code in page and "任泽区饮用水源地" in page
    page = login(client, cast.handler_a).get(reverse("ledger"), {"report": report.pk}).content.decode()
    assert "12 月底前出水" in page and "任泽区饮用水源地" not in page
    assert login(client, cast.handler_a).get(reverse("task_detail", args=[other.pk])).status_code == 404
    assert login(client, cast.handler_b).get(reverse("task_detail", args=[other.pk])).status_code == 200


def test_the_ledger_groups_by_unit_and_leader_and_marks_red_tasks(client, cast, report, two_tasks):
    sweep_rectification(dt.date(2026, 11, 1))
    page = (
        login(client, cast.office)
        .get(reverse("ledger"), {"report": report.pk, "group": "unit"})
        .content.decode()
    )
    assert "信都区人民政府" in page and "任泽区人民政府" in page
    page = (
        login(client, cast.office)
        .get(reverse("ledger"), {"report": report.pk, "tab": "red"})
        .content.decode()
    )
    assert "row-red" in page and "红色预警" in page
    page = (
        login(client, cast.office)
        .get(reverse("ledger"), {"report": report.pk, "group": "leader"})
        .content.decode()
    )
    assert "李副区长" in page


def test_report_page_counts_down_the_plan_in_working_days(client, cast, report, freeze):
    freeze("2026-10-09")
    page = login(client, cast.office).get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "剩余 26 个工作日" in page and "2026-11-13" in page
    freeze("2026-11-16")
    page = login(client, cast.office).get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "已超期" in page


def test_the_office_walks_the_plan_from_its_page(client, cast, report):
    login(client, cast.office)
    client.post(reverse("report_action", args=[report.pk, "problem"]), {"text": "城区黑臭水体治理滞后"})
    problem = report.problems.get()
    client.post(
        reverse("report_action", args=[report.pk, "task"]),
        {"problem": problem.pk, "target": "消除黑臭水体", "kind": "deadline", "due_on": "2026-12-31",
         "starts_on": "2026-10-01", "lead_unit": cast.gov_a.pk, "milestones": "2026-11-15 50% 完成截污管网\n"},
    )  # fmt: skip
    client.post(reverse("report_action", args=[report.pk, "submit"]))
    # Xingtai's page says its plan waits for the province; the province's page offers approval.
    assert "待上级整改办审定" in client.get(reverse("report_detail", args=[report.pk])).content.decode()
    login(client, cast.province)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "审定整改方案" in page
    client.post(reverse("report_action", args=[report.pk, "approve"]))
    login(client, cast.office)
    client.post(reverse("report_action", args=[report.pk, "publish"]))
    report.refresh_from_db()
    assert report.plan_status == "published" and report.tasks.get().status == "rectifying"
    assert list(report.tasks.get().milestones.values_list("percent", "title")) == [(50, "完成截污管网")]
    portal = client.get(reverse("portal_plan", args=[report.pk])).content.decode()
    assert "消除黑臭水体" in portal and "信都区人民政府" in portal


def test_a_unit_reports_progress_from_the_task_page_and_errors_say_why(client, cast, make_task, freeze):
    task = make_task()
    freeze("2026-10-20")
    login(client, cast.handler_a)
    page = client.get(reverse("task_detail", args=[task.pk])).content.decode()
    assert "报送调度情况" in page and "下发预警通知" not in page
    response = client.post(
        reverse("task_action", args=[task.pk, "report"]), {"text": "施工中", "percent": "150"}, follow=True
    )
    assert "完成比例应为 0–100 的整数" in response.content.decode()
    client.post(
        reverse("task_action", args=[task.pk, "report"]), {"text": "管网铺设完成一半", "percent": "40"}
    )
    task.refresh_from_db()
    assert task.percent == 40 and task.progress == "ahead"


def test_documents_are_word_files_that_name_the_unit_and_the_task(client, cast, report, make_task, freeze):
    task = make_task()
    sweep_rectification(dt.date(2026, 10, 12))
    notice = task.actions.get(kind="yellow")
    response = login(client, cast.office).get(reverse("action_document", args=[notice.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert (
        "预警通知（黄色）" in text
        and "信都区人民政府" in text
        and task.code in text
        and "〔2026〕1号" in text
    )
    freeze("2026-10-31")
    workflow.issue_circular(report, by=cast.office)
    response = login(client, cast.office).get(
        reverse("monthly_report", args=[report.pk]), {"month": "2026-10"}
    )
    document = Document(io.BytesIO(response.content))
    assert any("2026年10月调度情况" in p.text for p in document.paragraphs[:5])  # the title, under the issuer
    assert document.tables[0].rows[1].cells[0].text == "信都区人民政府"
    assert login(client, cast.handler_b).get(reverse("action_document", args=[notice.pk])).status_code == 404


def test_the_ledger_export_holds_only_what_the_user_may_see(client, cast, report, two_tasks):
    response = login(client, cast.handler_b).get(reverse("export_ledger", args=[report.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "省督察组反馈邢台市督察意见整改台账"
    assert rows[1][:5] == ("序号", "问题", "整改目标", "整改措施", "责任单位")
    assert [r[2] for r in rows[2:]] == ["任泽区饮用水源地违法建筑全部拆除"]


def test_admin_lists_are_scoped(client, cast, report, two_tasks):
    from django.contrib.auth.models import Permission

    cast.handler_b.user_permissions.add(Permission.objects.get(codename="view_task"))
    page = login(client, cast.handler_b).get("/admin/rectification/task/").content.decode()
    assert "任泽区人民政府" in page and "信都区人民政府" not in page


def test_the_dashboard_and_board_show_figures_and_laggards(client, cast, report, two_tasks):
    sweep_rectification(dt.date(2026, 11, 1))
    page = (
        login(client, cast.office).get(reverse("rectification_dashboard", args=[report.pk])).content.decode()
    )
    assert "2 个问题，已完成 0 个，正在整改 2 个" in page and "chart-units" in page
    page = client.get(reverse("overdue_board", args=[report.pk])).content.decode()
    red = page[page.index('id="board-red"') : page.index("</section>", page.index('id="board-red"'))]
    yellow = page[page.index('id="board-yellow"') : page.index("</section>", page.index('id="board-yellow"'))]
    for task in two_tasks:
        assert reverse("task_detail", args=[task.pk]) in red
        assert reverse("task_detail", args=[task.pk]) not in yellow


def test_the_public_objects_during_the_notice_and_sees_no_contact(client, cast, report, make_task, freeze):
    from rectification.tests.test_workflow import pass_to_notice

    task = make_task()
    report.refresh_from_db()
    workflow.publish_plan(report, by=cast.office)
    pass_to_notice(task, cast, freeze)
    page = client.get(reverse("portal_plan", args=[report.pk])).content.decode()
    assert "整改销号公示" in page and task.code in page
    response = client.post(
        reverse("portal_objection", args=[task.pk]),
        {"text": "排口夜间仍在排污", "contact": "13912345678", "idempotency_key": "k1"},
    )
    assert "异议已收到" in response.content.decode()
    client.post(
        reverse("portal_objection", args=[task.pk]), {"text": "排口夜间仍在排污", "idempotency_key": "k1"}
    )
    assert task.acceptances.get().objections.count() == 1
    office_page = login(client, cast.office).get(reverse("task_detail", args=[task.pk])).content.decode()
    assert "139****5678" in office_page and "13912345678" not in office_page


def test_the_workbench_counts_what_needs_the_unit(client, cast, report, two_tasks):
    sweep_rectification(dt.date(2026, 11, 1))
    page = login(client, cast.handler_a).get("/").content.decode()
    assert 'id="rectification-queues"' in page and "红色预警" in page
    assert 'href="/rectification/?tab=red"><b class="error">1</b>' in page


def test_stats_prints_the_ledger_figures(cast, report, two_tasks, capsys):
    import json

    from django.core.management import call_command

    sweep_rectification(dt.date(2026, 11, 1))
    call_command("stats", inspection="HB-2026-XT", format="json")
    figures = json.loads(capsys.readouterr().out)
    assert {k: figures[k] for k in ("problems", "tasks", "tasks_closed", "tasks_in_progress", "tasks_overdue")} == {
        "problems": 2, "tasks": 2, "tasks_closed": 0, "tasks_in_progress": 2, "tasks_overdue": 0,
    }  # fmt: skip
    assert (figures["warnings_yellow"], figures["warnings_red"]) == (0, 2)


def test_evidence_is_downloaded_only_within_scope(client, cast, make_task, freeze):
    from rectification.tests.test_workflow import evidence

    task = make_task()
    freeze("2026-12-20")
    workflow.apply_for_acceptance(
        task, by=cast.handler_a, summary="完成", files=[evidence("出水监测报告.pdf")]
    )
    upload = task.files.get()
    page = login(client, cast.office).get(reverse("task_detail", args=[task.pk])).content.decode()
    assert reverse("task_file", args=[upload.pk]) in page and "/media/" not in page
    response = client.get(reverse("task_file", args=[upload.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "filename*=utf-8''%E5%87%BA" in response["Content-Disposition"]
    assert login(client, cast.handler_b).get(reverse("task_file", args=[upload.pk])).status_code == 404
    assert client.get(f"/media/{upload.file.name}").status_code == 404


def test_the_report_page_and_monthly_report_hold_only_the_units_own_tasks(
    client, cast, report, two_tasks, freeze
):
    mine, other = two_tasks
    page = login(client, cast.handler_b).get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "任泽区饮用水源地违法建筑全部拆除" in page and "12 月底前出水" not in page
    freeze("2026-10-20")
    workflow.report_progress(mine, by=cast.handler_a, text="信都区管网铺设过半", percent=40)
    workflow.report_progress(other, by=cast.handler_b, text="任泽区拆除违建三处", percent=40)
    response = login(client, cast.handler_b).get(
        reverse("monthly_report", args=[report.pk]), {"month": "2026-10"}
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "任泽区拆除违建三处" in text and "信都区管网铺设过半" not in text
    assert [row.cells[0].text for row in Document(io.BytesIO(response.content)).tables[0].rows[1:]] == [
        "任泽区人民政府"
    ]
