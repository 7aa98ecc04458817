"""Leader liaison: the plan's rules, its gaps (page, API, command), visits whose findings reopen or open
tasks and call for accountability, a leader's own places, and scope."""

import datetime as dt

import pytest
from django.core.management import call_command

from conftest import make_region, make_user
from ducha.errors import PermissionDeniedError, WorkflowError
from liaison import queries, workflow
from liaison.models import Assignment, FindingKind
from organisations.models import Person, Post, Unit, UnitKind

pytestmark = pytest.mark.django_db


class Plan:
    def __init__(self, cast):
        self.party = Unit.objects.create(
            name="中共邢台市委", kind=UnitKind.PARTY_COMMITTEE, region=cast.xingtai
        )
        self.epb = Unit.objects.create(name="邢台市环境保护局", kind=UnitKind.DEPARTMENT, region=cast.xingtai)
        self.police = Unit.objects.create(name="邢台市公安局", kind=UnitKind.DEPARTMENT, region=cast.xingtai)
        self.secretary = self._post(cast.xingtai, self.party, "市委书记", True)
        self.mayor = self._post(cast.xingtai, cast.city_gov, "市长", True)
        self.vice = self._post(cast.xingtai, cast.city_gov, "副市长（分管生态环境）", False)
        self.town = make_region("130503100", "城关镇", "township", cast.county_a)
        self.party_a = Unit.objects.create(
            name="中共信都区委", kind=UnitKind.PARTY_COMMITTEE, region=cast.county_a
        )
        self.county_secretary = self._post(cast.county_a, self.party_a, "区委书记", True)

    @staticmethod
    def _post(region, unit, title, principal):
        person = Person.objects.create(region=region, name=f"{unit.name}{title}")
        return Post.objects.create(person=person, unit=unit, title=title, is_principal=principal)


@pytest.fixture
def plan(cast):
    return Plan(cast)


def test_the_plan_follows_seed_004s_rules(cast, plan):
    assign = workflow.assign
    with pytest.raises(WorkflowError, match="不是邢台市所辖县（区）"):
        assign(by=cast.office, plan_region=cast.xingtai, post=plan.secretary, region=plan.town)
    with pytest.raises(WorkflowError, match="不是邢台市的领导"):
        assign(by=cast.office, plan_region=cast.xingtai, post=plan.county_secretary, region=cast.county_a)
    with pytest.raises(WorkflowError, match="不是邢台市的部门"):
        assign(by=cast.office, plan_region=cast.xingtai, post=plan.vice, unit=cast.gov_a)
    with pytest.raises(PermissionDeniedError):
        assign(by=cast.handler_a, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a)
    with pytest.raises(PermissionDeniedError):
        assign(by=cast.leader, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a)
    assign(by=cast.office, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a)
    with pytest.raises(WorkflowError, match="已存在"):
        assign(by=cast.office, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a)
    assign(by=cast.office, plan_region=cast.county_a, post=plan.county_secretary, region=plan.town)
    assert Assignment.objects.count() == 2


def test_gaps_list_uncovered_counties_departments_and_idle_leaders(client, cast, plan, capsys):
    workflow.assign(by=cast.office, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a)
    workflow.assign(by=cast.office, plan_region=cast.xingtai, post=plan.vice, unit=plan.epb)
    gaps = queries.gaps(cast.xingtai)
    assert [r.name for r in gaps.uncovered_regions] == ["任泽区"]
    assert [u.name for u in gaps.uncovered_departments] == ["邢台市公安局"]
    assert {p.title for p in gaps.idle_leaders} == {"市长", "副市长（分管生态环境）"}
    assert gaps.leaders_without_department == [] and {p.title for p in gaps.principals} == {
        "市委书记",
        "市长",
    }
    call_command("liaison_gaps", region="130500")
    out = capsys.readouterr().out
    assert "无领导包联的县（区）：任泽区（130505）" in out and "无领导包联的部门：邢台市公安局" in out
    assert "信都区（130503）包联方案" in out and "未包联乡镇（街道）的领导：中共信都区委区委书记" in out
    assert "无领导包联的乡镇（街道）：城关镇" in out
    client.force_login(cast.office)
    page = client.get("/liaison/?region=130500").content.decode()
    assert "无领导包联的县（区）" in page and "任泽区" in page and "邢台市公安局" in page
    assert client.get("/api/liaison/gaps?region=130500").json()["uncovered_regions"] == ["任泽区"]


def test_the_gaps_command_refuses_a_bad_region(cast):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不存在"):
        call_command("liaison_gaps", region="999999")
    with pytest.raises(CommandError, match="不是市或县"):
        call_command("liaison_gaps", region="130000")


def test_a_finding_reopens_a_closed_task_and_waits_for_accountability(
    client, cast, plan, make_task, discipline_user
):
    from rectification.models import Task

    task = make_task()
    Task.objects.filter(pk=task.pk).update(status="closed", closed_on=dt.date.today(), percent=100)
    assignment = workflow.assign(
        by=cast.office, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a
    )
    visit = workflow.record_visit(
        by=cast.office, assignment=assignment, region=plan.town, visited_on=dt.date.today(), place="城关镇污水处理厂",
        tasks=[task], findings=[
            workflow.FindingIn(kind=FindingKind.FAKE, description="台账显示已提标，现场出水仍超标", unit=cast.gov_a, task=task),
            workflow.FindingIn(kind=FindingKind.OTHER, description="厂区标识不清", unit=cast.gov_a),
        ],
    )  # fmt: skip
    task.refresh_from_db()
    assert task.status == "rectifying" and task.reopened == 1
    fake, other = visit.findings.order_by("pk")
    assert fake.needs_accountability and not other.needs_accountability
    client.force_login(discipline_user)
    assert client.get("/api/accountability/queue").json()["liaison"] == 1
    assert f"?liaison={fake.pk}" in client.get("/accountability/queue/").content.decode()
    client.force_login(cast.handler_a)
    response = client.post(
        "/accountability/new/",
        {"liaison": fake.pk, "unit": cast.gov_a.pk, "person_name": "赵立新", "post": "区住建局局长", "cadre_level": "county", "reason": "虚假整改"},
    )  # fmt: skip
    assert response.status_code == 302
    assert fake.accountability_records.get().source_kind == "liaison"
    client.force_login(discipline_user)
    assert client.get("/api/accountability/queue").json()["liaison"] == 0


