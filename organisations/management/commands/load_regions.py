from django.core.management.base import BaseCommand

from organisations.regions_data import SOURCE
from organisations.workflow import load_regions


class Command(BaseCommand):
    help = "载入全国省、市、县三级行政区划（GB/T 2260，离线数据，可重复执行）"

    def handle(self, *args, **options):
        def progress(done, total):
            self.stdout.write(f"\r  区划 {done}/{total}", ending="")
            self.stdout.flush()

        self.stdout.write(f"数据来源：{SOURCE}")
        created, updated = load_regions(progress=progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"新增 {created} 个，更新 {updated} 个行政区域"))
