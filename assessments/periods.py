"""Assessment periods as strings: "2018" (the year) or "2018Q4" (a quarter)."""

import datetime as dt
import re

from ducha.errors import WorkflowError

PATTERN = re.compile(r"^(\d{4})(?:Q([1-4]))?$")


def bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period; a bad period is a WorkflowError naming it."""
    match = PATTERN.match((period or "").strip().upper())
    if not match:
        raise WorkflowError(f"考核期“{period}”应写作 2018 或 2018Q4", field="period")
    year, quarter = int(match.group(1)), match.group(2)
    if quarter is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first_month = 3 * (int(quarter) - 1) + 1
    start = dt.date(year, first_month, 1)
    end = dt.date(year + (first_month + 3 > 12), (first_month + 3 - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def normalise(period: str) -> str:
    bounds(period)
    return period.strip().upper()


def year_of(period: str) -> int:
    return int(normalise(period)[:4])


def periods_of(year: int, quarterly: bool) -> list[str]:
    return [*(f"{year}Q{q}" for q in range(1, 5)), str(year)] if quarterly else [str(year)]


def sort_key(period: str) -> tuple[int, int]:
    """A year sorts after its quarters."""
    return int(period[:4]), int(period[5]) if len(period) > 4 else 5
