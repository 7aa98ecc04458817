"""The rectification ledger in Excel, in the common layout
序号 · 问题 · 整改目标 · 整改措施 · 责任单位 · 责任领导 · 责任人 · 完成时限 · 整改进展 · 状态.

Import is all-or-nothing: every row is checked first and every error returned with its row number,
column and reason; nothing is written unless every row is right. A 序号 seen again (or a row with
an empty 问题 under a merged cell) adds another task to the same problem. 责任单位 names the lead
unit first and the co-units after it (、，; separated). Export streams rows into a write-only
workbook in the same layout, so a ledger of any length fits in flat memory.
"""

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from openpyxl import Workbook

from audit.workflow import record_event
from ducha.errors import PermissionDeniedError
from ducha.spreadsheets import write_table
from organisations.models import Person, Unit
from organisations.scope import scope_of
from organisations.workflow import ImportResult, RowError
from rectification import schedule, workflow
from rectification.models import (
    FeedbackReport,
    PlanStatus,
    Problem,
    Progress,
    ProgressReport,
    Task,
    TaskKind,
    TaskStatus,
)

LEDGER_COLUMNS = (
    "序号", "问题", "整改目标", "整改措施", "责任单位", "责任领导", "责任人", "完成时限", "整改进展", "状态",
)  # fmt: skip
REQUIRED = ("序号", "问题", "整改目标", "责任单位", "完成时限")
SPLIT = re.compile(r"[、,，;；/]+")
PROGRESS_NAMES = {label: value for value, label in Progress.choices}
DATE_PATTERNS = [
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"), "day"),
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})月?(底|末)?$"), "month"),
    (re.compile(r"^(\d{4})年?(底|末)?$"), "year"),
]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_deadline(value, *, default_immediate: dt.date) -> tuple[str, dt.date | None]:
    """(kind, deadline) from a 完成时限 cell: a date, 2018年12月底, 2018年底, 立行立改 [date],
    长期坚持. Raises ValueError with the reason."""
    if isinstance(value, dt.datetime):
        return TaskKind.DEADLINE, value.date()
    if isinstance(value, dt.date):
        return TaskKind.DEADLINE, value
    text = _text(value).replace(" ", "")
    if not text:
        raise ValueError("不能为空")
    kind = TaskKind.DEADLINE
    if text.startswith("长期坚持"):
        return TaskKind.LONG_TERM, None
    if text.startswith("立行立改"):
        kind, text = TaskKind.IMMEDIATE, text.removeprefix("立行立改").strip("（）()，,")
        if not text:
            return kind, default_immediate
    for pattern, grain in DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year = int(match.group(1))
        try:
            if grain == "day":
                return kind, dt.date(year, int(match.group(2)), int(match.group(3)))
            if grain == "month":
                month = int(match.group(2))
                return kind, dt.date(year, month, calendar.monthrange(year, month)[1])
            return kind, dt.date(year, 12, 31)
        except ValueError:
            break
    raise ValueError(f"“{text}”不是日期；可写 2018-12-31、2018年12月底、2018年底、立行立改或长期坚持")


def _resolver(report: FeedbackReport):
    """Written unit name → Resolution among the active units of the report's region and below, as ledgers
    write them (市环保局, 汉滨区政府, 旬阳县政府; organisations.names), each distinct name looked up once."""
    from organisations.names import resolve

    units = Unit.objects.filter(region__prefix__startswith=report.region_prefix, is_active=True)
    cache = {}

    def lookup(name: str):
        if name not in cache:
            cache[name] = resolve(name, units, place=report.region.name)
        return cache[name]

    return lookup


