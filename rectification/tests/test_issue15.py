"""Issue 15 in loop B: 立行立改 from the day of the feedback (item 1), task extensions (item 3),
several circulars a month with distribution lists and copies, special supervisions (item 9)."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import Event
from ducha.errors import PermissionDeniedError, WorkflowError
from organisations.models import Unit, UnitKind
from rectification import queries, workflow
from rectification.models import Action, ActionKind

pytestmark = pytest.mark.django_db


def test_immediate_tasks_are_worked_before_the_plan_is_approved(cast, report, make_task, freeze, client):
    freeze("2026-09-29")
    now = make_task(
        kind="immediate", due_on=dt.date(2026, 10, 15), approve=False, target="立即关停违规排污口"
    )
    later = make_task(approve=False, target="建成污水处理厂")
    assert report.plan_status == "drafting"
    # 立行立改: at work and reporting from the day it is entered; the rest waits for the plan.
    assert now.status == "rectifying" and now.next_report_due is not None
    assert later.status == "draft"
    workflow.report_progress(now, by=cast.handler_a, text="排污口已封堵", percent=100, progress="done")
    other = make_task(kind="immediate", due_on=dt.date(2026, 10, 30), approve=False, target="清理河道垃圾")
    workflow.submit_plan(report, by=cast.office)
    workflow.approve_plan(report, by=cast.province)
    later.refresh_from_db()
    assert later.status == "rectifying"
    # The approved plan shows them as done or continuing.
    client.force_login(cast.office)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    section = page[page.index('id="immediate"') :]
    assert now.code in section and "已完成" in section
    assert other.code in section and "持续推进" in section
    assert later.code not in section[: section.index("</ul>")]


def test_a_unit_asks_for_more_time_and_the_office_decides(cast, make_task, freeze):
    task = make_task()
    freeze("2026-12-01")
    with pytest.raises(WorkflowError) as earlier:
        workflow.request_task_extension(
            task, by=cast.handler_a, due_on=dt.date(2026, 12, 1), reason="设备未到货"
        )
    assert earlier.value.field == "due_on"
    with pytest.raises(PermissionDeniedError):
        workflow.request_task_extension(
            task, by=cast.handler_b, due_on=dt.date(2027, 3, 31), reason="设备未到货"
        )
    request = workflow.request_task_extension(
        task, by=cast.handler_a, due_on=dt.date(2027, 3, 31), reason="提标设备冬季无法安装调试"
    )
    with pytest.raises(PermissionDeniedError):
        workflow.decide_task_extension(request, by=cast.handler_a, approved=True)
    workflow.decide_task_extension(request, by=cast.office, approved=True, note="同意")
    task.refresh_from_db()
    assert task.due_on == dt.date(2027, 3, 31)
    assert Event.objects.about(task).filter(action="deadline_changed", note__contains="批准延期申请").exists()
    second = workflow.request_task_extension(
        task, by=cast.handler_a, due_on=dt.date(2027, 6, 30), reason="再延"
    )
    with pytest.raises(WorkflowError):
        workflow.decide_task_extension(second, by=cast.office, approved=False)
    workflow.decide_task_extension(second, by=cast.office, approved=False, note="理由不充分，按期完成")
    task.refresh_from_db()
    assert task.due_on == dt.date(2027, 3, 31)


def test_special_circulars_distribution_lists_and_copies_are_counted(cast, report, make_task, freeze, client):
    task = make_task()
    freeze("2026-10-20")
    workflow.issue_circular(report, by=cast.office)
    with pytest.raises(WorkflowError):
        workflow.issue_circular(report, by=cast.office)  # one monthly circular
    workflow.issue_circular(
        report, by=cast.office, special=True, title="关于黑臭水体整治的专项通报", units=[cast.gov_a]
    )
    workflow.issue_circular(report, by=cast.office, special=True, title="关于污水处理厂提标的专项通报")
    assert Action.objects.filter(report=report, kind=ActionKind.CIRCULAR).count() == 3
    warning = workflow.raise_warning(task, by=cast.office, level="yellow", reason="进度滞后")
    # A yellow notice goes to the unit alone: one copy; the office adds the leader and the city.
    assert warning.copy_count == 1
    workflow.set_distribution(
        warning, by=cast.office, main_to="信都区人民政府", copy_to="邢台市纪委监委\n分管副市长"
    )
    warning.refresh_from_db()
    assert warning.copies == 3 and warning.distribution() == (
        ["信都区人民政府"],
        ["邢台市纪委监委", "分管副市长"],
    )
    counts = {row["kind"]: row for row in queries.notice_counts(report)}
    assert counts["yellow"]["n"] == 1 and counts["yellow"]["copies"] == 3
    # Each circular goes to 2 addressees and 4 copy recipients.
    assert counts["circular"]["n"] == 3 and counts["circular"]["copies"] == 18
    client.force_login(cast.office)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "份数" in page and "专项督查" in page


def test_special_supervisions_are_recorded_and_counted(cast, report, freeze, client):
    freeze("2026-10-20")
    room = Unit.objects.create(name="邢台市人民政府督查室", kind=UnitKind.DEPARTMENT, region=cast.xingtai)
    with pytest.raises(PermissionDeniedError):
        workflow.record_special_supervision(
            report,
            by=cast.handler_a,
            by_unit=room,
            held_on=dt.date(2026, 10, 19),
            subject="黑臭水体",
            findings="进度慢",
        )
    workflow.record_special_supervision(
        report, by=cast.office, by_unit=room, held_on=dt.date(2026, 10, 19), subject="城区黑臭水体整治专项督查",
        findings="信都区两处排口仍有污水溢流", units=[cast.gov_a], follow_up="10 日内完成封堵",
    )  # fmt: skip
    client.force_login(cast.office)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "城区黑臭水体整治专项督查" in page and "邢台市人民政府督查室" in page


def test_the_same_through_the_api(cast, report, make_task, freeze, client):
    task = make_task()
    freeze("2026-10-20")
    client.force_login(cast.handler_a)
    asked = client.post(
        f"/api/rectification/tasks/{task.pk}/extensions",
        {"due_on": "2027-02-28", "reason": "冬季施工受限"},
        content_type="application/json",
    )
    assert asked.status_code == 201 and asked.json()["state"] == "pending"
    client.force_login(cast.office)
    decided = client.post(
        f"/api/rectification/tasks/{task.pk}/extensions/decision",
        {"approved": True},
        content_type="application/json",
    )
    assert decided.json()["state"] == "approved"
    circular = client.post(
        f"/api/rectification/reports/{report.pk}/special-circulars",
        {"title": "关于扬尘治理的专项通报", "unit_ids": [cast.handan_gov.pk]},
        content_type="application/json",
    )
    assert circular.status_code == 400 and circular.json()["errors"][0]["field"] == "unit_ids"
    circular = client.post(
        f"/api/rectification/reports/{report.pk}/special-circulars",
        {"title": "关于扬尘治理的专项通报", "unit_ids": [cast.gov_a.pk]},
        content_type="application/json",
    )
    assert circular.status_code == 201 and circular.json()["copies"] == 6
    changed = client.put(
        f"/api/rectification/actions/{circular.json()['id']}/distribution",
        {"main_to": ["信都区委", "信都区人民政府"], "copy_to": ["邢台市纪委监委"], "copies": 5},
        content_type="application/json",
    )
    assert changed.json()["copies"] == 5 and changed.json()["copy_to"] == ["邢台市纪委监委"]
