from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from ducha.errors import WorkflowError
from ducha.spreadsheets import read_sheet
from rectification.excel import REQUIRED, import_ledger
from rectification.models import FeedbackReport


class Command(BaseCommand):
    help = "导入整改台账 Excel（序号 · 问题 · 整改目标 · 整改措施 · 责任单位 · 责任领导 · 责任人 · 完成时限 · 整改进展 · 状态）；全部正确才写入"

    def add_arguments(self, parser):
        parser.add_argument("file", help="整改台账 .xlsx")
        parser.add_argument("--inspection", required=True, help="督察编号")
        parser.add_argument("--report", type=int, help="反馈意见编号（一次督察有多份反馈意见时）")
        parser.add_argument("--user", help="以哪个整改办用户的名义导入（缺省为督察办的第一个整改办用户）")

    def handle(self, *args, file, inspection, report, user, **options):
        reports = FeedbackReport.objects.filter(inspection__code=inspection)
        if report:
            reports = reports.filter(pk=report)
        found = reports.order_by("pk").first()
        if found is None:
            raise CommandError(f"督察 {inspection} 还没有登记督察反馈意见")
        users = User.objects.filter(
            is_active=True, roles__code="office", unit__region__prefix__startswith=found.region_prefix[:2]
        )
        by = users.filter(username=user).first() if user else users.order_by("pk").first()
        if by is None:
            raise CommandError("找不到可以导入的整改办用户，请用 --user 指定")
        try:
            rows = list(read_sheet(file, required=REQUIRED))
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取 {file}：{exc}") from exc
        self.stdout.write(f"读取 {len(rows)} 行 …")
        try:
            result = import_ledger(
                rows, report=found, by=by, progress=lambda s, n, t: self.stdout.write(f"  {s} {n}")
            )
        except WorkflowError as exc:
            raise CommandError(exc.message) from exc
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"共 {len(result.errors)} 处错误，未导入任何内容")
        self.stdout.write(self.style.SUCCESS(f"已导入 {result.created} 项整改任务"))
