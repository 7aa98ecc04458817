import json

from django.core.management.base import BaseCommand, CommandError

from complaints.models import COUNTERS
from complaints.queries import figures_by_pollution_type, figures_by_region, statistics
from complaints.summary import number
from inspections.models import Inspection

KEYS = [
    "received",
    "accepted",
    "rejected",
    "duplicates",
    "transferred",
    "closed",
    "stage_closed",
    "in_progress",
    "overdue",
]
LABELS = ["收到", "受理", "不予受理", "重复件", "转办", "办结", "阶段性办结", "正在办理", "逾期"]
RECTIFICATION_KEYS = [
    ("problems", "反馈问题"),
    ("problems_done", "问题已完成"),
    ("tasks", "整改任务"),
    ("tasks_closed", "已销号"),
    ("tasks_in_progress", "整改中"),
    ("tasks_overdue", "超期"),
    ("warnings_yellow", "黄色预警"),
    ("warnings_red", "红色预警"),
]


class Command(BaseCommand):
    help = "打印一次督察的统计数（与统计页相同）：漏斗、逾期、八项统计数，以及整改台账的问题、任务与预警数"

    def add_arguments(self, parser):
        parser.add_argument("--inspection", required=True, help="督察编号")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, inspection, format, **options):
        found = Inspection.objects.filter(code=inspection).first()
        if found is None:
            raise CommandError(f"督察 {inspection} 不存在")
        figures = statistics(found)
        result = {key: figures[key] for key in KEYS}
        # Money to the 分: a JSON number with two decimals (14 digits at most, which a double holds exactly).
        result.update({name: number(figures[name]) for name, _label in COUNTERS})
        result.update(rectification_figures(found))
        result["verdicts"] = figures["verdicts"]
        for key in ("untrue_rate", "completion_rate"):
            result[key] = number(figures[key])
        if format == "json":
            result["by_region"] = {r["region__name"]: r["transferred"] for r in figures_by_region(found)}
            result["by_pollution_type"] = {t["name"]: t["count"] for t in figures_by_pollution_type(found)}
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for key, label in zip(KEYS, LABELS, strict=True):
            self.stdout.write(f"{label:　<6}{result[key]:>10}")
        for name, label in COUNTERS:
            self.stdout.write(f"{label:　<8}{result[name]:>10}")
        for label, count in result["verdicts"].items():
            self.stdout.write(f"{label:　<6}{count:>10}")
        for key, label in (("untrue_rate", "不属实率"), ("completion_rate", "办结率")):
            value = "—" if figures[key] is None else f"{figures[key]}%"
            self.stdout.write(f"{label:　<6}{value:>10}")
        for key, label in RECTIFICATION_KEYS:
            self.stdout.write(f"{label:　<6}{result[key]:>10}")


def rectification_figures(inspection) -> dict:
    """Loop B's figures summed over the inspection's feedback reports (zeros before there is one)."""
    from rectification.models import FeedbackReport
    from rectification.queries import figures

    totals = dict.fromkeys((key for key, _label in RECTIFICATION_KEYS), 0)
    for report in FeedbackReport.objects.filter(inspection=inspection):
        found = figures(report)
        for key in totals:
            totals[key] += found[key]
    return totals
