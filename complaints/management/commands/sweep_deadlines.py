from django.core.management.base import BaseCommand

from complaints.tasks import sweep_deadlines


class Command(BaseCommand):
    help = "标记即将到期和已逾期的举报件并通知承办单位（与每 5 分钟运行的定时任务相同，可重复运行）"

    def handle(self, *args, **options):
        result = sweep_deadlines()
        self.stdout.write(f"已逾期 {result['overdue']} 件，即将到期 {result['soon']} 件（本次新标记）")
