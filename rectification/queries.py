"""Reads of the ledger: every list starts from `Task.objects.visible_to(user)`, every figure is SQL."""

import datetime as dt

from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_noop

from rectification.models import (
    OPEN_STATUSES,
    Action,
    ActionKind,
    DispatchTally,
    FeedbackReport,
    PlanStatus,
    Problem,
    Progress,
    ProgressReport,
    Task,
    TaskKind,
    TaskStatus,
    WarningLevel,
    copies_sum,
)


def reports_for(user):
    return FeedbackReport.objects.visible_to(user).select_related("inspection", "region")


def report_for(user, pk: int) -> FeedbackReport:
    return get_object_or_404(reports_for(user), pk=pk)


# The ledger's tabs and the workbench's counts: one table of conditions, so that a list, its count
# and every figure that names the same thing agree.
TABS = [
    ("", "全部"),
    ("open", "整改中"),
    ("red", "红色预警"),
    ("yellow", "黄色预警"),
    ("overdue", "超期"),
    ("late", "迟报"),
    ("report_due", "调度待报"),
    ("applied", "待现场核查"),
    ("signing", "逐级审核"),
    ("notice", "公示中"),
    ("closed", "已销号"),
]


def conditions(today=None) -> dict[str, Q]:
    today = today or timezone.localdate()
    return {
        "": Q(),
        "open": Q(status__in=OPEN_STATUSES),
        "red": Q(status=TaskStatus.RECTIFYING, warning_level=WarningLevel.RED),
        "yellow": Q(status=TaskStatus.RECTIFYING, warning_level=WarningLevel.YELLOW),
        "overdue": Q(status__in=OPEN_STATUSES, due_on__lt=today),
        "late": Q(status=TaskStatus.RECTIFYING, report_late=True),
        "report_due": Q(
            status=TaskStatus.RECTIFYING, report_late=False, next_report_due__lte=today + dt.timedelta(days=3)
        ),
        "applied": Q(status=TaskStatus.APPLIED),
        "signing": Q(status=TaskStatus.SIGNING),
        "notice": Q(status=TaskStatus.NOTICE),
        "closed": Q(status=TaskStatus.CLOSED),
        "draft": Q(status=TaskStatus.DRAFT),
    }


def counted(**names) -> dict:
    """Aggregate arguments `{alias: Count(pk, filter=condition)}` for the named conditions."""
    table = conditions()
    return {alias: Count("pk", filter=table[name]) if name else Count("pk") for alias, name in names.items()}


def tasks_for(
    user,
    *,
    report: FeedbackReport | None = None,
    tab: str = "",
    status: str | None = None,
    unit: int | None = None,
    leader: int | None = None,
    q: str | None = None,
):
    """The tasks a user may see, narrowed to a tab of `TABS` (or a plain status), a lead unit, a
    responsible leader or a search."""
    rows = Task.objects.visible_to(user).select_related("problem", "lead_unit", "report")
    if report is not None:
        rows = rows.filter(report=report)
    table = conditions()
    if tab:
        rows = rows.filter(table[tab])
    if status:
        rows = rows.filter(table[status] if status in table else Q(status=status))
    if unit:
        rows = rows.filter(lead_unit_id=unit)
    if leader:
        rows = rows.filter(leader_id=leader)
    if q:
        rows = rows.filter(Q(code=q) | Q(target__contains=q) | Q(problem__text__contains=q))
    return rows.order_by("problem__number", "pk")


