from django.core.management.base import BaseCommand, CommandError

from audit.chain import record_check, seal_events


class Command(BaseCommand):
    help = "核验审计链：逐条重算带密钥的哈希链，指出第一处断点（退出码 1）。--seal 先封存新事件。"

    def add_arguments(self, parser):
        parser.add_argument("--seal", action="store_true", help="先封存尚未入链的事件")

    def handle(self, *args, seal=False, **options):
        if seal:
            self.stdout.write(f"封存 {seal_events()} 条新事件")
        check = record_check()
        summary = f"核验 {check.checked} 条，待封存 {check.unsealed} 条，用时 {check.seconds:.2f} 秒"
        if not check.ok:
            raise CommandError(f"审计链异常：{check.message}（{summary}）")
        self.stdout.write(self.style.SUCCESS(f"审计链完好：{check.message}（{summary}）"))
