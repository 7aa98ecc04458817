"""Reads of the ledger: every list starts from `Task.objects.visible_to(user)`, every figure is SQL."""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from rectification.models import (
    OPEN_STATUSES,
    Action,
    ActionKind,
    DispatchTally,
    FeedbackReport,
    Problem,
    Task,
    TaskStatus,
    WarningLevel,
)


def reports_for(user):
    return FeedbackReport.objects.visible_to(user).select_related("inspection", "region")


def report_for(user, pk: int) -> FeedbackReport:
    return get_object_or_404(reports_for(user), pk=pk)


def tasks_for(
    user,
    *,
    report: FeedbackReport | None = None,
    status: str | None = None,
    warning: str | None = None,
    unit: int | None = None,
    leader: int | None = None,
    overdue: bool = False,
    late: bool = False,
    q: str | None = None,
):
    rows = Task.objects.visible_to(user).select_related("problem", "lead_unit", "report")
    if report is not None:
        rows = rows.filter(report=report)
    if status == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    if warning:
        rows = rows.filter(warning_level=warning, status=TaskStatus.RECTIFYING)
    if unit:
        rows = rows.filter(lead_unit_id=unit)
    if leader:
        rows = rows.filter(leader_id=leader)
    if overdue:
        rows = rows.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
    if late:
        rows = rows.filter(status=TaskStatus.RECTIFYING, report_late=True)
    if q:
        rows = rows.filter(Q(code=q) | Q(target__contains=q) | Q(problem__text__contains=q))
    return rows.order_by("problem__number", "pk")


def task_for(user, pk: int) -> Task:
    return get_object_or_404(
        Task.objects.visible_to(user).select_related(
            "problem", "report__region", "report__inspection", "lead_unit", "leader"
        ),
        pk=pk,
    )


def figures(report: FeedbackReport, user=None) -> dict:
    """The dashboard's totals in the style of "60 problems, 45 done, 15 in progress"."""
    today = timezone.localdate()
    tasks = Task.objects.filter(report=report)
    if user is not None:
        tasks = tasks.visible_to(user)
    totals = tasks.aggregate(
        tasks=Count("pk"),
        tasks_closed=Count("pk", filter=Q(status=TaskStatus.CLOSED)),
        tasks_in_progress=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        tasks_draft=Count("pk", filter=Q(status=TaskStatus.DRAFT)),
        tasks_overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        tasks_yellow=Count("pk", filter=Q(status=TaskStatus.RECTIFYING, warning_level=WarningLevel.YELLOW)),
        tasks_red=Count("pk", filter=Q(status=TaskStatus.RECTIFYING, warning_level=WarningLevel.RED)),
        reports_late=Count("pk", filter=Q(status=TaskStatus.RECTIFYING, report_late=True)),
        in_notice=Count("pk", filter=Q(status=TaskStatus.NOTICE)),
    )
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
    today = timezone.localdate()
    tasks = Task.objects.filter(report=report)
    if user is not None:
        tasks = tasks.visible_to(user)
    return list(
        tasks.values("lead_unit_id", "lead_unit__name")
        .annotate(
            total=Count("pk"),
            closed=Count("pk", filter=Q(status=TaskStatus.CLOSED)),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
            yellow=Count("pk", filter=Q(status=TaskStatus.RECTIFYING, warning_level=WarningLevel.YELLOW)),
            red=Count("pk", filter=Q(status=TaskStatus.RECTIFYING, warning_level=WarningLevel.RED)),
            late=Count("pk", filter=Q(status=TaskStatus.RECTIFYING, report_late=True)),
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
        .annotate(
            total=Count("pk"),
            closed=Count("pk", filter=Q(status=TaskStatus.CLOSED)),
            red=Count("pk", filter=Q(status=TaskStatus.RECTIFYING, warning_level=WarningLevel.RED)),
        )
        .order_by("-total", "leader_name")
    )


def by_month(report: FeedbackReport) -> list[dict]:
    """Closures and dispatch reports per month (the dashboard's time line); reports come from the
    tally kept as they are filed."""
    closed = dict(
        Task.objects.filter(report=report, closed_on__isnull=False)
        .annotate(month=TruncMonth("closed_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    tallies = {t.month: t for t in DispatchTally.objects.filter(report=report)}
    months = sorted(set(closed) | set(tallies))
    return [
        {
            "month": f"{m:%Y-%m}",
            "closed": closed.get(m, 0),
            "reports": tallies[m].reports if m in tallies else 0,
            "late": tallies[m].late if m in tallies else 0,
        }
        for m in months
    ]


def actions_for(user, report: FeedbackReport | None = None, kind: str | None = None):
    rows = Action.objects.visible_to(user).select_related("task", "unit", "report")
    if report is not None:
        rows = rows.filter(report=report)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def my_queues(user) -> list[tuple[str, str, int]]:
    """The workbench's rectification line: what is red, overdue, late, waiting for a site check or a
    signature among the tasks the user may see (one aggregate)."""
    today = timezone.localdate()
    counts = Task.objects.visible_to(user).aggregate(
        red=Count("pk", filter=Q(status=TaskStatus.RECTIFYING, warning_level=WarningLevel.RED)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        late=Count("pk", filter=Q(status=TaskStatus.RECTIFYING, report_late=True)),
        applied=Count("pk", filter=Q(status=TaskStatus.APPLIED)),
        signing=Count("pk", filter=Q(status=TaskStatus.SIGNING)),
        notice=Count("pk", filter=Q(status=TaskStatus.NOTICE)),
    )
    labels = [
        ("red", "红色预警"), ("overdue", "整改超期"), ("late", "调度迟报"),
        ("applied", "待现场核查"), ("signing", "待审核销号"), ("notice", "公示中"),
    ]  # fmt: skip
    if not any(counts.values()):
        return []
    return [(name, label, counts[name]) for name, label in labels]
