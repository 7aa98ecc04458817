"""Loop B at scale on PostgreSQL: prints figures, asserts nothing.

    .venv/bin/python bench/rectification.py --tasks 100000 --reports-per-task 10

Uses the bench database of bench/complaints.py (created if missing). Fills one province-wide
ledger with --tasks tasks led by the county governments of Hebei and --reports-per-task dispatch
reports each (set-based INSERT … SELECT generate_series), then measures: the warning sweep (first
run, which raises every notice, and a repeat run, which must change nothing), the dashboard, one
unit's ledger list, and streaming the whole ledger to Excel (time and peak memory).
"""

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ducha_bench")
os.environ.setdefault("HUEY_IMMEDIATE", "0")
os.environ.setdefault("HUEY_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from bench.complaints import ensure_database, timed


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fill(connection, report, units, tasks: int, per_task: int, today: dt.date) -> None:
    """Problems (two tasks each), tasks across the county units, and their dispatch reports. A task
    starts up to 200 days ago and runs a year; its percent and warning days follow the schedule
    line, so the sweep finds a realistic share behind; one in ten is closed."""
    unit_ids = ",".join(str(u.pk) for u in units)
    prefixes = ",".join(f"'{u.region.prefix}'" for u in units)
    n = len(units)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO rectification_problem (report_id, number, text, category)
                SELECT {report.pk}, g, '第' || g || '个问题：污水处理、扬尘、饮用水源或固废问题整改', ''
                FROM generate_series(1, {tasks // 2 + 1}) g"""
        )
        print(f"  problems {tasks // 2 + 1:,}", flush=True)
        chunk = 50_000
        for start in range(1, tasks + 1, chunk):
            stop = min(start + chunk - 1, tasks)
            cursor.execute(
                f"""
                WITH src AS (
                  SELECT g, p.id AS problem_id, 1 + g % {n} AS unit_index,
                         DATE '{today}' - (g % 199) AS starts_on, (g * 7) % 100 AS percent,
                         CASE WHEN g % 10 = 0 THEN 'closed' ELSE 'rectifying' END AS status
                  FROM generate_series({start}, {stop}) g
                  JOIN rectification_problem p ON p.report_id = {report.pk} AND p.number = 1 + g / 2)
                INSERT INTO rectification_task (
                  problem_id, report_id, code, target, measures, kind, starts_on, due_on, lead_unit_id,
                  leader_name, responsible_person, acceptance_standard, sign_levels, region_prefix, status,
                  progress, percent, cycle, next_report_due, report_late, yellow_from, red_from, warning_level,
                  sign_step, reopened, updated_at, closed_on)
                SELECT problem_id, {report.pk}, 'B' || g, '整改目标 ' || g, '整改措施', 'deadline', starts_on,
                       starts_on + 365, (ARRAY[{unit_ids}])[unit_index], '分管副县长', '局长', '',
                       '["county", "city"]'::jsonb, (ARRAY[{prefixes}])[unit_index], status,
                       CASE WHEN status = 'closed' THEN 'closed' ELSE 'behind' END, percent, 'monthly',
                       DATE '{today}' + (g % 40) - 10, false,
                       starts_on + ceil((percent + 10) * 3.65)::int,
                       LEAST(starts_on + ceil((percent + 30) * 3.65)::int, starts_on + 366),
                       '', 0, 0, now(), CASE WHEN status = 'closed' THEN DATE '{today}' - (g % 300) END
                FROM src"""
            )
            print(f"  tasks {stop:,}/{tasks:,}", flush=True)
        cursor.execute(f"SELECT min(id), max(id) FROM rectification_task WHERE report_id = {report.pk}")
        low, high = cursor.fetchone()
        for start in range(low, high + 1, 20_000):
            stop = min(start + 19_999, high)
            cursor.execute(
                f"""INSERT INTO rectification_progressreport (
                      task_id, period_end, text, percent, progress, schedule_percent, late_days, reported_at)
                    SELECT t.id, t.starts_on + k * 30, '第' || k || '次调度：工程推进中', LEAST(100, k * 9),
                           'behind', LEAST(100, k * 8), CASE WHEN k % 7 = 0 THEN 3 ELSE 0 END,
                           (t.starts_on + k * 30)::timestamp
                    FROM rectification_task t CROSS JOIN generate_series(1, {per_task}) k
                    WHERE t.id BETWEEN {start} AND {stop}"""
            )
            if (stop - low) // 20_000 % 5 == 4 or stop == high:
                print(f"  reports for tasks up to {stop - low + 1:,}", flush=True)
        cursor.execute(
            "ANALYZE rectification_task; ANALYZE rectification_progressreport; ANALYZE rectification_action"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--reports-per-task", type=int, default=10)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Role, User
    from inspections import workflow as inspection_workflow
    from inspections.models import Inspection
    from organisations.models import Region, Unit
    from organisations.workflow import load_regions
    from rectification import excel, queries
    from rectification import workflow as rectification_workflow
    from rectification.models import Action, FeedbackReport, ProgressReport, Task
    from rectification.tasks import sweep_rectification

    if not Region.objects.filter(level="county").exists():
        load_regions()
    today = timezone.localdate()
    hebei = Region.objects.get(code="130000")
    office_unit, _ = Unit.objects.get_or_create(
        region=hebei, name="基准测试督察办", defaults={"kind": "inspection"}
    )
    for county in Region.objects.filter(prefix__startswith="13", level="county"):
        Unit.objects.get_or_create(
            region=county, name=f"{county.name}人民政府", defaults={"kind": "government"}
        )
    units = list(
        Unit.objects.filter(
            region__prefix__startswith="13", region__level="county", kind="government"
        ).select_related("region")
    )
    office, created = User.objects.get_or_create(username="bench_rect_office", defaults={"unit": office_unit})
    if created:
        office.roles.set(Role.objects.filter(code="office"))
    inspection = Inspection.objects.filter(code="BENCH-RECT").first() or inspection_workflow.create_inspection(
        by=office, code="BENCH-RECT", name="基准测试：整改台账", level="provincial", kind="routine",
        team_name="基准测试组", office=office_unit, target_regions=[hebei],
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
    have = Task.objects.filter(report=report).count()
    if have < args.tasks:
        Task.objects.filter(report=report).delete()
        report.problems.all().delete()
        started = time.perf_counter()
        fill(connection, report, units, args.tasks, args.reports_per_task, today)
        print(f"filled {args.tasks:,} tasks in {time.perf_counter() - started:.1f} s")
    print(
        f"tasks {Task.objects.filter(report=report).count():,}; "
        f"progress reports {ProgressReport.objects.filter(task__report=report).count():,}; units {len(units)}"
    )

    # The sweep: the first run raises this month's notices, a repeat run changes nothing.
    Action.objects.filter(report=report).delete()
    Task.objects.filter(report=report).update(warning_level="", cycle="monthly", report_late=False)
    started = time.perf_counter()
    first = sweep_rectification(today)
    print(f"{'warning sweep, first run':<44} {(time.perf_counter() - started) * 1000:8.0f} ms  {first}")
    started = time.perf_counter()
    second = sweep_rectification(today)
    print(
        f"{'warning sweep, repeat run (idempotent)':<44} {(time.perf_counter() - started) * 1000:8.0f} ms  {second}"
    )

    handler_unit = units[0]
    handler, created = User.objects.get_or_create(
        username="bench_rect_handler", defaults={"unit": handler_unit}
    )
    if created:
        handler.roles.set(Role.objects.filter(code="handler"))

    def dashboard():
        queries.figures(report, office)
        queries.by_unit(report, office)
        queries.by_month(report)

    timed("dashboard (figures, by unit, by month)", dashboard, runs=20)
    timed("figures alone", lambda: queries.figures(report, office), runs=20)
    timed(
        "one unit's ledger list, first page of 40",
        lambda: list(queries.tasks_for(handler, report=report)[:40]),
    )
    timed("one unit's ledger list, count", lambda: queries.tasks_for(handler, report=report).count())
    timed(
        "office ledger list, red tab, first page",
        lambda: list(queries.tasks_for(office, report=report, tab="red")[:40]),
    )

    before = peak_rss_mb()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        count = excel.write_ledger(report, handle, progress=lambda s, n, t: None)
        size = handle.tell()
    print(
        f"{'ledger export to Excel':<44} {time.perf_counter() - started:8.1f} s  {count:,} rows, "
        f"{size / 1e6:.1f} MB; peak RSS {peak_rss_mb():.0f} MB (was {before:.0f} MB)"
    )


if __name__ == "__main__":
    main()
