"""Schedule position (序时进度), warning dates and dispatch cycles: plain date arithmetic.

The schedule line of a task runs from 0 % on its start day through its milestones to 100 % on its
deadline, straight between points. A task is behind by `expected − reported` points. It turns
yellow on the first day it is `YELLOW_GAP` or more points behind (still possible), and red on the
first day it is `RED_GAP` or more behind, or the day after its deadline unfinished (cannot finish in
time). Both days are computed once, when progress or the schedule changes, so that the periodic
sweep only compares dates.
"""

import calendar
import datetime as dt
import itertools
import math
from collections.abc import Iterable
from fractions import Fraction

from django.conf import settings

from rectification.models import Cycle, Progress

ONE_DAY = dt.timedelta(days=1)


def gaps() -> tuple[int, int]:
    return settings.RECTIFICATION_YELLOW_GAP, settings.RECTIFICATION_RED_GAP


def schedule_points(
    starts_on: dt.date, due_on: dt.date | None, milestones: Iterable[tuple[dt.date, int]]
) -> list[tuple[dt.date, int]]:
    """The corners of the schedule line, in date order, with the percent never falling."""
    points = [(starts_on, 0)]
    for day, percent in sorted(milestones):
        if day > points[-1][0] and (due_on is None or day < due_on):
            points.append((day, max(percent, points[-1][1])))
    if due_on is not None and due_on > starts_on:
        points.append((due_on, 100))
    return points


def expected_percent(points: list[tuple[dt.date, int]], day: dt.date) -> int:
    """Where the task should stand on `day` (rounded down to a whole percent)."""
    if day <= points[0][0]:
        return points[0][1]
    for (d0, p0), (d1, p1) in itertools.pairwise(points):
        if day <= d1:
            return int(p0 + Fraction(p1 - p0) * (day - d0).days / (d1 - d0).days)
    return points[-1][1]


def first_day_behind(points: list[tuple[dt.date, int]], percent: int, gap: int) -> dt.date | None:
    """The first day on which the schedule line is `gap` or more points above `percent`."""
    target = percent + gap
    if target <= points[0][1]:
        return points[0][0]
    for (d0, p0), (d1, p1) in itertools.pairwise(points):
        if p1 >= target > p0:
            offset = math.ceil(Fraction(target - p0) * (d1 - d0).days / (p1 - p0))
            return d0 + dt.timedelta(days=offset)
    return None


def warning_dates(
    *, starts_on: dt.date, due_on: dt.date | None, milestones, percent: int
) -> tuple[dt.date | None, dt.date | None]:
    """(yellow_from, red_from) for a task standing at `percent`; (None, None) once it is done."""
    if percent >= 100:
        return None, None
    yellow_gap, red_gap = gaps()
    points = schedule_points(starts_on, due_on, milestones)
    if len(points) == 1:
        return None, None  # a long-term task with no milestones has no schedule line
    yellow = first_day_behind(points, percent, yellow_gap)
    red = first_day_behind(points, percent, red_gap)
    if due_on is not None:
        overdue = due_on + ONE_DAY
        red = min(red, overdue) if red else overdue
    if yellow is not None and red is not None and yellow > red:
        yellow = red
    return yellow, red


def progress_for(percent: int, expected: int) -> str:
    """The dispatch status a report of `percent` earns against the schedule line (the unit may say
    otherwise only where the vocabulary allows: see workflow.report_progress)."""
    if percent >= 100:
        return Progress.DONE
    if percent == 0:
        return Progress.NOT_STARTED
    if percent < expected:
        return Progress.BEHIND
    if percent == expected:
        return Progress.ON_SCHEDULE
    return Progress.AHEAD


def period_end(day: dt.date, cycle: str) -> dt.date:
    """The last day of the dispatch period that contains `day`: month end; the 10th, 20th or month
    end (旬); or Sunday."""
    month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if cycle == Cycle.WEEKLY:
        return day + dt.timedelta(days=6 - day.weekday())
    if cycle == Cycle.DEKAD:
        if day.day <= 10:
            return day.replace(day=10)
        if day.day <= 20:
            return day.replace(day=20)
        return month_end
    return month_end


CYCLE_DAYS = {Cycle.MONTHLY: 30, Cycle.DEKAD: 10, Cycle.WEEKLY: 7}


def first_due(day: dt.date, cycle: str) -> dt.date:
    """When a task starts a cycle on `day` (plan approved, warning raised, task reopened): the end of
    the current period, or of the next one if less than a third of the current period is left."""
    end = period_end(day, cycle)
    if (end - day).days < CYCLE_DAYS[cycle] // 3:
        end = period_end(end + ONE_DAY, cycle)
    return end


def next_due_after_report(
    *, reported_on: dt.date, current_due: dt.date | None, cycle: str
) -> tuple[dt.date, dt.date]:
    """(the period this report answers, the next report's due day).

    A late report answers the period that was missed; the next one is due at the end of the period
    after it, or of today's period if more than one was missed."""
    own_period = period_end(reported_on, cycle)
    answered = min(current_due, own_period) if current_due else own_period
    following = period_end(answered + ONE_DAY, cycle)
    return answered, max(following, own_period) if answered < reported_on else following


def cycle_for(level: str) -> str:
    """Lagging tasks report more often: every ten days when yellow, weekly when red."""
    return {"yellow": Cycle.DEKAD, "red": Cycle.WEEKLY}.get(level, Cycle.MONTHLY)
