"""Intake over HTTP: gunicorn with 2 workers on PostgreSQL, a threaded client posting complaints.

    .venv/bin/python bench/intake_http.py --requests 4000 --clients 16

Uses the bench database of bench/complaints.py (created if missing; run that one first to measure
intake against 1,000,000 existing rows). Starts gunicorn on a free port, signs a team user in with a
bearer token, and posts `POST /api/complaints` with a fresh Idempotency-Key each, from --clients
threads over keep-alive connections. Prints the rate and the latency percentiles; asserts nothing.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ducha_bench")

from bench.complaints import ensure_database  # noqa: E402

TEXTS = [
    "{county}东关村一家石料厂夜间生产粉尘很大，没有任何防尘措施，附近村民晚上不敢开窗。",
    "{county}北环路旁的化工厂排放刺鼻气味，周边小区居民反映头晕恶心，请督察组核查。",
    "{county}西河沿岸有养殖场直排粪污，河水发黑发臭，已持续半年多。",
    "{county}南郊工业园区有企业夜里偷排废水，排口在桥下，水面有泡沫。",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare() -> tuple[str, list[str]]:
    """A team user with a token, and the codes of the counties to report from."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import datetime as dt

    from accounts.models import ApiToken, Role, User, hash_token
    from inspections import workflow as inspection_workflow
    from inspections.models import Inspection
    from organisations.models import Region, Unit
    from organisations.workflow import load_regions

    if not Region.objects.filter(level="county").exists():
        load_regions()
    hebei = Region.objects.get(code="130000")
    unit, _ = Unit.objects.get_or_create(region=hebei, name="基准测试督察办", defaults={"kind": "inspection"})
    user, _ = User.objects.get_or_create(username="bench_intake", defaults={"unit": unit})
    user.roles.set(Role.objects.filter(code__in=["office", "team"]))
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), name="bench")
    today = dt.date.today()
    if not Inspection.objects.filter(code="BENCH-HTTP").exists():
        inspection_workflow.create_inspection(
            by=user, code="BENCH-HTTP", name="基准测试：接口受理", level="provincial", kind="routine",
            team_name="基准测试组", office=unit, target_regions=[hebei],
            stationed_from=today - dt.timedelta(days=5), stationed_until=today + dt.timedelta(days=25),
        )  # fmt: skip
    counties = list(
        Region.objects.filter(prefix__startswith="1305", level="county").values_list("code", "name")
    )
    return raw, counties


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before it served")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def body_text(response) -> str:
    return response.body.decode("utf-8", "replace")[:300]


def client(port, token, counties, count, latencies, errors, offset):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(count):
        code, name = counties[(offset + i) % len(counties)]
        body = json.dumps(
            {
                "inspection": "BENCH-HTTP",
                "channel": "D",
                "text": TEXTS[(offset + i) % len(TEXTS)].format(county=name),
                "address": f"{name}城关镇",
                "region_code": code,
                "reporter_name": "张建国",
                "reporter_phone": "13812341234",
            }
        )
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4()),
        }
        started = time.perf_counter()
        connection.request("POST", "/api/complaints", body=body, headers=headers)
        response = connection.getresponse()
        response.body = response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status != 201:
            errors.append((response.status, body_text(response)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    token, counties = prepare()

    port = free_port()
    # As production runs: Huey's queue in Redis (nobody consuming it during the run), persistent connections.
    env = dict(
        os.environ, DEBUG="0", LOG_LEVEL="ERROR", CONN_MAX_AGE="600",
        HUEY_URL=os.environ.get("HUEY_URL", "redis://127.0.0.1:6379/15"), HUEY_IMMEDIATE="0",
    )  # fmt: skip
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"), "ducha.wsgi", "--workers", str(args.workers),
            "--bind", f"127.0.0.1:{port}", "--worker-class", args.worker_class, "--threads", str(args.threads),
            "--log-level", "warning",
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_up(port, server)
        # Warm up: each worker imports, connects and compiles its first queries.
        warm: list[float] = []
        client(port, token, counties, 40, warm, [], 0)
        latencies: list[float] = []
        errors: list[int] = []
        per_client = args.requests // args.clients
        threads = [
            threading.Thread(
                target=client, args=(port, token, counties, per_client, latencies, errors, n * per_client)
            )
            for n in range(args.clients)
        ]
        started, client_cpu = time.perf_counter(), time.process_time()
        server_cpu, database_cpu = _cpu_seconds(server.pid), _cpu_seconds(None, name="postgres")
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        client_cpu = time.process_time() - client_cpu
        server_cpu = _cpu_seconds(server.pid) - server_cpu
        database_cpu = _cpu_seconds(None, name="postgres") - database_cpu
    finally:
        server.terminate()
        server.wait(timeout=10)
    latencies.sort()

    def percentile(p):
        return latencies[min(int(len(latencies) * p), len(latencies) - 1)]

    print(
        f"gunicorn {args.workers} workers ({args.worker_class}"
        + (f", {args.threads} threads each" if args.worker_class == "gthread" else "")
        + f"), {args.clients} client threads"
    )
    print(f"{len(latencies):,} complaints in {elapsed:.1f} s: {len(latencies) / elapsed:.0f} complaints/s")
    print(
        f"latency p50 {statistics.median(latencies):.1f} ms   p95 {percentile(0.95):.1f} ms   "
        f"p99 {percentile(0.99):.1f} ms   max {latencies[-1]:.1f} ms"
    )
    print(
        f"CPU per complaint: server {server_cpu * 1000 / len(latencies):.1f} ms (gunicorn's workers), "
        f"client {client_cpu * 1000 / len(latencies):.1f} ms (this process), "
        f"PostgreSQL {database_cpu * 1000 / len(latencies):.1f} ms"
    )
    print(f"errors: {len(errors)}" + (f"; first: {errors[0]}" if errors else ""))


def _cpu_seconds(pid: int | None, name: str = "") -> float:
    """User and system CPU of the children of `pid` (gunicorn's workers), or of every process called
    `name`, from /proc."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        command, fields = stat.split("(", 1)[1].rsplit(")", 1)[0], stat.rsplit(")", 1)[1].split()
        if (pid is not None and int(fields[1]) == pid) or (name and command == name):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


if __name__ == "__main__":
    main()
