from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ducha.errors import WorkflowError
from ducha.spreadsheets import read_sheet
from organisations.workflow import TOWNSHIP_COLUMNS, import_townships


class Command(BaseCommand):
    help = "从 Excel 导入乡镇（街道）：列为 区划代码 · 名称 · 上级区划代码；全部正确才写入"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="以哪个督察办用户的身份导入（决定管辖范围）")

    def handle(self, *args, file, user, **options):
        try:
            by = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"用户 {user} 不存在") from None
        try:
            result = import_townships(read_sheet(file, required=TOWNSHIP_COLUMNS), by=by)
        except (WorkflowError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} 处错误，未导入任何数据")
        self.stdout.write(
            self.style.SUCCESS(f"新增 {result.created} 个，更新 {result.updated} 个乡镇（街道）")
        )
