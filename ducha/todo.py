"""The workbench's 现在要做: the concrete items waiting for this user, most urgent first — complaints from
the queues of the user's roles by their current deadline, and open rectification tasks by urgency — each
with how much time is left. Counts stay in the queue lines above it; this is the first thing to open."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from complaints.models import Complaint, DueState
from complaints.queries import QUEUES, queues_for
from rectification.models import Task
from rectification.queries import by_urgency, conditions

LIMIT = 8


@dataclass
class Item:
    what: str
    number: str
    text: str
    url: str
    due: object  # a datetime or a date, or None
    level: str  # red, yellow, green


def _complaint_condition(user) -> tuple[Q, list[str]]:
    names = [n for n in queues_for(user) if n != "overdue"]
    condition = Q(pk__in=[])
    for name in names:
        part = QUEUES[name][1]
        if name in ("to_answer", "stage_closed") and user.has_role("handler") and not user.is_superuser:
            part &= Q(lead_unit_id=user.unit_id)
        condition |= part
    return condition, names


def complaint_items(user) -> list[Item]:
    condition, names = _complaint_condition(user)
    if not names:
        return []
    rows = (
        Complaint.objects.visible_to(user)
        .filter(condition)
        .only("pk", "number", "text", "status", "due_at", "due_state")
        .order_by("due_at", "received_at")
    )
    rows = list(rows.exclude(due_at=None)[:LIMIT]) or list(rows[:LIMIT])
    items = []
    for row in rows:
        what = row.get_status_display()
        level = {DueState.OVERDUE: "red", DueState.SOON: "yellow"}.get(row.due_state, "green")
        items.append(
            Item(
                what, row.number, row.text[:40], reverse("complaint_detail", args=[row.pk]), row.due_at, level
            )
        )
    return items


def task_items(user) -> list[Item]:
    if not (user.is_superuser or user.has_role("office", "handler", "signer", "leader")):
        return []
    table = conditions()
    rows = by_urgency(
        Task.objects.visible_to(user)
        .filter(table["open"])
        .select_related("problem")
        .only("pk", "code", "target", "due_on", "warning_level", "status", "problem__number")
    )[:LIMIT]
    today = timezone.localdate()
    items = []
    for task in rows:
        late = task.due_on is not None and task.due_on < today
        level = (
            "red"
            if late or task.warning_level == "red"
            else "yellow"
            if task.warning_level == "yellow"
            else "green"
        )
        items.append(
            Item(gettext("整改任务") + (f"（{task.get_warning_level_display()}）" if task.warning_level else ""),
                 task.code, task.target[:40], reverse("task_detail", args=[task.pk]), task.due_on, level)
        )  # fmt: skip
    return items


def todo(user) -> list[Item]:
    """Red first, then yellow, then the rest; the nearest deadline first within each."""
    order = {"red": 0, "yellow": 1, "green": 2}
    items = complaint_items(user) + task_items(user)

    def key(item):
        due = item.due
        if due is not None and not hasattr(due, "hour"):
            due = timezone.make_aware(dt.datetime.combine(due, dt.time.max))
        return (order[item.level], due is None, due or timezone.now())

    return sorted(items, key=key)[: LIMIT + 4]
