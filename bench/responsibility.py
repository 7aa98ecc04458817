"""Loop C at scale on PostgreSQL: prints figures, asserts nothing.

    .venv/bin/python bench/responsibility.py --complaints 200000

Uses the bench database of bench/complaints.py (filled to --complaints if smaller). A fifth of the complaints
are found true with one or two people held accountable; records back four in five of them (set-based
INSERT … SELECT), so the discipline group's queue has real work. Then measures, for a city's and the
province's discipline account: the queue counts, the first page of the complaints queue, the figures, a
draw of key cases' records; building the public column for a 5,000-complaint publication; liaison gaps of
a city whose counties each have 20 townships; and the duty-report reminder sweep over every county unit of
the province (first and repeat run).
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

from bench.complaints import ensure_database, fill, timed


def once(label, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:<52} {(time.perf_counter() - started) * 1000:8.0f} ms  {result}")
    return result


def setup(rows: int):
    from django.db import connection

    from accounts.models import Role, User
    from complaints.models import Complaint
    from inspections import workflow as inspection_workflow
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
    for county in counties:
        Unit.objects.get_or_create(
            region=county, name=f"{county.name}人民政府", defaults={"kind": "government"}
        )
    office, created = User.objects.get_or_create(username="bench_office", defaults={"unit": office_unit})
    if created:
        office.roles.set(Role.objects.filter(code__in=["office", "team"]))
    today = dt.date.today()
    inspections = [
        Inspection.objects.filter(code=f"BENCH-{n:02d}").first()
        or inspection_workflow.create_inspection(
            by=office,
            code=f"BENCH-{n:02d}",
            name=f"基准测试督察 {n}",
            level="provincial",
            kind="routine",
            team_name="基准测试组",
            office=office_unit,
            target_regions=[hebei],
            stationed_from=today - dt.timedelta(days=10),
            stationed_until=today + dt.timedelta(days=20),
        )
        for n in range(40)
    ]
    existing = Complaint.objects.count()
    if existing < rows:
        started = time.perf_counter()
        fill(connection, inspections, counties, rows - existing, existing)
        print(f"filled {rows - existing:,} complaints in {time.perf_counter() - started:.1f} s")
    return office, hebei, inspections


def accountability_data(connection, office) -> None:
    """A fifth of the complaints true with 1–2 people; records for four in five of those."""
    from accountability.models import Record

    with connection.cursor() as cursor:  # key cases (重点件): one in ten of those, each with a record
        cursor.execute(
            "UPDATE complaints_complaint SET is_key_case = (id % 50 = 5) "
            "WHERE accountable_people > 0 AND is_key_case <> (id % 50 = 5)"
        )
    if Record.objects.filter(source="bench").exists():
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE complaints_complaint c SET verdict = 'true', accountable_people = 1 + c.id % 2,
                      lead_unit_id = u.id, result_changed_at = now()
               FROM organisations_unit u
               WHERE c.id % 5 = 0 AND u.region_id = c.region_id AND u.kind = 'government'"""
        )
        cursor.execute(
            f"""INSERT INTO accountability_record (person_name, post, unit_id, cadre_level, form, reason, status,
                  decided_by, decided_on, document_number, audit_status, audit_note, source_kind, source,
                  region_prefix, created_by_id, created_at)
                SELECT '责任人' || c.id, '分管副镇长', c.lead_unit_id, 'township', 'admonition', '监管不力', 'decided',
                  '县纪委', CURRENT_DATE - (c.id % 300)::int, '', 'pending', '', 'feedback', 'bench', r.prefix,
                  {office.pk}, now()
                FROM complaints_complaint c JOIN organisations_region r ON r.id = c.region_id
                WHERE c.accountable_people > 0 AND c.id % 25 <> 0"""
        )
        cursor.execute(
            """INSERT INTO accountability_record_complaints (record_id, complaint_id)
               SELECT r.id, substring(r.person_name from 4)::bigint FROM accountability_record r WHERE r.source = 'bench'"""
        )
        cursor.execute(
            "ANALYZE complaints_complaint; ANALYZE accountability_record; ANALYZE accountability_record_complaints"
        )
    print(f"accountability data: {Record.objects.count():,} records in {time.perf_counter() - started:.1f} s")


def discipline_account(region_code: str, username: str):
    from accounts.models import Role, User
    from organisations.models import Region, Unit

    region = Region.objects.get(code=region_code)
    unit, _ = Unit.objects.get_or_create(
        region=region, name=f"{region.name}纪委监委（基准）", defaults={"kind": "discipline"}
    )
    user, created = User.objects.get_or_create(username=username, defaults={"unit": unit})
    if created:
        user.roles.set(Role.objects.filter(code="discipline"))
    return user


