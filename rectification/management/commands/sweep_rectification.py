import datetime as dt

from django.core.management.base import BaseCommand

from rectification.tasks import sweep_rectification


class Command(BaseCommand):
    help = "整改台账巡检：预警、督办函、约谈、迟报、公示期满销号（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, help="按哪一天巡检（缺省为今天）")

    def handle(self, *args, date, **options):
        result = sweep_rectification(date)
        for key, value in result.items():
            self.stdout.write(f"{key:<16}{value:>8}")
