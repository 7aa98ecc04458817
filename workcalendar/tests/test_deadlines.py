import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from workcalendar.deadlines import Duration, WorkCalendar, add_duration, missing_years
from workcalendar.models import CalendarDay, CalendarYear

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


pytestmark = pytest.mark.django_db


def test_three_workdays_from_eve_of_national_day_end_on_the_make_up_saturday():
    due = add_duration(at("2026-09-30 10:00"), Duration(3, "workday"))
    assert due == at("2026-10-10 23:59:59")
    assert due.weekday() == 5  # a Saturday, worked in exchange for the holiday


def test_make_up_sunday_before_national_day_counts_as_a_workday():
    # 2026-09-19 is a Saturday; the next day, Sunday 09-20, is worked.
    assert add_duration(at("2026-09-19 09:00"), Duration(1, "workday")) == at("2026-09-20 23:59:59")


def test_holiday_weekdays_are_skipped():
    calendar = WorkCalendar()
    assert not calendar.is_workday(dt.date(2026, 10, 1))
    assert not calendar.is_workday(dt.date(2026, 10, 7))
    assert calendar.is_workday(dt.date(2026, 10, 8))


def test_calendar_days_run_through_the_holiday_and_the_start_day_does_not_count():
    assert add_duration(at("2026-09-30 10:00"), Duration(5, "day")) == at("2026-10-05 23:59:59")
    assert add_duration(at("2026-09-30 23:30"), Duration(3, "day")) == at("2026-10-03 23:59:59")


def test_the_one_hour_rule_is_exact_even_across_midnight_and_holidays():
    assert add_duration(at("2026-09-30 23:40"), Duration(1, "hour")) == at("2026-10-01 00:40")
    assert add_duration(at("2026-10-01 10:15"), Duration(1, "hour")) == at("2026-10-01 11:15")


def test_months_are_clamped_to_the_end_of_a_shorter_month():
    assert add_duration(at("2026-01-31 09:00"), Duration(1, "month")) == at("2026-02-28 23:59:59")


def test_thirty_workday_plan_deadline_crosses_national_day():
    # Feedback report on 2026-09-15: 30 working days skip Mid-Autumn (Fri 09-25) and 10-01..10-07, and
    # count the make-up days Sun 09-20 and Sat 10-10. Monday–Friday alone would give 2026-10-27.
    due = add_duration(at("2026-09-15 09:00"), Duration(30, "workday"))
    assert due.date() == dt.date(2026, 11, 2)


def test_a_year_without_data_falls_back_to_monday_to_friday():
    assert missing_years([2031]) == [2031]
    calendar = WorkCalendar()
    # 2031-10-01 is a Wednesday: without the year's arrangement it is an ordinary workday.
    assert calendar.is_workday(dt.date(2031, 10, 1))
    assert not calendar.is_workday(dt.date(2031, 10, 4))
    assert add_duration(at("2031-10-03 10:00"), Duration(1, "workday")) == at("2031-10-06 23:59:59")


def test_an_administrator_can_add_a_year_and_its_holidays():
    CalendarYear.objects.create(year=2031, source="国办发明电〔2030〕")
    CalendarDay.objects.create(date=dt.date(2031, 10, 1), kind="holiday", name="国庆节")
    CalendarDay.objects.create(date=dt.date(2031, 10, 4), kind="workday", name="国庆节")
    assert missing_years([2031]) == []
    assert not WorkCalendar().is_workday(dt.date(2031, 10, 1))
    assert add_duration(at("2031-09-30 10:00"), Duration(1, "workday")) == at("2031-10-02 23:59:59")


def test_duration_parsing_accepts_english_and_chinese_units_and_rejects_nonsense():
    assert Duration.parse("3 workday") == Duration(3, "workday")
    assert Duration.parse("30 工作日") == Duration(30, "workday")
    assert Duration.parse("1 hour") == Duration(1, "hour")
    with pytest.raises(ValueError, match="单位无法识别"):
        Duration.parse("3 fortnights")
    with pytest.raises(ValueError, match="不是整数"):
        Duration.parse("three days")


def test_deadline_command_prints_the_due_moment_in_iso_8601():
    out = StringIO()
    call_command("deadline", "--start", "2026-09-30 10:00", "--add", "3 workday", stdout=out)
    assert out.getvalue().strip() == "2026-10-10T23:59:59+08:00"


def test_deadline_command_warns_when_the_year_has_no_calendar_data():
    out, err = StringIO(), StringIO()
    call_command("deadline", "--start", "2031-10-03 10:00", "--add", "1 workday", stdout=out, stderr=err)
    assert out.getvalue().strip() == "2031-10-06T23:59:59+08:00"
    assert "2031 年节假日安排尚未录入" in err.getvalue()


@time_machine.travel(dt.datetime(2030, 11, 20, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_manage_py_check_warns_about_the_years_that_deadlines_can_reach():
    from ducha.checks import calendar_years_check

    messages = calendar_years_check(None)
    assert [m.id for m in messages] == ["workcalendar.W001", "workcalendar.W001"]
    assert "2030 年" in messages[0].msg and "2031 年" in messages[1].msg


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_no_warning_when_the_years_ahead_are_known():
    from ducha.checks import calendar_years_check

    assert calendar_years_check(None) == []
