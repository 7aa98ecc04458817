"""Spot checks and look-backs: a reproducible stratified sample and its findings."""

import random

from django.db import transaction
from django.utils import timezone

from accountability.models import Record
from audit.workflow import record_event
from ducha.errors import WorkflowError
from notices.workflow import notify_units
from rectification import schedule
from rectification.models import (
    FAILED_FINDINGS,
    FeedbackReport,
    Finding,
    Progress,
    SpotCheck,
    SpotCheckItem,
    Task,
    TaskStatus,
)
from rectification.workflow.base import UNIT_ROLES, _locked, _move, _require_office, _text
from rectification.workflow.dispatch import _level_on
from rectification.workflow.plan import refresh_warning_dates

# --- spot checks and look-backs ----------------------------------------------------------------


def draw_sample(task_rows: list[tuple[int, str]], size: int, seed: int) -> list[int]:
    """A sample stratified by county: each county gets its share of `size` (largest remainders
    first), at least one while there is room, drawn with `random.Random(seed)` from its tasks in id
    order. The same pool and seed always give the same sample."""
    strata: dict[str, list[int]] = {}
    for pk, prefix in sorted(task_rows):
        strata.setdefault(prefix[:6], []).append(pk)
    total = sum(len(v) for v in strata.values())
    size = min(size, total)
    if size == 0:
        return []
    keys = sorted(strata)
    quotas = {k: size * len(strata[k]) / total for k in keys}
    counts = {k: int(quotas[k]) for k in keys}
    if size >= len(keys):
        for k in keys:
            counts[k] = max(counts[k], 1)
    spare = size - sum(counts.values())
    for k in sorted(keys, key=lambda k: (-(quotas[k] - int(quotas[k])), k)):
        if spare <= 0:
            break
        if counts[k] < len(strata[k]):
            counts[k] += 1
            spare -= 1
    while sum(counts.values()) > size:  # the minimum of one per county overshot: trim the largest
        largest = max(keys, key=lambda k: (counts[k], k))
        counts[largest] -= 1
    rng = random.Random(seed)
    chosen = []
    for k in keys:
        chosen.extend(rng.sample(strata[k], min(counts[k], len(strata[k]))))
    return sorted(chosen)


@transaction.atomic
def draw_spot_check(
    report: FeedbackReport, *, by, size: int, seed: int | None = None, title: str = ""
) -> SpotCheck:
    _require_office(by, report.region_prefix, "组织抽查")
    if size < 1:
        raise WorkflowError("抽取数量至少为 1", field="size")
    pool = list(report.tasks.filter(status=TaskStatus.CLOSED).values_list("pk", "region_prefix"))
    if not pool:
        raise WorkflowError("还没有已销号的任务可供抽查", field="size")
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    chosen = draw_sample(pool, size, seed)
    spot = SpotCheck.objects.create(
        report=report, title=title.strip() or f"{timezone.localdate():%Y年%m月}整改情况抽查", seed=seed,
        size=len(chosen), pool_size=len(pool), drawn_by=by, region_prefix=report.region_prefix,
    )  # fmt: skip
    SpotCheckItem.objects.bulk_create(SpotCheckItem(spot_check=spot, task_id=pk) for pk in chosen)
    record_event(
        report,
        by=by,
        action="spot_check_drawn",
        note=f"{spot.title}：从 {len(pool)} 项中抽取 {len(chosen)} 项，种子 {seed}",
    )
    return spot


@transaction.atomic
def record_spot_finding(
    item: SpotCheckItem,
    *,
    by,
    finding: str,
    note: str,
    person_name: str = "",
    post: str = "",
    form: str = "",
) -> SpotCheckItem:
    """A finding on a sampled task. Superficial, fake, perfunctory or rebounded work reopens the
    task and opens an accountability record for the person responsible."""
    item = SpotCheckItem.objects.select_for_update().select_related("spot_check").get(pk=item.pk)
    task = _locked(item.task)
    _require_office(by, task.region_prefix, "录入抽查结论")
    if item.finding:
        raise WorkflowError("该任务的抽查结论已录入", field="finding", code="duplicate")
    if finding not in Finding.values:
        raise WorkflowError("抽查结论应为：整改到位 / 表面 / 虚假 / 敷衍 / 反弹", field="finding")
    note = _text(note, field="note", label="抽查情况")
    failed = finding in FAILED_FINDINGS
    if failed and not person_name.strip():
        raise WorkflowError("整改不到位须写明被问责人", field="person_name")
    item.finding, item.note, item.checked_on, item.checked_by = finding, note, timezone.localdate(), by
    item.save()
    if not failed:
        record_event(task, by=by, action="spot_check_sound", note=f"{item.spot_check.title}：{note[:60]}")
        return item
    label = Finding(finding).label
    reopen_task(
        task, by=by, note=f"{item.spot_check.title}：{label}。{note}", title=f"抽查发现{label}，任务重新整改：{task.code}",
        key=f"reopened:{item.pk}",
    )  # fmt: skip
    record = Record.objects.create(
        person_name=person_name.strip()[:40], post=post.strip()[:80], unit=task.lead_unit, form=form or "",
        reason=f"整改任务 {task.code} 抽查发现{label}：{note}", task=task, source=item.spot_check.title,
        region_prefix=task.region_prefix, created_by=by, source_kind="spot_check", spot_check_item=item,
    )  # fmt: skip
    record_event(task, by=by, action="accountability_opened", note=f"{record.person_name} {record.post}")
    return item


def reopen_task(task: Task, *, by, note: str, title: str, key: str) -> Task:
    """A check found the work superficial, fake, perfunctory or rebounded: a closed or finishing task goes
    back to rectification, behind schedule, and its lead unit is told (SMS too). `task` is locked."""
    if task.status == TaskStatus.DRAFT:
        raise WorkflowError(f"任务 {task.code} 尚在方案编制阶段", field="task", code="transition")
    task.reopened += 1
    task.closed_on = None
    task.percent = min(task.percent, 90)
    task.progress = Progress.BEHIND
    refresh_warning_dates(task)
    task.warning_level = _level_on(task, timezone.localdate())
    task.next_report_due = schedule.first_due(timezone.localdate(), task.cycle)
    _move(
        task, TaskStatus.RECTIFYING, by=by, action="reopened", note=note[:200],
        fields=["reopened", "closed_on", "percent", "progress", "yellow_from", "red_from", "warning_level", "next_report_due"],
    )  # fmt: skip
    notify_units(
        [task.lead_unit_id], UNIT_ROLES, title=title, body=note[:200], link=f"/rectification/tasks/{task.pk}/",
        level="danger", key=key, sms=True,
    )  # fmt: skip
    return task