def import_ledger(
    rows: Iterable[tuple[int, dict]],
    *,
    report: FeedbackReport,
    by,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> ImportResult:
    if not (by.is_superuser or (by.has_role("office") and scope_of(by).covers(report.region_prefix))):
        raise PermissionDeniedError("只有整改办可以导入整改台账")
    result = ImportResult()
    units = _resolver(report)
    people = dict(
        Person.objects.filter(region__prefix__startswith=report.region_prefix[:4]).values_list("name", "pk")
    )
    existing = dict(report.problems.values_list("number", "text"))
    taken_codes = set(report.tasks.values_list("code", flat=True))
    planned = []
    problems: dict[int, str] = {}
    current_number: int | None = None
    per_problem: dict[int, int] = {}
    for count, (row, cells) in enumerate(rows, start=1):
        errors = []

        def error(column, message, row=row, errors=errors):
            errors.append(RowError(row, column, message))

        number_text = _text(cells.get("序号"))
        problem_text = _text(cells.get("问题"))
        if number_text:
            try:
                current_number = int(float(number_text))
                if current_number < 1:
                    raise ValueError
            except ValueError:
                error("序号", f"“{number_text}”不是正整数")
                current_number = None
        elif current_number is None:
            error("序号", "第一行须有序号")
        number = current_number
        if number is not None:
            known = problems.get(number) or existing.get(number)
            if problem_text and known and known != problem_text:
                error("问题", f"序号 {number} 已对应另一问题“{known[:20]}…”")
            elif not problem_text and not known:
                error("问题", "不能为空")
            elif problem_text and not known:
                problems[number] = problem_text
        target = _text(cells.get("整改目标"))
        if not target:
            error("整改目标", "不能为空")
        unit_names = [n.strip() for n in SPLIT.split(_text(cells.get("责任单位"))) if n.strip()]
        lead, co_units = None, []
        if not unit_names:
            error("责任单位", "不能为空")
        for index, name in enumerate(unit_names):
            found = units(name)
            unit = found.unit
            if unit is None:
                errors.append(
                    RowError(row, "责任单位", f"“{name}”" + (found.message if found.candidates else
                             f"不是{report.region.name}及下辖的单位（请写全称，或在导入结果页对照、新建）"), unit_name=name,
                             candidates=[u.pk for u in found.candidates])
                )  # fmt: skip
            elif index == 0:
                lead = unit
            else:
                co_units.append(unit)
        try:
            kind, due_on = parse_deadline(cells.get("完成时限"), default_immediate=report.plan_due_on)
        except ValueError as exc:
            error("完成时限", str(exc))
            kind, due_on = TaskKind.DEADLINE, None
        state_text = _text(cells.get("状态"))
        state = PROGRESS_NAMES.get(state_text) if state_text else None
        if state_text and state is None:
            error(
                "状态",
                f"“{state_text}”不在调度用语之列：{'、'.join(str(label) for label in Progress.labels)}",
            )
        starts_on = report.delivered_on
        if due_on is not None and due_on < starts_on:
            error("完成时限", f"{due_on} 早于反馈日期 {starts_on}")
        if errors:
            result.errors.extend(errors)
            continue
        per_problem[number] = per_problem.get(number, 0) + 1
        code = f"{number}-{per_problem[number]}"
        while code in taken_codes:
            per_problem[number] += 1
            code = f"{number}-{per_problem[number]}"
        taken_codes.add(code)
        leader_name = _text(cells.get("责任领导"))
        planned.append(
            dict(
                number=number, code=code, target=target, measures=_text(cells.get("整改措施")), lead=lead,
                co_units=co_units, leader_name=leader_name, leader_id=people.get(leader_name),
                person=_text(cells.get("责任人")), kind=kind, due_on=due_on, starts_on=starts_on,
                progress_text=_text(cells.get("整改进展")), state=state,
            )
        )  # fmt: skip
        if progress and count % 1000 == 0:
            progress("检查", count, None)
    if result.errors:
        return result
    with transaction.atomic():
        _write(report, by, problems, planned, result, progress)
    return result


def _write(report, by, problems, planned, result, progress) -> None:
    report = FeedbackReport.objects.select_for_update().get(pk=report.pk)
    Problem.objects.bulk_create(Problem(report=report, number=n, text=t) for n, t in problems.items())
    problem_ids = dict(report.problems.values_list("number", "pk"))
    rectifying = report.plan_status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED)
    today = timezone.localdate()
    tasks = []
    for item in planned:
        status = TaskStatus.RECTIFYING if rectifying else TaskStatus.DRAFT
        points = schedule.schedule_points(item["starts_on"], item["due_on"], [])
        expected = schedule.expected_percent(points, today) if len(points) > 1 else 0
        state = item["state"] or Progress.NOT_STARTED
        percent = {
            Progress.NOT_STARTED: 0, Progress.BEHIND: max(0, expected - 15), Progress.ON_SCHEDULE: expected,
            Progress.AHEAD: min(99, expected + 10), Progress.DONE: 100, Progress.CLOSED: 100,
        }[state]  # fmt: skip
        if state == Progress.CLOSED:
            status = TaskStatus.CLOSED
        yellow, red = schedule.warning_dates(
            starts_on=item["starts_on"], due_on=item["due_on"], milestones=[], percent=percent
        )
        tasks.append(
            Task(
                problem_id=problem_ids[item["number"]], report=report, code=item["code"], target=item["target"],
                measures=item["measures"], kind=item["kind"], starts_on=item["starts_on"], due_on=item["due_on"],
                lead_unit=item["lead"], leader_id=item["leader_id"], leader_name=item["leader_name"],
                responsible_person=item["person"][:60], sign_levels=workflow.default_sign_levels(item["lead"]),
                region_prefix=item["lead"].region.prefix, status=status, progress=state, percent=percent,
                closed_on=today if status == TaskStatus.CLOSED else None, yellow_from=yellow, red_from=red,
                next_report_due=schedule.first_due(today, "monthly") if status == TaskStatus.RECTIFYING else None,
            )
        )  # fmt: skip
    Task.objects.bulk_create(tasks, batch_size=1000)
    created = {t.code: t for t in Task.objects.filter(report=report, code__in=[i["code"] for i in planned])}
    links = []
    reports = []
    for item in planned:
        task = created[item["code"]]
        links.extend(Task.co_units.through(task_id=task.pk, unit_id=u.pk) for u in item["co_units"])
        if item["progress_text"]:
            reports.append(
                ProgressReport(
                    task=task, period_end=schedule.period_end(today, "monthly"), text=item["progress_text"],
                    percent=task.percent, progress=task.progress, reported_by=by,
                )
            )  # fmt: skip
    Task.co_units.through.objects.bulk_create(links, batch_size=2000)
    ProgressReport.objects.bulk_create(reports, batch_size=1000)
    if reports:
        workflow.tally_reports(report.pk, today.replace(day=1), count=len(reports))
    from audit.workflow import record_events

    record_events(list(created.values()), by=by, action="task_imported", note="整改台账导入")
    record_event(
        report,
        by=by,
        action="ledger_imported",
        region_prefix=report.region_prefix,
        note=f"{len(tasks)} 项任务",
    )
    result.created = len(tasks)
    if progress:
        progress("写入", len(tasks), len(tasks))