def test_a_finding_outside_the_ledger_opens_a_new_task(cast, plan, report):
    from rectification import workflow as rectification

    problem = rectification.add_problem(report, by=cast.office, text="农村生活污水直排")
    assignment = workflow.assign(
        by=cast.office, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a
    )
    visit = workflow.record_visit(
        by=cast.office, assignment=assignment, region=cast.county_a, visited_on=dt.date.today(), place="某村",
        findings=[workflow.FindingIn(kind=FindingKind.REBOUND, description="已整治村庄污水又直排入河", unit=cast.gov_a,
                                     problem=problem, due_on=dt.date.today() + dt.timedelta(days=60),
                                     person_name="钱进", post="某镇镇长")],
    )  # fmt: skip
    finding = visit.findings.get()
    assert finding.opened_task and finding.task.problem == problem and finding.task.lead_unit == cast.gov_a
    assert finding.accountability_records.get().person_name == "钱进"


def test_a_visit_must_stay_within_what_the_leader_covers(cast, plan):
    assignment = workflow.assign(
        by=cast.office, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a
    )
    with pytest.raises(WorkflowError, match="不在信都区的包联范围内"):
        workflow.record_visit(
            by=cast.office, assignment=assignment, region=cast.county_b, visited_on=dt.date.today(), place="x"
        )
    with pytest.raises(WorkflowError, match="不能晚于今天"):
        workflow.record_visit(by=cast.office, assignment=assignment, region=cast.county_a,
                              visited_on=dt.date.today() + dt.timedelta(days=1), place="x")  # fmt: skip
    with pytest.raises(PermissionDeniedError):
        workflow.record_visit(
            by=cast.leader, assignment=assignment, region=cast.county_a, visited_on=dt.date.today(), place="x"
        )


def test_a_leader_sees_his_own_places_and_their_red_items(client, cast, plan, register, walk):
    from complaints.models import Complaint

    complaint = walk(register(), "received")
    Complaint.objects.filter(pk=complaint.pk).update(due_state="overdue")
    workflow.assign(by=cast.office, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a)
    cast.leader.person = plan.secretary.person
    cast.leader.save(update_fields=["person"])
    client.force_login(cast.leader)
    page = client.get("/liaison/mine/").content.decode()
    assert "信都区" in page and "1 项红色事项" in page and "尚未开展督导检查" in page
    assert "项包联地区红色事项" in client.get("/").content.decode()
    assert client.get("/api/liaison/mine").json()[0]["complaints_overdue"] == 1
    # When the county has answered, the red item leaves the leader's workbench.
    assert _red_on_workbench(client) == 1
    Complaint.objects.filter(pk=complaint.pk).update(due_state="ok")
    assert _red_on_workbench(client) == 0


def _red_on_workbench(client) -> int:
    import re

    page = client.get("/").content.decode()
    found = re.search(r"<b[^>]*>(\d+)</b> 项包联地区红色事项", page)
    return int(found.group(1))


def test_liaison_holds_scope_at_every_entry(client, cast, plan):
    assignment = workflow.assign(
        by=cast.office, plan_region=cast.xingtai, post=plan.secretary, region=cast.county_a
    )
    handan_office = make_user(
        "handan_office",
        Unit.objects.create(name="邯郸市督察办", kind="inspection", region=cast.handan),
        "office",
    )
    client.force_login(handan_office)
    assert client.get("/liaison/?region=130500").status_code == 404
    assert client.get("/api/liaison/gaps?region=130500").status_code == 404
    assert client.get(f"/liaison/visits/new/?assignment={assignment.pk}").status_code == 404
    assert client.post(f"/liaison/assignments/{assignment.pk}/end/").status_code == 404
    response = client.post(
        "/api/liaison/assignments", {"plan_region": "130500", "post_id": plan.mayor.pk, "region_code": "130505"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 404 and Assignment.objects.count() == 1


def test_the_office_builds_the_plan_and_records_a_visit_through_the_pages(client, cast, plan):
    client.force_login(cast.office)
    response = client.post(
        "/liaison/", {"region": "130500", "post": plan.mayor.pk, "target": f"r:{cast.county_b.pk}"}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(post=plan.mayor)
    page = client.get("/liaison/?region=130500").content.decode()
    assert f"?assignment={assignment.pk}" in page
    response = client.post(
        "/liaison/visits/new/",
        {"assignment": assignment.pk, "visited_on": dt.date.today().isoformat(), "region_code": "130505", "place": "任泽区某工业园",
         "f1_kind": "surface", "f1_description": "散乱污企业整治后设备未拆除", "f1_unit": cast.gov_b.pk},
    )  # fmt: skip
    assert response.status_code == 302
    visit = assignment.visits.get()
    assert visit.findings.get().needs_accountability
    assert "散乱污企业整治后设备未拆除" in client.get(f"/liaison/visits/{visit.pk}/").content.decode()
