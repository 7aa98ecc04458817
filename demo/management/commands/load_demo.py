from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.world import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "载入演示数据：五份种子材料中的区域、单位、人员、督察和各角色演示账户（可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印账户表")

    def handle(self, *args, quiet_accounts=False, **options):
        accounts = load_demo(today=timezone.localdate(), progress=lambda text: self.stdout.write(f"  {text}"))
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
        if quiet_accounts:
            return
        self.stdout.write(f"\n演示账户（密码均为 {DEMO_PASSWORD}）：")
        width = max(len(a[0]) for a in accounts)
        for username, unit, roles in accounts:
            self.stdout.write(f"  {username.ljust(width)}  {roles:<10}  {unit}")
