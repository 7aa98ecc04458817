"""Every write of leader liaison (包联): the plan's assignments, and visits with their findings.

Who may do what: the office (整改办 / 督察办) of the plan's region keeps the plan and records visits on the
leaders' behalf; a leader's own account is read-only (DOMAIN.md's roles).

A finding of 表面 / 虚假 / 敷衍整改 or 整改反弹 about a task reopens it (a task still being rectified is
marked behind and its unit told); a finding the ledger does not hold opens a new task under a problem of
the feedback report. Such findings call for accountability: they wait in the discipline group's queue
until a record links to them, or one is registered with the visit when the person is already known.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit.workflow import record_event
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import required_text
from liaison.models import Assignment, AssignmentKind, Finding, FindingKind, Visit
from organisations.models import Post, Region, RegionLevel, Unit, UnitKind
from organisations.scope import require_office, scope_of

FAILED_KINDS = (FindingKind.SURFACE, FindingKind.FAKE, FindingKind.PERFUNCTORY, FindingKind.REBOUND)
REOPENABLE = ("applied", "signing", "notice", "closed")


@transaction.atomic
def assign(
    *, by, plan_region: Region, post: Post, region: Region | None = None, unit: Unit | None = None,
    kind: str = AssignmentKind.LEADER, portfolio: str = "",
) -> Assignment:  # fmt: skip
    """One leader (or special group) covers one county or township, or one department."""
    require_office(by, plan_region.prefix, "制定包联方案")
    if plan_region.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
        raise WorkflowError("包联方案按市、县（区）制定", field="plan_region")
    if kind not in AssignmentKind.values:
        raise WorkflowError("类别无效", field="kind")
    if (region is None) == (unit is None):
        raise WorkflowError("每条包联关系对应一个县（区）、乡镇（街道）或一个部门", field="region")
    if post.ended_on is not None:
        raise WorkflowError(f"{post.person.name}已于 {post.ended_on} 离任{post.title}", field="post")
    if post.unit.region_id != plan_region.pk:
        raise WorkflowError(
            f"{post.person.name}（{post.unit.name}）不是{plan_region.name}的领导", field="post"
        )
    if region is not None:
        expected = RegionLevel.COUNTY if plan_region.level == RegionLevel.CITY else RegionLevel.TOWNSHIP
        if region.parent_id != plan_region.pk or region.level != expected:
            what = "县（区）" if expected == RegionLevel.COUNTY else "乡镇（街道）"
            raise WorkflowError(f"{region.name}不是{plan_region.name}所辖{what}", field="region")
    if unit is not None and (unit.region_id != plan_region.pk or unit.kind != UnitKind.DEPARTMENT):
        raise WorkflowError(f"{unit.name}不是{plan_region.name}的部门", field="unit")
    if Assignment.objects.filter(post=post, region=region, unit=unit, is_active=True).exists():
        raise WorkflowError("该包联关系已存在", field="region", code="duplicate")
    assignment = Assignment.objects.create(
        plan_region=plan_region, kind=kind, post=post, region=region, unit=unit,
        portfolio=(portfolio or "").strip()[:80], created_by=by,
    )  # fmt: skip
    record_event(
        assignment,
        by=by,
        action="liaison_assigned",
        note=f"{post.person.name}（{post.title}）→ {assignment.target_name}",
    )
    return assignment


@transaction.atomic
def end_assignment(assignment: Assignment, *, by) -> Assignment:
    require_office(by, assignment.plan_region.prefix, "调整包联方案")
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not locked.is_active:
        raise WorkflowError("该包联关系已撤销", field="is_active", code="duplicate")
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    record_event(locked, by=by, action="liaison_ended", note=str(locked))
    return locked


@dataclass
class FindingIn:
    kind: str
    description: str
    unit: Unit
    task: object = None  # rectification.Task, about which the finding was made
    problem: object = None  # rectification.Problem, to open a new task under
    due_on: dt.date | None = None  # the new task's deadline
    person_name: str = ""  # known already: registered with the finding
    post: str = ""


def _covers(assignment: Assignment, region: Region) -> bool:
    if assignment.region_id:
        return region.prefix.startswith(assignment.region.prefix)
    return region.prefix.startswith(assignment.unit.region.prefix)


@transaction.atomic
def record_visit(
    *, by, assignment: Assignment, region: Region, visited_on: dt.date, place: str, summary: str = "",
    tasks=(), findings: list[FindingIn] = (),
) -> Visit:  # fmt: skip
    """督导检查: where and when the liaison leader went, the tasks looked at, and what was found."""
    require_office(by, assignment.plan_region.prefix, "登记包联督导检查")
    if not assignment.is_active:
        raise WorkflowError("该包联关系已撤销", field="assignment")
    if not _covers(assignment, region):
        raise WorkflowError(f"{region.name}不在{assignment.target_name}的包联范围内", field="region")
    if visited_on is None or visited_on > timezone.localdate():
        raise WorkflowError("检查日期不能晚于今天", field="visited_on")
    place = required_text(place, field="place", label="检查地点", limit=200)
    tasks = list(tasks)
    for task in tasks:
        if not scope_of(by).covers(task.region_prefix):
            raise PermissionDeniedError(f"整改任务 {task.code} 不在您的管辖范围内")
    visit = Visit.objects.create(
        assignment=assignment, region=region, visited_on=visited_on, place=place,
        summary=(summary or "").strip()[:4000], created_by=by,
    )  # fmt: skip
    if tasks:
        visit.tasks.set(tasks)
    record_event(visit, by=by, action="liaison_visited", note=f"{assignment.post.person.name} · {place}")
    for index, spec in enumerate(findings, start=1):
        _add_finding(visit, spec, by=by, index=index)
    return visit


def _add_finding(visit: Visit, spec: FindingIn, *, by, index: int) -> Finding:
    from accountability.models import SourceKind
    from accountability.workflow import register_record
    from rectification import workflow as rectification
    from rectification.models import Task

    if spec.kind not in FindingKind.values:
        raise WorkflowError(f"第 {index} 项问题的类别无效", field="findings")
    description = required_text(
        spec.description, field="findings", label=f"第 {index} 项问题描述", limit=2000
    )
    if spec.unit is None or not scope_of(by).covers(spec.unit.region.prefix):
        raise WorkflowError(f"第 {index} 项问题的责任单位不在您的管辖范围内", field="findings")
    failed = spec.kind in FAILED_KINDS
    finding = Finding.objects.create(
        visit=visit, kind=spec.kind, description=description, unit=spec.unit, task=spec.task,
        needs_accountability=failed,
    )  # fmt: skip
    label = FindingKind(spec.kind).label
    leader = visit.assignment.post.person.name
    if spec.task is not None:
        task = Task.objects.select_for_update().get(pk=spec.task.pk)
        note = f"{leader}包联督导检查（{visit.visited_on}）发现{label}：{description}"
        if failed and task.status in REOPENABLE:
            rectification.reopen_task(
                task, by=by, note=note, title=f"包联督导发现{label}，任务重新整改：{task.code}",
                key=f"liaison-reopened:{finding.pk}",
            )  # fmt: skip
        else:
            record_event(task, by=by, action="liaison_finding", note=note[:200])
    elif spec.problem is not None:
        task = rectification.add_task(
            spec.problem, by=by, target=description, lead_unit=spec.unit, starts_on=timezone.localdate(),
            due_on=spec.due_on, measures=f"{leader}包联督导检查发现{label}，限期整改",
        )  # fmt: skip
        finding.task, finding.opened_task = task, True
        finding.save(update_fields=["task", "opened_task"])
    if spec.person_name.strip():
        register_record(
            by=by, unit=spec.unit, person_name=spec.person_name, post=spec.post,
            reason=f"包联督导检查（{visit.visited_on}，{visit.place}）发现{label}：{description}",
            source_kind=SourceKind.LIAISON, task=finding.task, liaison_finding=finding,
        )  # fmt: skip
    return finding
