"""Scoped reads at national scale: how long do subtree and visible_to queries take?

Usage (PostgreSQL recommended; the database is created if missing and filled once):
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/ducha_bench .venv/bin/python bench/scope_queries.py
Prints p50 / p95 per query over repeated runs. Not a test: figures go in closing notes.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ducha_bench")

import django


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            )


ensure_database(os.environ["DATABASE_URL"])
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import User  # noqa: E402
from inspections.models import Inspection, InspectionTarget  # noqa: E402
from inspections.queries import inspections_for  # noqa: E402
from organisations.models import Region, Unit  # noqa: E402
from organisations.workflow import load_regions  # noqa: E402

UNITS_PER_COUNTY = 8
INSPECTIONS = 5000
RUNS = 200


def fill() -> None:
    call_command("migrate", verbosity=0)
    if not Region.objects.filter(level="county").exists():
        load_regions()
    if Unit.objects.count() >= UNITS_PER_COUNTY * 2800:
        return
    counties = list(Region.objects.filter(level="county"))
    print(f"filling: {len(counties) * UNITS_PER_COUNTY} units, {INSPECTIONS} inspections …", flush=True)
    Unit.objects.bulk_create(
        (
            Unit(name=f"{c.name}单位{i}", kind="department", region=c)
            for c in counties
            for i in range(UNITS_PER_COUNTY)
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )
    office = Unit.objects.filter(region__level="province").first() or Unit.objects.first()
    rng = random.Random(7)
    cities = list(Region.objects.filter(level__in=["city", "county"]))
    inspections = Inspection.objects.bulk_create(
        Inspection(
            code=f"BENCH-{n}",
            name=f"基准督察{n}",
            level="municipal",
            kind="routine",
            team_name="组",
            office=office,
            stationed_from="2026-01-01",
            stationed_until="2026-02-01",
        )
        for n in range(INSPECTIONS)
    )
    InspectionTarget.objects.bulk_create(
        (InspectionTarget(inspection=i, region=rng.choice(cities)) for i in inspections), batch_size=5000
    )


def timed(label: str, fn) -> None:
    fn()
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:<48} p50 {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms")


def main() -> None:
    fill()
    hebei = Region.objects.get(code="130000")
    county = Region.objects.get(code="130503")
    user, _ = User.objects.get_or_create(
        username="bench_county", defaults={"unit": Unit.objects.filter(region=county).first()}
    )
    province_user, _ = User.objects.get_or_create(
        username="bench_province",
        defaults={
            "unit": Unit.objects.filter(region__code="130000").first()
            or Unit.objects.filter(region=county).first()
        },
    )
    print(
        f"{connection.vendor}: {Region.objects.count()} regions, {Unit.objects.count()} units, "
        f"{Inspection.objects.count()} inspections"
    )
    timed("province subtree count (Region)", lambda: Region.objects.subtree(hebei).count())
    timed("county user: visible units, first page of 50", lambda: list(Unit.objects.visible_to(user)[:50]))
    timed("county user: visible units count", lambda: Unit.objects.visible_to(user).count())
    timed("province user: visible units count", lambda: Unit.objects.visible_to(province_user).count())
    timed("county user: inspections list, first page", lambda: list(inspections_for(user)[:25]))
    timed("county user: inspections count", lambda: inspections_for(user).count())


if __name__ == "__main__":
    main()
