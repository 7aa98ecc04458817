"""The cockpit's figures: per child region (a province's cities, a city's counties) in one aggregate per
table, a 30-day trend, and the ranking. Scoped by the user's region (organisations.scope); figures only,
no complaint or task is listed here."""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone

from complaints.models import CLOCKED, FINISHED, Complaint, DueState
from organisations.models import Region, RegionLevel
from organisations.scope import scope_of
from rectification.models import Task
from rectification.queries import conditions

TREND_DAYS = 30


def children_of(region: Region) -> list[Region]:
    levels = [RegionLevel.CITY, RegionLevel.COUNTY]
    children = list(Region.objects.filter(parent=region, level__in=levels).order_by("code"))
    return children or [region]


def _by_prefix(rows, children, **aggregates) -> dict[str, dict]:
    """`aggregates` summed per child, grouping on the leading digits of `region_prefix`."""
    out = {}
    for length in sorted({len(c.prefix) for c in children}):
        wanted = Q()
        for child in children:
            if len(child.prefix) == length:
                wanted |= Q(region_prefix__startswith=child.prefix)
        grouped = (
            rows.filter(wanted)
            .annotate(part=Substr("region_prefix", 1, length))
            .values("part")
            .annotate(**aggregates)
            .order_by()
        )
        for row in grouped:
            out[row.pop("part")] = row
    return out


def figures(user, region: Region) -> dict:
    scope = scope_of(user)
    children = children_of(region)
    today = timezone.localdate()
    complaints = Complaint.objects.within(scope).filter(region_prefix__startswith=region.prefix)
    tasks = Task.objects.within(scope).filter(region_prefix__startswith=region.prefix)
    table = conditions(today)
    by_complaints = _by_prefix(
        complaints, children,
        received=Count("pk"),
        overdue=Count("pk", filter=Q(status__in=CLOCKED, due_state=DueState.OVERDUE)),
        closed=Count("pk", filter=Q(status__in=FINISHED)),
    )  # fmt: skip
    by_tasks = _by_prefix(
        tasks, children,
        tasks_open=Count("pk", filter=table["open"]),
        tasks_red=Count("pk", filter=table["red"]),
        tasks_overdue=Count("pk", filter=table["overdue"]),
        tasks_closed=Count("pk", filter=table["closed"]),
    )  # fmt: skip
    rows = []
    empty_c = {"received": 0, "overdue": 0, "closed": 0}
    empty_t = {"tasks_open": 0, "tasks_red": 0, "tasks_overdue": 0, "tasks_closed": 0}
    for child in children:
        row = {"code": child.code, "name": child.name, "prefix": child.prefix}
        row |= by_complaints.get(child.prefix, empty_c) | by_tasks.get(child.prefix, empty_t)
        row["closed_rate"] = round(row["closed"] * 100 / row["received"]) if row["received"] else None
        rows.append(row)
    totals = {key: sum(r[key] for r in rows) for key in (*empty_c, *empty_t)}
    since = today - dt.timedelta(days=TREND_DAYS - 1)
    days = [since + dt.timedelta(days=n) for n in range(TREND_DAYS)]
    received = dict(
        complaints.filter(received_at__date__gte=since)
        .annotate(day=TruncDate("received_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    closed = dict(
        complaints.filter(status__in=FINISHED, closed_at__date__gte=since)
        .annotate(day=TruncDate("closed_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ranking = sorted(rows, key=lambda r: (-r["overdue"] - r["tasks_red"] - r["tasks_overdue"], r["code"]))
    return {
        "children": children,
        "rows": rows,
        "ranking": ranking,
        "totals": totals,
        "trend": {
            "days": [f"{d.month}-{d.day}" for d in days],
            "received": [received.get(d, 0) for d in days],
            "closed": [closed.get(d, 0) for d in days],
        },
    }