def liaison_data(office, city_code: str):
    """Every county of the city gets 20 townships, two county leaders, and a city plan with one gap."""
    from liaison.models import Assignment
    from organisations.models import Person, Post, Region, Unit

    city = Region.objects.get(code=city_code)
    counties = list(Region.objects.filter(parent=city, level="county").order_by("code"))
    if Assignment.objects.filter(plan_region=city).exists():
        return city, counties
    party, _ = Unit.objects.get_or_create(region=city, name=f"中共{city.name}委", defaults={"kind": "party"})
    for index, county in enumerate(counties):
        Region.objects.bulk_create(
            [Region(code=f"{county.code}{100 + n:03d}", name=f"第{n}镇", level="township", parent=county,
                    prefix=f"{county.code}{100 + n:03d}", depth=4) for n in range(20)],
            ignore_conflicts=True,
        )  # fmt: skip
        person = Person.objects.create(region=city, name=f"市领导{index}")
        post = Post.objects.create(person=person, unit=party, title=f"市委常委{index}")
        if index:  # the first county is the gap
            Assignment.objects.create(plan_region=city, post=post, region=county, created_by=office)
        gov, _ = Unit.objects.get_or_create(
            region=county, name=f"{county.name}人民政府", defaults={"kind": "government"}
        )
        towns = list(Region.objects.filter(parent=county, level="township").order_by("code"))
        for k in range(2):
            leader = Post.objects.create(
                person=Person.objects.create(region=county, name=f"县领导{k}"), unit=gov, title=f"副县长{k}"
            )
            Assignment.objects.bulk_create(
                [
                    Assignment(plan_region=county, post=leader, region=t, created_by=office)
                    for t in towns[k::2]
                ]
            )
    return city, counties


def _handlers() -> None:
    """A handler account in every Hebei county government (set-based), as the reminders' recipients."""
    from accounts.models import Role, User
    from organisations.models import Unit

    units = Unit.objects.filter(
        region__prefix__startswith="13", region__level="county", kind="government"
    ).exclude(users__username__startswith="bench_h_")
    User.objects.bulk_create(
        [User(username=f"bench_h_{u}", unit_id=u, password="!") for u in units.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    role = Role.objects.get(code="handler")
    through = User.roles.through
    through.objects.bulk_create(
        [
            through(user_id=pk, role_id=role.pk)
            for pk in User.objects.filter(username__startswith="bench_h_").values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=200_000)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    from accountability import oversight, queries
    from complaints.models import Complaint

    office, _hebei, _inspections = setup(args.complaints)
    accountability_data(connection, office)
    print(f"complaints {Complaint.objects.count():,}; true with people held accountable "
          f"{Complaint.objects.filter(accountable_people__gt=0).count():,}")  # fmt: skip

    city_user = discipline_account("130500", "bench_discipline_xt")
    province_user = discipline_account("130000", "bench_discipline_hb")
    for label, user in (("city", city_user), ("province", province_user)):
        timed(f"queue counts ({label} discipline)", lambda user=user: queries.queue_counts(user), runs=5)
        timed(f"complaints queue, first 100 ({label})",
              lambda user=user: list(queries.complaints_missing_records(user)[:100]), runs=5)  # fmt: skip
        timed(
            f"figures by form, level, unit, month ({label})", lambda user=user: queries.figures(user), runs=5
        )
    once(
        "draw 50 key cases' records (province)",
        lambda: len(oversight.sample_key_records(by=province_user, size=50)),
    )

    # The public column for a 5,000-complaint publication.
    from django.db.models import Prefetch

    from accountability import disclosure

    rows = Complaint.objects.filter(accountable_people__gt=0).prefetch_related(
        Prefetch("accountability_records", queryset=disclosure.published_records())
    )[:5000]
    patterns, names = disclosure.column_context()
    once("public column for 5,000 complaints",
         lambda: sum(1 for c in rows if disclosure.column(c.accountability_records.all(), "", patterns, names)))  # fmt: skip

    # Liaison gaps.
    from liaison.queries import gaps

    city, counties = liaison_data(office, "130100")
    timed(f"liaison gaps of a city ({len(counties)} counties)", lambda: gaps(city), runs=10)
    timed("liaison gaps of a county (20 townships)", lambda: gaps(counties[1]), runs=10)
    print(f"  city gap: {[r.name for r in gaps(city).uncovered_regions]}")

    # Duty-report reminders over every county unit of Hebei.
    from ducha.errors import WorkflowError
    from dutyreports import workflow as duty
    from dutyreports.models import Cycle, Report
    from dutyreports.tasks import remind_duty_reports
    from organisations.models import Region, Unit

    for city_region in Region.objects.filter(prefix__startswith="13", level="city"):
        if not Cycle.objects.filter(region=city_region, year=2026).exists():
            try:
                duty.open_year(
                    by=office, region=city_region, year=2026, due_on=dt.date.today() + dt.timedelta(days=3)
                )
            except WorkflowError as error:  # a city with no county units in the bench world
                print(f"  {city_region.name}: {error.message}")
    _handlers()
    print(
        f"duty reports {Report.objects.count():,} over {Unit.objects.filter(duty_reports__isnull=False).distinct().count():,} units"
    )
    once("reminder sweep, first run (notifications)", remind_duty_reports)
    once("reminder sweep, second run (idempotent)", remind_duty_reports)


if __name__ == "__main__":
    main()
