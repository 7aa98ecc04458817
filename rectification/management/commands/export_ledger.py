from django.core.management.base import BaseCommand, CommandError

from rectification.excel import write_ledger
from rectification.models import FeedbackReport


class Command(BaseCommand):
    help = "导出整改台账 Excel（与导入同一格式，带标题行）"

    def add_arguments(self, parser):
        parser.add_argument("--inspection", required=True, help="督察编号")
        parser.add_argument("--output", required=True, help="输出文件 .xlsx")

    def handle(self, *args, inspection, output, **options):
        found = FeedbackReport.objects.filter(inspection__code=inspection).order_by("pk").first()
        if found is None:
            raise CommandError(f"督察 {inspection} 还没有登记督察反馈意见")
        count = write_ledger(found, output, progress=lambda s, n, t: self.stdout.write(f"  {s} {n}"))
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 项任务至 {output}"))
