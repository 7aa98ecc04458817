"""Faults lose nothing: the intake load through a killed worker and a restarted database.

    .venv/bin/python bench/faults.py [--requests 2000] [--clients 8]

Starts a PostgreSQL 15 cluster of its own (initdb in a temporary directory, on a free port; as the
`postgres` user when run as root), migrates it, and serves ducha from it with gunicorn (2 workers x 4
threads, gunicorn.conf.py). Then posts the intake load three times, each into an inspection of its own:

1. plain;
2. with one gunicorn worker killed with SIGKILL a third of the way in;
3. with the cluster restarted (pg_ctl restart -m fast) a third of the way in.

Each request carries a fresh Idempotency-Key. A client that gets no answer, a 5xx or a 503 waits a
moment and retries with the same key, as a hotline operator's browser would, until it is answered or
60 s pass. Afterwards the database is counted: accepted (answered 200/201), lost (accepted but no row),
duplicated (more than one row for a key), unanswered (never answered). Prints the figures; asserts
nothing. The goal is 0 lost and 0 duplicated.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
TEXT = "{county}东关村石料厂夜间生产粉尘很大，附近村民反映多次（编号 {key}）"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Cluster:
    """A throw-away PostgreSQL cluster: trust authentication on 127.0.0.1, UTF-8 (C.UTF-8)."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="ducha-faults-"))
        self.data = self.directory / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        subprocess.run(
            as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                         "-E", "UTF8", "--locale", "C.UTF-8"]),
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.pg_ctl("start", "-w", "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/ducha_faults"

    def pg_ctl(self, *args: str) -> None:
        log = str(self.directory / "server.log")
        subprocess.run(
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", log, *args]),
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast", "-w", "-o", f"-p {self.port} -k {self.directory}")

    def stop(self) -> None:
        try:
            self.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


def prepare(url: str, inspections: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """Create the database, migrate, and set up a team user with a token and one inspection per run."""
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(
            "CREATE DATABASE ducha_faults TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.models import ApiToken, Role, User, hash_token
    from inspections import workflow
    from organisations.models import Region, Unit
    from organisations.workflow import load_regions

    load_regions()
    hebei = Region.objects.get(code="130000")
    unit = Unit.objects.create(region=hebei, name="故障演练督察组", kind="inspection")
    user = User.objects.create(username="faults_team", unit=unit)
    user.roles.set(Role.objects.filter(code__in=["office", "team"]))
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), name="faults")
    today = dt.date.today()
    for code in inspections:
        workflow.create_inspection(
            by=user, code=code, name=f"故障演练 {code}", level="provincial", kind="routine",
            team_name="故障演练组", office=unit, target_regions=[hebei],
            stationed_from=today - dt.timedelta(days=5), stationed_until=today + dt.timedelta(days=25),
        )  # fmt: skip
    counties = list(
        Region.objects.filter(prefix__startswith="1305", level="county").values_list("code", "name")
    )
    from django.db import connections

    connections.close_all()
    return raw, counties


def serve(url: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, DEBUG="0", LOG_LEVEL="ERROR", CONN_MAX_AGE="600")
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "ducha.wsgi", "--config", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def worker_pids(master: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master):
            found.append(int(status.parent.name))
    return found


def post(port: int, token: str, body: dict, key: str) -> tuple[int, str, int]:
    """Send one complaint, retrying with the same key until answered; (status, number, attempts)."""
    deadline, attempts = time.monotonic() + 60, 0
    payload = json.dumps(body)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": key}
    while time.monotonic() < deadline:
        attempts += 1
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            connection.request("POST", "/api/complaints", body=payload, headers=headers)
            response = connection.getresponse()
            text = response.read()
            connection.close()
            if response.status in (200, 201):
                return response.status, json.loads(text)["number"], attempts
            if response.status < 500:
                return response.status, text.decode()[:200], attempts
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.3)
    return 0, "", attempts


def run(label, *, port, token, counties, inspection, requests, clients, fault=None):
    outcomes: dict[str, tuple[int, str, int]] = {}
    lock, done = threading.Lock(), [0]
    fired = threading.Event()

    def client(offset: int, count: int):
        for i in range(count):
            code, name = counties[(offset + i) % len(counties)]
            key = str(uuid.uuid4())
            body = {
                "inspection": inspection,
                "channel": "D",
                "text": TEXT.format(county=name, key=key[:8]),
                "region_code": code,
                "reporter_name": "张建国",
                "reporter_phone": "13812341234",
            }
            outcome = post(port, token, body, key)
            with lock:
                outcomes[key] = outcome
                done[0] += 1
                if fault and not fired.is_set() and done[0] >= requests // 3:
                    fired.set()
                    threading.Thread(target=fault).start()

    per_client = requests // clients
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n * per_client, per_client)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return label, outcomes, elapsed


