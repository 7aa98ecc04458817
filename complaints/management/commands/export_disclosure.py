from django.core.management.base import BaseCommand, CommandError

from complaints.excel import write_disclosure
from inspections.models import Inspection


class Command(BaseCommand):
    help = "导出《群众信访举报转办和边督边改公开情况一览表》Excel（只含已公开内容，不含举报人信息）"

    def add_arguments(self, parser):
        parser.add_argument("--inspection", required=True, help="督察编号")
        parser.add_argument("--batch", type=int, help="只导出第 N 批")
        parser.add_argument("--output", required=True, help="输出文件 .xlsx")

    def handle(self, *args, inspection, batch, output, **options):
        found = Inspection.objects.filter(code=inspection).first()
        if found is None:
            raise CommandError(f"督察 {inspection} 不存在")
        count = write_disclosure(
            found, output, batch=batch, progress=lambda s, n, t: self.stdout.write(f"  {s} {n}")
        )
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 条至 {output}"))
