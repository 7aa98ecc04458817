"""System checks that `manage.py check` runs: the working-day calendar and the database's collation."""

from django.core.checks import Warning, register
from django.db import DatabaseError, connection
from django.utils import timezone

from workcalendar.deadlines import missing_years, years_ahead


@register()
def calendar_years_check(app_configs, **kwargs):
    """A year without an official holiday arrangement falls back to Monday–Friday: say so loudly."""
    try:
        missing = missing_years(years_ahead(timezone.localdate()))
    except DatabaseError:
        return []  # not migrated yet: nothing to check
    return [
        Warning(
            f"{year} 年的节假日与调休安排尚未录入，工作日期限按周一至周五计算。",
            hint="在管理后台“节假日与调休”中录入国务院办公厅公布的安排，并在“已录入年份”中登记该年。",
            id="workcalendar.W001",
        )
        for year in missing
    ]


@register()
def database_ctype_check(app_configs, **kwargs):
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
            (ctype,) = cursor.fetchone()
    except DatabaseError:
        return []
    if ctype in ("C", "POSIX"):
        return [
            Warning(
                f"数据库的 LC_CTYPE 为 {ctype}，中文三元组与全文检索将无法正常工作。",
                hint="以 TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' 重新创建数据库。",
                id="ducha.W001",
            )
        ]
    return []