def count(url: str, inspection: str, outcomes) -> dict:
    import psycopg

    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT c.intake_key, count(*) FROM complaints_complaint c JOIN inspections_inspection i "
            "ON i.id = c.inspection_id WHERE i.code = %s GROUP BY c.intake_key",
            [inspection],
        ).fetchall()
    per_key = {key.split(":", 1)[1]: n for key, n in rows if key}
    accepted = [k for k, (status, _n, _a) in outcomes.items() if status in (200, 201)]
    return {
        "sent": len(outcomes),
        "accepted": len(accepted),
        "unanswered": sum(1 for status, _n, _a in outcomes.values() if status == 0),
        "refused": sum(1 for status, _n, _a in outcomes.values() if status not in (0, 200, 201)),
        "retried": sum(1 for _s, _n, attempts in outcomes.values() if attempts > 1),
        "lost": sum(1 for k in accepted if per_key.get(k, 0) == 0),
        "duplicated": sum(n - 1 for n in per_key.values() if n > 1),
        "rows": sum(per_key.values()),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    if PG_BIN is None:
        raise SystemExit("PostgreSQL server binaries not found under /usr/lib/postgresql")
    cluster = Cluster()
    server = None
    try:
        token, counties = prepare(cluster.url, ["FAULT-PLAIN", "FAULT-KILL", "FAULT-RESTART"])
        port = free_port()
        server = serve(cluster.url, port)

        def kill_a_worker():
            victims = worker_pids(server.pid)
            if victims:
                os.kill(victims[0], signal.SIGKILL)
                print(f"  killed gunicorn worker {victims[0]} with SIGKILL")

        def restart_database():
            started = time.perf_counter()
            cluster.restart()
            print(f"  restarted PostgreSQL ({time.perf_counter() - started:.1f} s)")

        common = {"port": port, "token": token, "counties": counties, "requests": args.requests,
                  "clients": args.clients}  # fmt: skip
        results = [
            run("plain", inspection="FAULT-PLAIN", **common),
            run("worker killed", inspection="FAULT-KILL", fault=kill_a_worker, **common),
            run("database restarted", inspection="FAULT-RESTART", fault=restart_database, **common),
        ]
        inspections = {
            "plain": "FAULT-PLAIN",
            "worker killed": "FAULT-KILL",
            "database restarted": "FAULT-RESTART",
        }
        print(f"\n{'run':<20}{'sent':>6}{'accepted':>10}{'retried':>9}{'refused':>9}{'unanswered':>12}"
              f"{'lost':>6}{'duplicated':>12}{'rows':>7}{'rate/s':>8}")  # fmt: skip
        for label, outcomes, elapsed in results:
            figures = count(cluster.url, inspections[label], outcomes)
            print(
                f"{label:<20}{figures['sent']:>6}{figures['accepted']:>10}{figures['retried']:>9}"
                f"{figures['refused']:>9}{figures['unanswered']:>12}{figures['lost']:>6}"
                f"{figures['duplicated']:>12}{figures['rows']:>7}{figures['sent'] / elapsed:>8.0f}"
            )
            refused = [o for o in outcomes.values() if o[0] not in (0, 200, 201)]
            if refused:
                print(f"  first refusal: {refused[0]}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        cluster.stop()


if __name__ == "__main__":
    main()
