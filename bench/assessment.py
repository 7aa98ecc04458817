"""Assessment at scale on PostgreSQL: prints figures, asserts nothing.

    .venv/bin/python bench/assessment.py --complaints 1000000 --tasks 100000

Uses the bench database of bench/complaints.py. Fills it to --complaints complaints (bench/complaints.py's
set-based fill) and --tasks rectification tasks with two dispatch reports each (bench/rectification.py's),
raises this month's warnings, letters and interviews with the real sweep, marks a share of complaints
overdue and of feedback late, then recomputes a year's scores for 200 units (Hebei's county governments and
Beijing's and Tianjin's districts) twice: the goal is under 5 s, and the second run must give the same rows.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ducha_bench")
os.environ.setdefault("HUEY_IMMEDIATE", "1")

from bench.complaints import ensure_database


def tasks(connection, office, count: int, today: dt.date):
    from bench.rectification import fill
    from inspections import workflow as inspection_workflow
    from inspections.models import Inspection
    from organisations.models import Region, Unit
    from rectification import workflow as rectification_workflow
    from rectification.models import FeedbackReport, Task

    hebei = Region.objects.get(code="130000")
    units = list(
        Unit.objects.filter(
            region__prefix__startswith="13", region__level="county", kind="government"
        ).select_related("region")
    )
    inspection = Inspection.objects.filter(code="BENCH-RECT").first() or inspection_workflow.create_inspection(
        by=office, code="BENCH-RECT", name="基准测试：整改台账", level="provincial", kind="routine",
        team_name="基准测试组", office=office.unit, target_regions=[hebei],
        stationed_from=today - dt.timedelta(days=300), stationed_until=today - dt.timedelta(days=270),
    )  # fmt: skip
    report = FeedbackReport.objects.filter(
        inspection=inspection
    ).first() or rectification_workflow.create_report(
        by=office,
        inspection=inspection,
        region=hebei,
        title="基准测试反馈意见",
        delivered_on=today - dt.timedelta(days=260),
    )
    if Task.objects.filter(report=report).count() < count:
        Task.objects.filter(report=report).delete()
        report.problems.all().delete()
        started = time.perf_counter()
        fill(connection, report, units, count, 2, today)
        print(f"filled {count:,} tasks in {time.perf_counter() - started:.1f} s")
    return report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--tasks", type=int, default=100_000)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Role
    from assessments import compute, workflow
    from assessments.models import Deduction, Result, Rule, Scheme, Subject
    from bench.responsibility import accountability_data, setup
    from organisations.models import Region, Unit
    from rectification.models import Action
    from rectification.tasks import sweep_rectification

    today = timezone.localdate()
    office, hebei, _inspections = setup(args.complaints)
    office.roles.add(*Role.objects.filter(code="office"))
    accountability_data(connection, office)
    report = tasks(connection, office, args.tasks, today)
    if not Action.objects.filter(report=report).exists():
        started = time.perf_counter()
        print(f"warning sweep {sweep_rectification(today)} in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:  # a share of the complaints overdue, of the records insufficient
        cursor.execute(
            f"UPDATE complaints_complaint SET due_state = 'overdue', due_at = TIMESTAMP '{today.year}-01-01' + (id % 300) * INTERVAL '1 day' "
            "WHERE id % 17 = 0 AND due_state <> 'overdue'"
        )
        cursor.execute(
            "UPDATE accountability_record SET audit_status = 'insufficient', audited_at = now() WHERE id % 20 = 0"
        )
        cursor.execute("ANALYZE")
    for code in ("110100", "120100"):  # Beijing's and Tianjin's districts, to reach 200 units
        for district in Region.objects.filter(parent__code=code, level="county"):
            Unit.objects.get_or_create(
                region=district, name=f"{district.name}人民政府", defaults={"kind": "government"}
            )
    scheme = Scheme.objects.filter(code="BENCH-ASSESS").first()
    if scheme is None:
        scheme = Scheme.objects.create(
            code="BENCH-ASSESS", name="基准测试考核", region=hebei, year=today.year, subject_kind="county",
            frequency="annual", starts_with=f"{today.year}Q1", created_by=office,
        )  # fmt: skip
        workflow._add_indicators(scheme, workflow.STANDARD, None)
        units = list(
            Unit.objects.filter(kind="government", region__level="county")
            .filter(region__prefix__regex=r"^(13|1101|1201|3101)")
            .select_related("region")
            .order_by("region__code")[:200]
        )
        Subject.objects.bulk_create(Subject(scheme=scheme, unit=u, prefix=u.region.prefix) for u in units)
    print(
        f"subjects {scheme.subjects.count()}; rules {Rule.objects.filter(indicator__scheme=scheme).count()}"
    )
    period = str(today.year)
    for run in ("first", "second"):
        started = time.perf_counter()
        outcome = compute.recompute(scheme, period)
        elapsed = time.perf_counter() - started
        total = Deduction.objects.filter(scheme=scheme, period=period).count()
        print(
            f"recompute {period}, {run} run: {elapsed:.2f} s   deductions {total:,}   {outcome['deductions']}"
        )
    top = (
        Result.objects.filter(scheme=scheme, period=period)
        .order_by("rank")
        .select_related("subject__unit")[:3]
    )
    print("top:", [(r.subject.unit.name, float(r.score), r.grade) for r in top])


if __name__ == "__main__":
    main()
