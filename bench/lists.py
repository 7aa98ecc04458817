"""The lists people page through, at scale: prints figures, asserts nothing.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/ducha_bench .venv/bin/python bench/lists.py

Runs on the database bench/complaints.py fills (run that one first, with --rows 100000 or 1000000).
Measures, through the real views in process (Django's test client, signed in): the province office's
and the city office's complaint lists as HTML and as API, first page and page 500, and the workbench
with its queue counts. Each figure is the p50 / p95 of 20 runs with the statements per request, beside a
fixed Python loop's time (the calibration) so runs on a noisy machine can be compared.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ducha_bench")


def calibration() -> float:
    """Milliseconds for a fixed pure-Python loop: the machine's speed at the moment of the run."""
    started = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i % 7
    return (time.perf_counter() - started) * 1000


def timed(label: str, client, url: str, runs: int = 20) -> None:
    from django.db import connection

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
    print(
        f"{label:<46} p50 {statistics.median(samples):7.1f} ms  p95 {p95:7.1f} ms  "
        f"{len(statements):3d} statements   (calibration {calibration():.0f} ms)"
    )


def main():
    import django

    django.setup()
    from django.test import Client

    from accounts.models import Role, User
    from complaints.models import Complaint
    from organisations.models import Region, Unit

    total = Complaint.objects.count()
    print(f"complaints {total:,}")
    hebei = Region.objects.get(code="130000")
    xingtai = Region.objects.get(code="130500")
    province_unit, _ = Unit.objects.get_or_create(
        region=hebei, name="基准测试督察办", defaults={"kind": "inspection"}
    )
    city_unit, _ = Unit.objects.get_or_create(
        region=xingtai, name="基准测试市督察办", defaults={"kind": "inspection"}
    )
    office = Role.objects.get(code="office")
    users = {}
    for name, unit in (("bench_province", province_unit), ("bench_city", city_unit)):
        users[name], created = User.objects.get_or_create(username=name, defaults={"unit": unit})
        if created:
            users[name].roles.add(office)
    for name, user in users.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        who = "province office" if name == "bench_province" else "city office"
        timed(f"{who}: list HTML, page 1", client, "/complaints/")
        timed(f"{who}: list HTML, page 500", client, "/complaints/?page=500")
        timed(f"{who}: list API, page 1", client, "/api/complaints?page=1")
        timed(f"{who}: list API, page 500", client, "/api/complaints?page=500")
        timed(f"{who}: workbench (queue counts)", client, "/")


if __name__ == "__main__":
    main()
