"""Compute (if asked) and print a scheme's results for a period: score, rank, grade, deductions, vetoes."""

import json

from django.core.management.base import BaseCommand, CommandError

from assessments import compute, periods, queries
from assessments.models import Scheme
from ducha.errors import WorkflowError


class Command(BaseCommand):
    help = "打印考核结果：得分、排名、等次、扣分和一票否优"

    def add_arguments(self, parser):
        parser.add_argument("--scheme", required=True, type=int, help="方案 ID")
        parser.add_argument("--period", required=True, help="考核期，如 2018 或 2018Q4")
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--recompute", action="store_true", help="先重新计算")

    def handle(self, *args, scheme, period, format, recompute, **options):
        found = Scheme.objects.filter(pk=scheme).first()
        if found is None:
            raise CommandError(f"方案 {scheme} 不存在")
        try:
            period = periods.normalise(period)
        except WorkflowError as error:
            raise CommandError(error.message) from None
        if recompute or not found.results.filter(period=period).exists():
            compute.recompute(found, period)
        rows = queries.report_rows(found, period)
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {"scheme": found.pk, "name": str(found), "period": period, "units": rows},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(f"{found} · {period}")
        for row in rows:
            veto = " 一票否优" if row["vetoed"] else ""
            self.stdout.write(
                f"{row['rank']:>3}  {row['unit']:<20} {row['score']:>7.2f}  {row['grade_name']}{veto}  扣 {row['deducted']:.2f}"
            )
