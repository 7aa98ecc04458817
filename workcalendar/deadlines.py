"""Deadline arithmetic: add N hours, calendar days, working days or months to a moment.

Rules (DOMAIN.md, "Deadlines"):
- hours are exact: 10:15 + 1 hour is 11:15, whatever the day;
- days, working days and months count whole days after the start day (the start day does not
  count) and end at the close of the last day, 23:59:59 local time;
- working days follow the holiday table (CalendarDay); a year without data (no CalendarYear row)
  falls back to Monday–Friday and is reported by `missing_years`.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workcalendar.models import CalendarDay, CalendarYear, DayKind

UNITS = {
    "hour": _("小时"),
    "day": _("自然日"),
    "workday": _("工作日"),
    "month": _("月"),
}
UNIT_ALIASES = {
    "hour": "hour",
    "hours": "hour",
    "h": "hour",
    "小时": "hour",
    "day": "day",
    "days": "day",
    "d": "day",
    "天": "day",
    "日": "day",
    "自然日": "day",
    "workday": "workday",
    "workdays": "workday",
    "wd": "workday",
    "工作日": "workday",
    "month": "month",
    "months": "month",
    "个月": "month",
    "月": "month",
}
END_OF_DAY = dt.time(23, 59, 59)


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> "Duration":
        """'3 workday', '5 days', '1 hour', '30 工作日' → Duration."""
        parts = text.strip().split(None, 1)
        if len(parts) == 1:
            digits = "".join(ch for ch in parts[0] if ch.isdigit())
            parts = [digits, parts[0][len(digits) :]]
        try:
            amount = int(parts[0])
        except ValueError:
            raise ValueError(f"期限“{text}”的数量不是整数") from None
        unit = UNIT_ALIASES.get(parts[1].strip().lower())
        if unit is None:
            raise ValueError(f"期限“{text}”的单位无法识别，可用：hour / day / workday / month")
        if amount < 0:
            raise ValueError(f"期限“{text}”的数量不能为负")
        return cls(amount, unit)

    def __str__(self):
        return f"{self.amount} {UNITS[self.unit]}"


class WorkCalendar:
    """Working-day lookups over the holiday table, loaded year by year and cached per instance."""

    def __init__(self):
        self._years: dict[int, tuple[bool, dict[dt.date, str]]] = {}

    def _year(self, year: int) -> tuple[bool, dict[dt.date, str]]:
        if year not in self._years:
            known = CalendarYear.objects.filter(year=year).exists()
            days = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
            self._years[year] = (known, days)
        return self._years[year]

    def is_workday(self, day: dt.date) -> bool:
        _known, days = self._year(day.year)
        kind = days.get(day)
        if kind == DayKind.HOLIDAY:
            return False
        if kind == DayKind.WORKDAY:
            return True
        return day.weekday() < 5

    def year_known(self, year: int) -> bool:
        return self._year(year)[0]

    def add_workdays(self, start: dt.date, amount: int) -> dt.date:
        day = start
        remaining = amount
        while remaining > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return day


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_duration(
    start: dt.datetime, duration: Duration, *, work_calendar: WorkCalendar | None = None
) -> dt.datetime:
    """The due moment `duration` after `start` (aware), in the current time zone."""
    start = timezone.localtime(start)
    if duration.unit == "hour":
        return start + dt.timedelta(hours=duration.amount)
    if duration.unit == "day":
        due_day = start.date() + dt.timedelta(days=duration.amount)
    elif duration.unit == "workday":
        due_day = (work_calendar or WorkCalendar()).add_workdays(start.date(), duration.amount)
    else:
        due_day = add_months(start.date(), duration.amount)
    return timezone.make_aware(dt.datetime.combine(due_day, END_OF_DAY))


def missing_years(years) -> list[int]:
    """The years among `years` that have no official arrangement entered."""
    years = sorted(set(years))
    known = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    return [y for y in years if y not in known]


def years_ahead(today: dt.date, days: int = 90) -> list[int]:
    """The years that deadlines set today can reach: today's, and the next one near year end."""
    return sorted({today.year, (today + dt.timedelta(days=days)).year})
