import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workcalendar.deadlines import Duration, WorkCalendar, add_duration


class Command(BaseCommand):
    requires_system_checks = []
    help = '计算期限：--start "2026-09-30 10:00" --add "3 workday"，输出 ISO 8601 到期时刻'

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="起算时刻，如 2026-09-30 10:00（北京时间）")
        parser.add_argument("--add", required=True, help="如 1 hour、5 day、3 workday、2 month")

    def handle(self, *args, start, add, **options):
        try:
            moment = dt.datetime.fromisoformat(start)
        except ValueError:
            raise CommandError(f"起算时刻“{start}”无法识别，格式如 2026-09-30 10:00") from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        try:
            duration = Duration.parse(add)
        except ValueError as error:
            raise CommandError(str(error)) from None
        calendar = WorkCalendar()
        due = add_duration(moment, duration, work_calendar=calendar)
        for year in sorted({moment.year, due.year}):
            if duration.unit == "workday" and not calendar.year_known(year):
                self.stderr.write(f"警告：{year} 年节假日安排尚未录入，按周一至周五计算工作日")
        self.stdout.write(timezone.localtime(due).isoformat())
