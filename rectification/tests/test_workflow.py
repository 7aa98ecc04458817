import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accountability.models import Record
from audit.models import Event
from ducha.errors import PermissionDeniedError, WorkflowError
from rectification import workflow
from rectification.models import Action, Task
from rectification.tasks import sweep_rectification

pytestmark = pytest.mark.django_db


def evidence(name="整改照片.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def level(task):
    task.refresh_from_db()
    return task.warning_level


# --- plan -------------------------------------------------------------------------------------


def test_plan_is_due_30_working_days_after_feedback_across_national_day(report, freeze):
    # 2026-09-28 (Mon): Oct 1–7 are holidays and Sat Oct 10 is a make-up workday, so the 30th working
    # day is Fri Nov 13 (counting weekdays alone would give Mon Nov 9).
    assert report.plan_due_on == dt.date(2026, 11, 13)
    freeze("2026-10-09")
    # Oct 10 (make-up Saturday), then 3 + 5 × 4 + 5 weekdays: Oct 12 … Nov 13.
    assert workflow.workdays_left(report.plan_due_on) == 26
    freeze("2026-11-16")
    assert workflow.workdays_left(report.plan_due_on) == -1


def test_plan_moves_drafting_submitted_approved_published_and_approval_starts_every_task(
    cast, report, make_task
):
    task = make_task(approve=False)
    assert task.status == "draft" and task.next_report_due is None
    with pytest.raises(WorkflowError, match="不能审定"):
        workflow.approve_plan(report, by=cast.province)
    with pytest.raises(PermissionDeniedError):
        workflow.submit_plan(report, by=cast.handler_a)
    workflow.submit_plan(report, by=cast.office)
    # Xingtai does not approve its own plan: the province's office does (issue 15, item 10).
    with pytest.raises(PermissionDeniedError, match="上级整改办"):
        workflow.approve_plan(report, by=cast.office)
    workflow.return_plan(report, by=cast.province, reason="任务时限不明确")
    workflow.submit_plan(report, by=cast.office)
    workflow.approve_plan(report, by=cast.province)
    task.refresh_from_db()
    # Approved two days before September ends: the first report is due at the end of October.
    assert task.status == "rectifying" and task.next_report_due == dt.date(2026, 10, 31)
    with pytest.raises(WorkflowError, match="不能报送"):
        workflow.submit_plan(report, by=cast.office)
    assert workflow.publish_plan(report, by=cast.office).plan_status == "published"


def test_a_plan_with_no_task_cannot_be_submitted(cast, report):
    with pytest.raises(WorkflowError, match="还没有任何任务"):
        workflow.submit_plan(report, by=cast.office)


def test_an_office_outside_the_region_cannot_touch_the_ledger(cast, report):
    from accounts.models import Role, User

    handan = User.objects.create_user("handan_office", unit=cast.handan_gov)
    handan.roles.set(Role.objects.filter(code="office"))
    with pytest.raises(PermissionDeniedError, match="管辖范围"):
        workflow.add_problem(report, by=handan, text="问题")


# --- schedule line and warnings ---------------------------------------------------------------


def test_warning_levels_turn_on_their_boundary_days(make_task, freeze):
    # Oct 1 → Dec 30 is 90 days: 10 points behind on day 9 (Oct 10), 30 points on day 27 (Oct 28).
    task = make_task()
    assert (task.yellow_from, task.red_from) == (dt.date(2026, 10, 10), dt.date(2026, 10, 28))
    sweep_rectification(dt.date(2026, 10, 9))
    assert level(task) == ""
    sweep_rectification(dt.date(2026, 10, 10))
    assert level(task) == "yellow"
    sweep_rectification(dt.date(2026, 10, 27))
    assert level(task) == "yellow"
    sweep_rectification(dt.date(2026, 10, 28))
    assert level(task) == "red"
    assert task.cycle == "weekly"


def test_a_task_nearly_done_turns_red_only_the_day_after_its_deadline(cast, make_task, freeze):
    task = make_task()
    freeze("2026-12-01")
    workflow.report_progress(task, by=cast.handler_a, text="主体工程完工，设备调试中", percent=95)
    task.refresh_from_db()
    assert task.yellow_from is None and task.red_from == dt.date(2026, 12, 31)
    sweep_rectification(dt.date(2026, 12, 30))
    assert level(task) == ""
    sweep_rectification(dt.date(2026, 12, 31))
    assert level(task) == "red"


def test_milestones_bend_the_schedule_line(cast, make_task):
    task = make_task(milestones=[(dt.date(2026, 10, 11), 50, "完成设备招标")])
    # 50 % due by day 10: ten points behind on day 2 (Oct 3), thirty on day 6 (Oct 7).
    assert (task.yellow_from, task.red_from) == (dt.date(2026, 10, 3), dt.date(2026, 10, 7))
    assert workflow.schedule_percent(task, dt.date(2026, 10, 11)) == 50


def test_the_sweep_is_idempotent_and_brings_letters_and_interviews(cast, make_task, freeze):
    task = make_task()
    first = sweep_rectification(dt.date(2026, 10, 12))
    assert first["yellow_notices"] == 1 and first["level_yellow"] == 1
    again = sweep_rectification(dt.date(2026, 10, 12))
    assert set(again.values()) == {0}
    assert Action.objects.filter(task=task, kind="yellow").count() == 1
    # A new month, still yellow: a second notice, and two yellows bring a supervision letter.
    task.yellow_from, task.red_from = dt.date(2026, 10, 10), dt.date(2026, 11, 20)
    task.save()
    second = sweep_rectification(dt.date(2026, 11, 2))
    assert second["yellow_notices"] == 1 and second["letters"] == 1
    # Red: a red notice and one interview, not two.
    third = sweep_rectification(dt.date(2026, 11, 20))
    assert third["red_notices"] == 1 and third["interviews"] == 1
    assert sweep_rectification(dt.date(2026, 11, 21))["interviews"] == 0
    kinds = sorted(Action.objects.filter(task=task).values_list("kind", flat=True))
    assert kinds == ["interview", "letter", "red", "yellow", "yellow"]
    assert cast.handler_a.notifications.filter(title__contains="黄色预警").exists()


def test_a_missing_dispatch_report_is_late_and_a_report_back_on_schedule_lifts_the_warning(
    cast, make_task, freeze
):
    task = make_task()  # approved on 2026-09-28: the first report is due on October 31
    assert sweep_rectification(dt.date(2026, 10, 31))["reports_late"] == 0
    freeze("2026-11-02")
    assert sweep_rectification(dt.date(2026, 11, 2))["reports_late"] == 1
    task.refresh_from_db()
    assert task.report_late and task.warning_level == "red" and task.cycle == "weekly"
    report = workflow.report_progress(task, by=cast.handler_a, text="完成设计招标，管网进场施工", percent=40)
    assert report.late_days == 2 and report.period_end == dt.date(2026, 10, 31)
    assert report.schedule_percent == 35 and report.progress == "ahead"
    task.refresh_from_db()
    assert not task.report_late and task.warning_level == "" and task.cycle == "monthly"
    assert task.next_report_due == dt.date(2026, 11, 30)
    lifted = Event.objects.filter(subject_id=str(task.pk), action="warning_lifted").get()
    assert (lifted.from_state, lifted.to_state) == ("red", "")


def test_a_dispatch_report_is_checked_and_counted_once_per_key(cast, make_task, freeze):
    task = make_task()
    freeze("2026-10-05")
    with pytest.raises(WorkflowError, match="0–100"):
        workflow.report_progress(task, by=cast.handler_a, text="进展", percent=120)
    with pytest.raises(WorkflowError, match="系统标记"):
        workflow.report_progress(task, by=cast.handler_a, text="进展", percent=100, progress="closed")
    with pytest.raises(PermissionDeniedError):
        workflow.report_progress(task, by=cast.handler_b, text="进展", percent=10)
    one = workflow.report_progress(task, by=cast.handler_a, text="进场施工", percent=10, key="r-1")
    two = workflow.report_progress(task, by=cast.handler_a, text="进场施工", percent=10, key="r-1")
    assert one.pk == two.pk and task.reports.count() == 1


def test_a_warning_by_hand_stands_until_the_next_report(cast, make_task, freeze):
    task = make_task()
    freeze("2026-10-02")
    workflow.raise_warning(task, by=cast.office, level="red", reason="现场检查发现未开工")
    task.refresh_from_db()
    assert task.warning_level == "red" and task.cycle == "weekly"
    assert Action.objects.filter(task=task, kind="interview").exists()
    with pytest.raises(WorkflowError, match="本月已"):
        workflow.raise_warning(task, by=cast.office, level="red", reason="再次")
    sweep_rectification(dt.date(2026, 10, 2))
    assert level(task) == "red"


def test_the_monthly_circular_names_the_lagging_units_once_a_month(cast, report, make_task, freeze):
    make_task()
    sweep_rectification(dt.date(2026, 10, 12))
    freeze("2026-10-31")
    circular = workflow.issue_circular(report, by=cast.office)
    assert list(circular.listed_units.all()) == [cast.gov_a]
    with pytest.raises(WorkflowError, match="已印发"):
        workflow.issue_circular(report, by=cast.office)


# --- acceptance and closure --------------------------------------------------------------------


def test_acceptance_climbs_the_chain_and_a_rejection_returns_the_task(cast, make_task, freeze):
    task = make_task()
    assert task.sign_levels == ["county", "city"]
    freeze("2026-12-20")
    with pytest.raises(WorkflowError, match="佐证材料"):
        workflow.apply_for_acceptance(task, by=cast.handler_a, summary="已完成")
    workflow.apply_for_acceptance(task, by=cast.handler_a, summary="出水稳定达到一级 A", files=[evidence()])
    with pytest.raises(WorkflowError, match="不能审核销号"):
        workflow.sign_off(task, by=cast.signer_a, approved=True)
    workflow.record_site_check(
        task,
        by=cast.office,
        checked_on=dt.date(2026, 12, 21),
        inspectors="王某、李某",
        record="现场核查达标",
        passed=True,
    )
    with pytest.raises(PermissionDeniedError, match="县级"):
        workflow.sign_off(task, by=cast.office, approved=True)  # the city office may not sign for the county
    workflow.sign_off(task, by=cast.signer_a, approved=True, comment="同意")
    with pytest.raises(WorkflowError, match="理由"):
        workflow.sign_off(task, by=cast.office, approved=False)
    workflow.sign_off(task, by=cast.office, approved=False, comment="在线监测数据不全")
    task.refresh_from_db()
    assert task.status == "rectifying" and task.sign_step == 0
    assert task.acceptances.get().status == "rejected"


def pass_to_notice(task, cast, freeze, day="2026-12-20"):
    freeze(day)
    workflow.apply_for_acceptance(task, by=cast.handler_a, summary="出水稳定达到一级 A", files=[evidence()])
    workflow.record_site_check(
        task,
        by=cast.office,
        checked_on=dt.date.fromisoformat(day),
        inspectors="王某",
        record="达标",
        passed=True,
    )
    workflow.sign_off(task, by=cast.signer_a, approved=True)
    workflow.sign_off(task, by=cast.office, approved=True)
    task.refresh_from_db()


def test_notice_objection_upheld_reopens_and_a_quiet_notice_closes(cast, make_task, freeze):
    task = make_task()
    pass_to_notice(task, cast, freeze)
    assert task.status == "notice" and task.notice_until == dt.date(2026, 12, 27)
    objection = workflow.submit_objection(task, text="夜间仍有污水直排", contact="13912345678", key="o-1")
    assert workflow.submit_objection(task, text="夜间仍有污水直排", key="o-1").pk == objection.pk
    assert objection.contact_masked == "139****5678" and "13912345678" not in objection.contact_secret
    workflow.handle_objection(objection, by=cast.office, upheld=True, response="核实属实，退回整改")
    task.refresh_from_db()
    assert task.status == "rectifying"

    pass_to_notice(task, cast, freeze, day="2026-12-28")
    assert task.acceptances.count() == 2
    assert task.notice_until == dt.date(2027, 1, 4)
    sweep_rectification(dt.date(2027, 1, 4))  # the last day of the window: still up
    task.refresh_from_db()
    assert task.status == "notice"
    freeze("2027-01-05")
    with pytest.raises(WorkflowError, match="公示期内"):
        workflow.submit_objection(task, text="晚了")
    assert sweep_rectification(dt.date(2027, 1, 5))["closed"] == 1
    task.refresh_from_db()
    assert task.status == "closed" and task.progress == "closed" and task.closed_on == dt.date(2027, 1, 5)


def test_a_pending_objection_holds_closure(cast, make_task, freeze):
    task = make_task()
    pass_to_notice(task, cast, freeze)
    workflow.submit_objection(task, text="异味仍然很重")
    freeze("2026-12-29")
    assert sweep_rectification(dt.date(2026, 12, 29))["closed"] == 0
    with pytest.raises(WorkflowError, match="未核实"):
        workflow.close_task(task, by=cast.office)


# --- spot checks --------------------------------------------------------------------------------


def test_the_sample_is_reproducible_and_stratified_by_county():
    pool = [(i, "130503") for i in range(1, 31)] + [(i, "130505") for i in range(31, 41)]
    first = workflow.draw_sample(pool, 8, seed=42)
    assert first == workflow.draw_sample(list(reversed(pool)), 8, seed=42)
    assert len(first) == 8
    assert sum(1 for pk in first if pk <= 30) == 6  # 30 of 40 closed tasks are county A's: 6 of 8
    assert workflow.draw_sample(pool, 8, seed=43) != first
    assert len(workflow.draw_sample(pool, 100, seed=1)) == 40


def test_a_failed_spot_check_reopens_the_task_and_opens_accountability(cast, report, make_task, freeze):
    task = make_task()
    pass_to_notice(task, cast, freeze)
    freeze("2026-12-28")
    workflow.close_task(task, by=cast.office)
    spot = workflow.draw_spot_check(report, by=cast.office, size=1, seed=7, title="2027年1月回头看")
    item = spot.items.get()
    with pytest.raises(WorkflowError, match="被问责人"):
        workflow.record_spot_finding(item, by=cast.office, finding="rebounded", note="污水直排反弹")
    workflow.record_spot_finding(
        item,
        by=cast.office,
        finding="rebounded",
        note="污水直排反弹",
        person_name="赵某",
        post="区住建局局长",
    )
    task.refresh_from_db()
    assert task.status == "rectifying" and task.reopened == 1
    record = Record.objects.get(task=task)
    assert record.unit == cast.gov_a and "问题反弹" in record.reason


# --- scope --------------------------------------------------------------------------------------


def test_a_unit_sees_its_tasks_a_leader_his_own_and_the_office_all(cast, report, make_task):
    from organisations.models import Person

    leader = Person.objects.create(name="李副区长", region=cast.county_a)
    cast.leader.person = leader
    cast.leader.save()
    mine = make_task(leader=leader)
    other = make_task(lead_unit=cast.gov_b, approve=False)
    assert set(Task.objects.visible_to(cast.office)) == {mine, other}
    assert list(Task.objects.visible_to(cast.handler_a)) == [mine]
    assert list(Task.objects.visible_to(cast.handler_b)) == [other]
    assert list(Task.objects.visible_to(cast.leader)) == [mine]


# --- every transition, allowed and forbidden ---------------------------------------------------

STEPS = {
    "report": lambda task, cast: workflow.report_progress(task, by=cast.handler_a, text="进展", percent=50),
    "warning": lambda task, cast: workflow.raise_warning(task, by=cast.office, level="yellow", reason="滞后"),
    "apply": lambda task, cast: workflow.apply_for_acceptance(
        task, by=cast.handler_a, summary="完成", files=[evidence()]
    ),
    "site_check": lambda task, cast: workflow.record_site_check(
        task, by=cast.office, checked_on=dt.date(2026, 12, 21), inspectors="王某", record="达标", passed=True
    ),
    "sign": lambda task, cast: workflow.sign_off(task, by=cast.signer_a, approved=True),
    "objection": lambda task, cast: workflow.submit_objection(task, text="仍有排污"),
    "close": lambda task, cast: workflow.close_task(task, by=cast.office),
}
ALLOWED = {
    "rectifying": {"report", "warning", "apply"},
    "applied": {"site_check"},
    "signing": {"sign"},
    "notice": {"objection", "close"},
    "closed": set(),
}


def task_in(status, cast, make_task, freeze):
    task = make_task()
    freeze("2026-12-20")
    path = {
        "rectifying": [],
        "applied": ["apply"],
        "signing": ["apply", "site_check"],
        "notice": ["apply", "site_check", "sign", "city"],
        "closed": ["apply", "site_check", "sign", "city", "close"],
    }[status]
    for step in path:
        if step == "city":
            workflow.sign_off(task, by=cast.office, approved=True)
        elif step == "close":
            freeze("2026-12-28")
            workflow.close_task(task, by=cast.office)
        else:
            STEPS[step](task, cast)
        task.refresh_from_db()
    if status == "notice":
        freeze("2026-12-28")  # the window has ended: closure is allowed, an objection no longer is
    return task


@pytest.mark.parametrize("status", list(ALLOWED))
def test_each_status_allows_its_steps_and_refuses_the_rest(status, cast, make_task, freeze):
    task = task_in(status, cast, make_task, freeze)
    assert task.status == status
    for name, step in STEPS.items():
        if name in ALLOWED[status] and not (status == "notice" and name == "objection"):
            continue
        with pytest.raises(WorkflowError) as refused:
            step(task, cast)
        assert refused.value.code == "transition", (status, name, refused.value.message)
        task.refresh_from_db()
        assert task.status == status
    for name in sorted(ALLOWED[status] - {"objection"} if status == "notice" else ALLOWED[status]):
        fresh = task_in(status, cast, make_task, freeze)
        STEPS[name](fresh, cast)


def test_the_industry_level_is_signed_by_the_department_named_on_the_task(cast, make_task, freeze):
    from accounts.models import Role, User
    from organisations.models import Unit

    water = Unit.objects.create(name="邢台市水利局", kind="department", region=cast.xingtai)
    housing = Unit.objects.create(name="邢台市住房和城乡建设局", kind="department", region=cast.xingtai)
    signers = {}
    for unit in (water, housing):
        signers[unit] = User.objects.create_user(f"signer_{unit.pk}", unit=unit)
        signers[unit].roles.set(Role.objects.filter(code="signer"))
    task = make_task(sign_levels=["county", "department"], sign_department=water)
    with pytest.raises(WorkflowError, match="行业主管部门"):
        make_task(sign_levels=["department"], sign_department=cast.gov_b)
    freeze("2026-12-20")
    workflow.apply_for_acceptance(task, by=cast.handler_a, summary="完成", files=[evidence()])
    workflow.record_site_check(
        task, by=cast.office, checked_on=dt.date(2026, 12, 20), inspectors="王某", record="达标", passed=True
    )
    workflow.sign_off(task, by=cast.signer_a, approved=True)
    with pytest.raises(PermissionDeniedError, match="行业主管部门"):
        workflow.sign_off(task, by=signers[housing], approved=True)
    workflow.sign_off(task, by=signers[water], approved=True)
    task.refresh_from_db()
    assert task.status == "notice"
