import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from complaints.excel import REGION_COLUMN, import_complaints
from ducha.errors import WorkflowError
from ducha.spreadsheets import read_sheet
from inspections.models import Inspection


class Command(BaseCommand):
    help = (
        "从 Excel 导入信访举报件（标准表：受理编号 · 受理时间 · 受理方式 · 举报人 · 联系电话 · 交办问题基本情况 · "
        "地址 · 行政区域 · 污染类型 · 重点件 · 承办单位 · 批次）；全部正确才写入，错误逐行列出"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--inspection", required=True, help="督察编号")
        parser.add_argument("--batch", type=int, help="把所有行放入第 N 批（拟交办）")
        parser.add_argument("--user", help="以哪个督察组或督察办用户的身份导入；缺省为系统导入")

    def handle(self, *args, file, inspection, batch, user, **options):
        found = Inspection.objects.filter(code=inspection).first()
        if found is None:
            raise CommandError(f"督察 {inspection} 不存在")
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"用户 {user} 不存在")
        started = time.monotonic()
        try:
            rows = list(read_sheet(file, required=(REGION_COLUMN,)))
            self.stdout.write(f"读取 {len(rows)} 行，用时 {time.monotonic() - started:.1f} 秒")
            result = import_complaints(
                rows, inspection=found, by=by, batch_number=batch, progress=self._progress
            )
        except (WorkflowError, FileNotFoundError) as error:
            raise CommandError(str(getattr(error, "message", error))) from None
        if result.errors:
            for error in result.errors[:200]:
                self.stderr.write(str(error))
            if len(result.errors) > 200:
                self.stderr.write(f"……另有 {len(result.errors) - 200} 处错误")
            raise CommandError(f"{len(result.errors)} 处错误，未导入任何数据")
        self.stdout.write(
            self.style.SUCCESS(f"导入 {result.created} 件，用时 {time.monotonic() - started:.1f} 秒")
        )

    def _progress(self, stage, done, total):
        self.stdout.write(f"  {stage} {done}/{total}" if total else f"  {stage} {done}")
