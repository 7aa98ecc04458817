"""Loop A at scale on PostgreSQL: prints figures, asserts nothing.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/ducha_bench .venv/bin/python bench/complaints.py --rows 1000000

Creates (or reuses) a throwaway database, fills it with --rows complaints spread over 40 inspections
and every county of Hebei with set-based SQL, then measures: the deadline sweep over the open ones,
statistics and a county handler's list page, duplicate suggestion, issuing a 1,000-item batch,
importing 10,000 Excel rows, and streaming the disclosure export (time and peak memory).
"""

import argparse
import datetime as dt
import io
import logging
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ducha_bench")
# As in production: tasks go to a queue (Redis here, nobody consuming it), not inline into the figures.
os.environ.setdefault("HUEY_IMMEDIATE", "0")
os.environ.setdefault("HUEY_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            )


def timed(label, fn, runs=30):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
    print(f"{label:<44} p50 {statistics.median(samples):8.1f} ms   p95 {p95:8.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    from accounts.models import Role, User
    from complaints import queries, workflow
    from complaints.excel import import_complaints, write_disclosure
    from complaints.models import Complaint
    from complaints.tasks import sweep_deadlines
    from inspections.models import Inspection
    from organisations.models import Region, Unit
    from organisations.workflow import load_regions

    if not Region.objects.filter(level="county").exists():
        load_regions()
    hebei = Region.objects.get(code="130000")
    counties = list(Region.objects.filter(prefix__startswith="13", level="county"))
    office_unit, _ = Unit.objects.get_or_create(
        region=hebei, name="基准测试督察办", defaults={"kind": "inspection"}
    )
    governments = {}
    for county in counties:
        governments[county.pk], _ = Unit.objects.get_or_create(
            region=county, name=f"{county.name}人民政府", defaults={"kind": "government"}
        )
    county_users(governments)
    office, created = User.objects.get_or_create(username="bench_office", defaults={"unit": office_unit})
    if created:
        office.roles.set(Role.objects.filter(code__in=["office", "team"]))
    county = Region.objects.get(code="130503")
    handler, created = User.objects.get_or_create(
        username="bench_handler", defaults={"unit": Unit.objects.filter(region=county).first()}
    )
    if created:
        handler.roles.set(Role.objects.filter(code="handler"))
    from inspections import workflow as inspection_workflow

    inspections = []
    today = dt.date.today()
    for n in range(40):
        code = f"BENCH-{n:02d}"
        found = Inspection.objects.filter(code=code).first() or inspection_workflow.create_inspection(
            by=office, code=code, name=f"基准测试督察 {n}", level="provincial", kind="routine", team_name="基准测试组",
            office=office_unit, target_regions=[hebei], stationed_from=today - dt.timedelta(days=10),
            stationed_until=today + dt.timedelta(days=20),
        )  # fmt: skip
        inspections.append(found)

    existing = Complaint.objects.count()
    if existing < args.rows:
        started = time.perf_counter()
        fill(connection, inspections, counties, args.rows - existing, existing, governments)
        print(f"filled {args.rows - existing:,} complaints in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE complaints_complaint")
    open_count = Complaint.objects.open().count()
    print(f"complaints {Complaint.objects.count():,}; open (clock running) {open_count:,}")

    # The sweep as production runs it: every row already in its state, then 10,000 fall due at once, in
    # the lead units of every county, whose handlers and signers are told (messages set-based).
    sweep_deadlines()
    from django.utils import timezone

    due = Complaint.objects.open().filter(due_at__lt=timezone.now(), lead_unit__isnull=False)
    falling = list(due.order_by("pk").values_list("pk", flat=True)[:10_000])
    Complaint.objects.filter(pk__in=falling).update(due_state="ok")
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as statements:
        started = time.perf_counter()
        # A run of a later minute than the one that settled the rows, as the periodic sweep would be.
        first = sweep_deadlines(now=timezone.now() + dt.timedelta(minutes=2))
        elapsed = (time.perf_counter() - started) * 1000
    print(f"{'sweep, 10,000 falling due':<44} {elapsed:8.0f} ms  {first}, {len(statements)} statements")
    started = time.perf_counter()
    second = sweep_deadlines(now=timezone.now() + dt.timedelta(minutes=2))
    print(
        f"{'sweep, second run (idempotent)':<44} {(time.perf_counter() - started) * 1000:8.0f} ms  {second}"
    )
    reset_queries()
    # The e-mail and SMS copies, measured apart: what the Huey task sends, per minute (in-memory mail).
    from notices.tasks import deliver

    logging.getLogger("ducha.sms").setLevel(logging.WARNING)
    started = time.perf_counter()
    sent = deliver()
    seconds = time.perf_counter() - started
    print(
        f"{'deliver e-mail and SMS copies':<44} {seconds * 1000:8.0f} ms  {sent}; "
        f"{sent['messages'] / seconds * 60:,.0f} messages/min, {(sent['emails'] + sent['sms']) / seconds * 60:,.0f} sends/min"
    )

    inspection = inspections[0]
    timed("statistics of one inspection (office)", lambda: queries.statistics(inspection, office))
    timed("statistics by county (office)", lambda: queries.figures_by_region(inspection, office))
    timed(
        "county handler's list, first page of 30",
        lambda: list(queries.complaints_for(handler, queue="to_answer")[:30]),
    )
    timed("county handler's list, count", lambda: queries.complaints_for(handler, queue="to_answer").count())
    sample = Complaint.objects.filter(inspection=inspection, region=county).first()
    timed(
        "duplicate suggestion (named-thing index)",
        lambda: list(
            queries.similar_complaints(sample.text, user=office, inspection=inspection, region=county)
        ),
    )

    # Issue a 1,000-item batch.
    from complaints.models import Batch

    fresh = list(Complaint.objects.filter(inspection=inspections[0], batch__isnull=True)[:1000])
    Complaint.objects.filter(pk__in=[c.pk for c in fresh]).update(
        status="accepted", lead_unit=Unit.objects.filter(region=county).first()
    )
    Batch.objects.filter(inspection=inspections[0], status="draft").delete()
    batch = workflow.create_batch(inspections[0], by=office)
    started = time.perf_counter()
    workflow.add_to_batch(batch, fresh, by=office)
    workflow.issue_batch(batch, by=office)
    print(f"{'add 1,000 to a batch and issue it':<44} {(time.perf_counter() - started) * 1000:8.0f} ms")

    # Import 10,000 rows.
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(
        ["受理时间", "受理方式", "举报人", "联系电话", "交办问题基本情况", "行政区域", "污染类型"]
    )
    for i in range(10_000):
        workbook.active.append(
            [
                f"{today} 09:00",
                "来电",
                "王五",
                "13900001111",
                f"信都区某厂第{i}号排污口偷排废水",
                "信都区",
                "工业废水",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    from ducha.spreadsheets import read_sheet

    started = time.perf_counter()
    result = import_complaints(
        list(read_sheet(buffer, required=("行政区域",))), inspection=inspections[2], by=office
    )
    print(
        f"{'import 10,000 Excel rows (read, check, write)':<44} {(time.perf_counter() - started) * 1000:8.0f} ms  created {result.created}"
    )

    # Disclosure export: publish snapshot rows in SQL, then stream them out.
    published = publish_all(connection, inspections[3])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    count = write_disclosure(inspections[3], "/tmp/bench-disclosure.xlsx")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{'export disclosure rows':<44} {(time.perf_counter() - started):8.1f} s   {count:,} rows "
        f"(published {published:,}); peak RSS {peak / 1024:.0f} MB (was {before / 1024:.0f} MB)"
    )


def county_users(governments) -> None:
    """A handler and a signer in every county government, with e-mail and phone, as production has."""
    from accounts.models import Role, User

    if User.objects.filter(username__startswith="bench_c").exists():
        return
    users = []
    for pk, unit in governments.items():
        for role in ("handler", "signer"):
            users.append(
                User(username=f"bench_c{pk}_{role}", unit=unit, email=f"{role}{pk}@bench.example.cn",
                     phone=f"139{pk:08d}", password="!")
            )  # fmt: skip
    User.objects.bulk_create(users)
    through = User.roles.through
    roles = {r.code: r for r in Role.objects.filter(code__in=["handler", "signer"])}
    through.objects.bulk_create(
        through(user=u, role=roles[u.username.rsplit("_", 1)[1]])
        for u in User.objects.filter(username__startswith="bench_c")
    )


def fill(connection, inspections, counties, rows, offset, governments):
    """Set-based: one INSERT … SELECT generate_series per chunk. Statuses spread over the loop;
    a third of the rows have a running clock, some of them past due."""
    ids = ",".join(str(i.pk) for i in inspections)
    county_ids = ",".join(str(c.pk) for c in counties)
    prefixes = ",".join(f"'{c.prefix}'" for c in counties)
    units = ",".join(str(governments[c.pk].pk) for c in counties)
    chunk = 200_000
    with connection.cursor() as cursor:
        for start in range(offset, offset + rows, chunk):
            stop = min(start + chunk, offset + rows)
            cursor.execute(
                f"""
                WITH src AS (
                  SELECT g,
                         (ARRAY[{ids}])[1 + g % {len(inspections)}] AS inspection_id,
                         1 + (g / {len(inspections)}) % {len(counties)} AS county_index,
                         (ARRAY['registered','accepted','transferred','forwarded','received','signing',
                                'reviewing','returned','in_progress','stage_closed','closed','closed'])[1 + g % 12] AS status
                  FROM generate_series({start}, {stop - 1}) AS g)
                INSERT INTO complaints_complaint (
                  inspection_id, number, tracking_code, channel, received_at, text, address, region_id, region_prefix,
                  is_anonymous, reporter_name_secret, reporter_phone_secret, reporter_name_masked, reporter_phone_masked,
                  status, is_key_case, rejection_reason, referral, due_state, phone_answered_by, receipt_scan,
                  findings, verdict, measures, accountability, handling_state, rating_comment, created_at, updated_at,
                  ordered_firms, penalised_firms, fines_yuan, criminal_cases, administrative_detentions,
                  criminal_detentions, interviewed_people, accountable_people, due_at, soon_at, lead_unit_id,
                  outside_hours, rebound_text)
                SELECT inspection_id, 'B' || lpad(g::text, 12, '0'), 'T' || lpad(g::text, 11, '0'), 'D',
                       now() - (g % 30) * interval '1 day',
                       (ARRAY['某化工厂夜间偷排废水河水发黑','砖厂粉尘污染严重','饭店油烟直排扰民','养殖场粪污直排入河',
                              '建筑工地扬尘严重','洗煤厂煤尘飞扬'])[1 + g % 6] || '，编号' || g,
                       '', (ARRAY[{county_ids}])[county_index], (ARRAY[{prefixes}])[county_index],
                       true, '', '', '', '', status, false, '', '', '', '', '',
                       '', '', '', '', '', '', now(), now(), 0, 0, 0, 0, 0, 0, 0, 0,
                       CASE WHEN status IN ('transferred','forwarded','received','signing','returned')
                            THEN now() + ((g % 9) - 3) * interval '1 day' END,
                       CASE WHEN status IN ('transferred','forwarded','received','signing','returned')
                            THEN now() + ((g % 9) - 4) * interval '1 day' END,
                       CASE WHEN status NOT IN ('registered','accepted') THEN (ARRAY[{units}])[county_index] END,
                       false, ''
                FROM src
                """
            )
            print(f"  filled {stop - offset:,}/{rows:,}", flush=True)


def publish_all(connection, inspection) -> int:
    from complaints.models import Batch, Publication, PublishedItem

    batch, _ = Batch.objects.get_or_create(inspection=inspection, number=999, defaults={"status": "issued"})
    if PublishedItem.objects.filter(inspection=inspection).exists():
        return PublishedItem.objects.filter(inspection=inspection).count()
    publication = Publication.objects.create(batch=batch, sequence=1)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO complaints_publisheditem (publication_id, complaint_id, inspection_id, batch_number, number,
              text, region_name, pollution_types, findings, verdict, measures, accountability, handling_state, is_current)
            SELECT %s, c.id, %s, 999, c.number, c.text, r.name, '大气', '经核查属实。', '属实',
                   '责令整改，立案处罚。', '无', '已办结', true
            FROM complaints_complaint c JOIN organisations_region r ON r.id = c.region_id
            WHERE c.status IN ('closed', 'stage_closed', 'in_progress')
            LIMIT 100000
            """,
            [publication.pk, inspection.pk],
        )
        return cursor.rowcount


if __name__ == "__main__":
    main()
