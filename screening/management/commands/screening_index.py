from django.core.management.base import BaseCommand

from complaints.models import Complaint
from screening.duplicates import index_complaints


class Command(BaseCommand):
    help = "重建举报件的重复件索引（升级后首次部署、或批量改写举报内容后运行；可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--inspection", help="只处理这次督察（编号）")
        parser.add_argument("--missing", action="store_true", help="只处理尚无索引的举报件")

    def handle(self, *args, inspection=None, missing=False, **options):
        from screening.models import ComplaintKey

        rows = Complaint.objects.order_by("pk")
        if inspection:
            rows = rows.filter(inspection__code=inspection)
        if missing:
            rows = rows.exclude(pk__in=ComplaintKey.objects.values("complaint_id"))
        total = rows.count()
        written = index_complaints(
            rows, progress=lambda done: self.stdout.write(f"  {done}/{total}", ending="\r")
        )
        self.stdout.write(self.style.SUCCESS(f"{total} 件举报，写入 {written} 条索引"))