def ledger_title(report: FeedbackReport) -> str:
    return f"{report.title}整改台账"


def ledger_rows(report: FeedbackReport, tasks=None):
    latest = ProgressReport.objects.filter(task=OuterRef("pk")).order_by("-reported_at", "-pk")
    tasks = tasks if tasks is not None else report.tasks.all()
    return (
        tasks.order_by("problem__number", "pk")
        .annotate(latest_text=Subquery(latest.values("text")[:1]))
        .values_list(
            "pk", "problem__number", "problem__text", "target", "measures", "lead_unit__name", "leader_name",
            "responsible_person", "kind", "due_on", "latest_text", "progress", "status",
        )
    )  # fmt: skip


def write_ledger(report: FeedbackReport, target, *, tasks=None, progress=None) -> int:
    """The ledger in the import layout, with a title row, header frozen and filtered; streams in chunks."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("整改台账")
    co_names = {}
    through = Task.co_units.through.objects.filter(task__report=report).values_list("task_id", "unit__name")
    for task_id, name in through.iterator(chunk_size=5000):
        co_names.setdefault(task_id, []).append(name)
    labels = {value: str(label) for value, label in Progress.choices}

    def rows():
        for count, row in enumerate(ledger_rows(report, tasks).iterator(chunk_size=2000), start=1):
            pk, number, problem, goal, measures, lead, leader, person, kind, due_on, latest, state, status = (
                row
            )
            units = "、".join([lead, *co_names.get(pk, [])])
            if kind == TaskKind.LONG_TERM:
                deadline = "长期坚持"
            elif kind == TaskKind.IMMEDIATE:
                deadline = f"立行立改（{due_on:%Y-%m-%d}）" if due_on else "立行立改"
            else:
                deadline = due_on
            state_label = labels[Progress.CLOSED] if status == TaskStatus.CLOSED else labels.get(state, "")
            if progress and count % 10000 == 0:
                progress("导出", count, None)
            yield [
                number,
                problem,
                goal,
                measures,
                units,
                leader,
                person,
                deadline,
                latest or "",
                state_label,
            ]

    count = write_table(sheet, LEDGER_COLUMNS, rows(), title=ledger_title(report))
    workbook.save(target)
    return count
