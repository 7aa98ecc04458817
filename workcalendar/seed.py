"""Seeding the holiday table from the chinese-calendar package (the State Council's published
arrangements, 2004 to the last year the installed package knows)."""

import chinese_calendar
from chinese_calendar import constants

SOURCE = (
    f"chinese-calendar {getattr(chinese_calendar, '__version__', '')} (国务院办公厅节假日安排通知)".strip()
)

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def seed_calendar(day_model, year_model) -> tuple[int, int]:
    """Insert the package's days that are not in the table yet; never overwrite an administrator's
    edit. Returns (days added, years added)."""
    existing = set(day_model.objects.values_list("date", flat=True))
    rows = []
    for kind, table in (("holiday", constants.holidays), ("workday", constants.workdays)):
        for date, name in table.items():
            if date in existing:
                continue
            rows.append(day_model(date=date, kind=kind, name=HOLIDAY_NAMES.get(name, name)))
    day_model.objects.bulk_create(rows, batch_size=500)
    years = {d.year for d in constants.holidays}
    known_years = set(year_model.objects.values_list("year", flat=True))
    new_years = [year_model(year=y, source=SOURCE) for y in sorted(years - known_years)]
    year_model.objects.bulk_create(new_years)
    return len(rows), len(new_years)