def by_urgency(rows):
    """Red and overdue first, then yellow, then the rest that is open, closed last; the nearest deadline
    first within each."""
    table = conditions()
    rank = Case(
        When(table["red"] | table["overdue"], then=Value(0)),
        When(table["yellow"], then=Value(1)),
        When(table["open"], then=Value(2)),
        When(table["closed"], then=Value(4)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return rows.annotate(urgency=rank).order_by(
        "urgency", F("due_on").asc(nulls_last=True), "problem__number", "pk"
    )


def tab_counts(user, report: FeedbackReport) -> dict[str, int]:
    """Every tab's count in one aggregate."""
    return (
        Task.objects.visible_to(user).filter(report=report).aggregate(**counted(**{n: n for n, _l in TABS}))
    )


def immediate_tasks(report: FeedbackReport, user) -> list:
    """The plan's 立行立改 tasks, each marked done (整改完成 or closed) or continuing (持续推进)."""
    done = Q(status=TaskStatus.CLOSED) | Q(progress__in=[Progress.DONE, Progress.CLOSED])
    return list(
        Task.objects.visible_to(user)
        .filter(report=report, kind=TaskKind.IMMEDIATE)
        .select_related("lead_unit")
        .annotate(
            is_done=Case(When(done, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .order_by("code")[:200]
    )


def notice_counts(report: FeedbackReport, user=None) -> list[dict]:
    """How many notices of each kind went out (次) and how many copies (份): seed 002's "预警通知 50
    余次、120 余份". One grouped query."""
    rows = Action.objects.filter(report=report)
    if user is not None:
        rows = rows.visible_to(user)
    counts = {
        r["kind"]: r
        for r in rows.values("kind").annotate(n=Count("pk"), copies=copies_sum()).order_by("kind")
    }
    return [
        {
            "kind": k,
            "label": label,
            "n": counts.get(k, {}).get("n", 0),
            "copies": counts.get(k, {}).get("copies") or 0,
        }
        for k, label in ActionKind.choices
    ]


def task_for(user, pk: int) -> Task:
    return get_object_or_404(
        Task.objects.visible_to(user).select_related(
            "problem", "report__region", "report__inspection", "lead_unit", "leader"
        ),
        pk=pk,
    )


def figures(report: FeedbackReport, user=None) -> dict:
    """The dashboard's totals in the style of "60 problems, 45 done, 15 in progress"."""
    tasks = Task.objects.filter(report=report)
    if user is not None:
        tasks = tasks.visible_to(user)
    totals = tasks.aggregate(
        **counted(
            tasks="", tasks_closed="closed", tasks_in_progress="open", tasks_draft="draft",
            tasks_overdue="overdue", tasks_yellow="yellow", tasks_red="red", reports_late="late", in_notice="notice",
        )
    )  # fmt: skip
    # A problem is done when every one of its tasks is closed: one grouped pass over the tasks.
    per_problem = tasks.values("problem_id").annotate(
        unfinished=Count("pk", filter=~Q(status=TaskStatus.CLOSED))
    )
    problem_totals = per_problem.aggregate(
        problems=Count("problem_id"), problems_done=Count("problem_id", filter=Q(unfinished=0))
    )
    if user is None or _sees_whole_report(user, report):
        problem_totals["problems"] = Problem.objects.filter(report=report).count()
    actions = Action.objects.filter(report=report).aggregate(
        **{f"actions_{kind}": Count("pk", filter=Q(kind=kind)) for kind in ActionKind.values}
    )
    result = {**problem_totals, **totals, **actions}
    result["problems_open"] = result["problems"] - result["problems_done"]
    result["warnings_yellow"] = result["actions_yellow"]
    result["warnings_red"] = result["actions_red"]
    return result


def _sees_whole_report(user, report) -> bool:
    from organisations.scope import scope_of

    return user.is_superuser or (
        user.has_role("office", "team", "discipline") and scope_of(user).covers(report.region_prefix)
    )


def by_unit(report: FeedbackReport, user=None) -> list[dict]:
    tasks = Task.objects.filter(report=report)
    if user is not None:
        tasks = tasks.visible_to(user)
    return list(
        tasks.values("lead_unit_id", "lead_unit__name")
        .annotate(
            **counted(
                total="",
                closed="closed",
                open="open",
                overdue="overdue",
                yellow="yellow",
                red="red",
                late="late",
            )
        )
        .order_by("-red", "-overdue", "-yellow", "lead_unit__name")
    )


def by_leader(report: FeedbackReport, user=None) -> list[dict]:
    tasks = Task.objects.filter(report=report)
    if user is not None:
        tasks = tasks.visible_to(user)
    return list(
        tasks.exclude(leader_name="")
        .values("leader_name", "leader_id")
        .annotate(**counted(total="", closed="closed", red="red"))
        .order_by("-total", "leader_name")
    )


def by_month(report: FeedbackReport, user=None) -> list[dict]:
    """Closures and dispatch reports per month (the dashboard's time line). Whoever sees the whole
    report reads the tally kept as reports are filed; anyone else counts the reports of their own
    tasks."""
    tasks = Task.objects.filter(report=report)
    if user is not None:
        tasks = tasks.visible_to(user)
    closed = dict(
        tasks.filter(closed_on__isnull=False)
        .annotate(month=TruncMonth("closed_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    if user is None or _sees_whole_report(user, report):
        filed = DispatchTally.objects.filter(report=report).values_list("month", "reports", "late")
    else:
        filed = (
            ProgressReport.objects.filter(task__in=tasks)
            .annotate(month=TruncMonth("period_end"))
            .values("month")
            .annotate(n=Count("pk"), late=Count("pk", filter=Q(late_days__gt=0)))
            .values_list("month", "n", "late")
        )
    tallies = {month: (n, late) for month, n, late in filed}
    months = sorted(set(closed) | set(tallies))
    return [
        {
            "month": f"{m:%Y-%m}",
            "closed": closed.get(m, 0),
            "reports": tallies.get(m, (0, 0))[0],
            "late": tallies.get(m, (0, 0))[1],
        }
        for m in months
    ]


def actions_for(user, kind: str | None = None):
    rows = Action.objects.visible_to(user).select_related("task", "unit", "report")
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def my_queues(user) -> list[tuple[str, str, int]]:
    """The workbench's rectification line: what is red, overdue, late, waiting for a site check or a
    signature among the tasks the user may see (one aggregate); for an office also the plans due within a
    week and the notices ending within three days."""
    labels = [
        ("red", "红色预警"), ("overdue", "整改超期"), ("late", "调度迟报"), ("report_due", "调度 3 日内待报"),
        ("applied", "待现场核查"), ("signing", "待审核销号"), ("notice", "公示中"),
    ]  # fmt: skip
    counts = Task.objects.visible_to(user).aggregate(**counted(**{name: name for name, _l in labels}))
    rows = [(name, label, counts[name]) for name, label in labels]
    if user.is_superuser or user.has_role("office"):
        today = timezone.localdate()
        plans = (
            reports_for(user)
            .filter(plan_status=PlanStatus.DRAFTING, plan_due_on__lte=today + dt.timedelta(days=7))
            .count()
        )
        ending = (
            Task.objects.visible_to(user)
            .filter(status=TaskStatus.NOTICE, notice_until__lte=today + dt.timedelta(days=3))
            .count()
        )
        rows += [
            ("plans_due", gettext_noop("整改方案 7 日内到期"), plans),
            ("notice_ending", gettext_noop("公示 3 日内结束"), ending),
        ]
    if not any(n for _name, _label, n in rows):
        return []
    return rows
