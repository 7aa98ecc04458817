from django.core.management.base import BaseCommand

from workcalendar.models import CalendarDay, CalendarYear
from workcalendar.seed import SOURCE, seed_calendar


class Command(BaseCommand):
    help = "从 chinese-calendar 补录节假日与调休（不覆盖管理员的修改）"

    def handle(self, *args, **options):
        days, years = seed_calendar(CalendarDay, CalendarYear)
        self.stdout.write(self.style.SUCCESS(f"来源：{SOURCE}；新增 {days} 天、{years} 个年份"))
