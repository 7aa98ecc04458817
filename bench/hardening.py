"""What the hardening of issue 9 costs, on PostgreSQL: prints figures, asserts nothing.

    .venv/bin/python bench/hardening.py [--events 200000] [--ledger-rows 50000]

Uses the bench database of bench/complaints.py (created if missing).
- The audit chain: insert --events events in bulk (as a sweep does), seal them, seal again (nothing to do),
  verify the whole chain; time and peak memory.
- Imports: a 2 MB zip-bomb workbook refused; a --ledger-rows ledger (unit names the way ledgers write them)
  imported as a background job (run inline here); time and peak memory.
"""

import argparse
import io
import os
import resource
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ducha_bench")
os.environ.setdefault("HUEY_IMMEDIATE", "1")

from bench.complaints import ensure_database

UNIT_WRITINGS = ["{county}人民政府"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_chain(events: int) -> None:
    from audit.chain import seal_events, verify_chain
    from audit.models import Event

    seal_events()
    started = time.perf_counter()
    Event.objects.bulk_create(
        (
            Event(subject_type="rectification.task", subject_id=str(n), region_prefix="1305", action="warned",
                  to_state="red", note=f"序时进度落后 {n % 40} 个百分点", actor_name="系统")
            for n in range(events)
        ),
        batch_size=5000,
    )  # fmt: skip
    print(f"{'insert events (bulk, as a sweep does)':<44} {time.perf_counter() - started:8.2f} s  {events:,}")
    started = time.perf_counter()
    sealed = seal_events()
    print(f"{'seal them':<44} {time.perf_counter() - started:8.2f} s  {sealed:,} sealed")
    started = time.perf_counter()
    print(f"{'seal again (nothing new)':<44} {time.perf_counter() - started + 0 * seal_events():8.2f} s")
    started = time.perf_counter()
    result = verify_chain()
    print(
        f"{'verify the whole chain':<44} {time.perf_counter() - started:8.2f} s  "
        f"{result.checked:,} events, {'intact' if result.ok else result.message}; peak RSS {peak_mb():.0f} MB"
    )


def bench_imports(rows: int) -> None:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from accounts.models import Role, User
    from ducha.errors import WorkflowError
    from imports.workflow import start_import
    from inspections.models import Inspection
    from organisations.models import Region, Unit
    from rectification import workflow
    from rectification.excel import LEDGER_COLUMNS

    xingtai = Region.objects.get(code="130500")
    counties = list(Region.objects.filter(parent=xingtai, level="county"))
    for county in counties:
        Unit.objects.get_or_create(
            region=county, name=f"{county.name}人民政府", defaults={"kind": "government"}
        )
    office_unit, _ = Unit.objects.get_or_create(
        region=xingtai, name="基准测试整改办", defaults={"kind": "inspection"}
    )
    office, _ = User.objects.get_or_create(username="bench_ledger", defaults={"unit": office_unit})
    office.roles.set(Role.objects.filter(code__in=["office"]))
    inspection = Inspection.objects.first()
    if inspection is None:
        import datetime as dt

        from inspections import workflow as inspection_workflow

        today = dt.date.today()
        inspection = inspection_workflow.create_inspection(
            by=office, code="BENCH-LEDGER", name="基准测试：台账导入", level="municipal", kind="routine",
            team_name="基准测试组", office=office_unit, target_regions=[xingtai],
            stationed_from=today - dt.timedelta(days=60), stationed_until=today - dt.timedelta(days=30),
        )  # fmt: skip
    report = workflow.create_report(
        by=office, inspection=inspection, region=xingtai, title=f"基准测试反馈意见 {time.time():.0f}",
        delivered_on=inspection.stationed_until, text="基准测试",
    )  # fmt: skip

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet_xml:
            for _ in range(2000):  # 2 GB of one character: about 2 MB zipped
                sheet_xml.write(b"A" * 1_000_000)
    size = bomb.tell()
    started = time.perf_counter()
    try:
        start_import(
            "ledger", subject=report, upload=SimpleUploadedFile("炸弹.xlsx", bomb.getvalue()), by=office
        )
        outcome = "accepted?!"
    except WorkflowError as error:
        outcome = error.message
    print(
        f"{'zip bomb refused':<44} {(time.perf_counter() - started) * 1000:8.1f} ms  {size / 1e6:.1f} MB: {outcome}"
    )

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["邢台市督察反馈问题整改台账"])
    sheet.append(list(LEDGER_COLUMNS))
    for n in range(rows):
        county = counties[(n // 2) % len(counties)].name
        sheet.append([
            n // 2 + 1, f"{county}某石料厂粉尘污染问题整改不到位（第 {n // 2 + 1} 项）", "粉尘排放达标",
            "安装喷淋、封闭料场", UNIT_WRITINGS[0].format(county=county), "", "", "2027年6月底", "", "未达到序时进度",
        ])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    print(f"{'ledger workbook':<44} {buffer.tell() / 1e6:8.1f} MB  {rows:,} rows")
    settings.IMPORT_MAX_SECONDS = 3600
    started = time.perf_counter()
    job = start_import(
        "ledger", subject=report, upload=SimpleUploadedFile("台账.xlsx", buffer.getvalue()), by=office
    )
    job.refresh_from_db()
    print(
        f"{'ledger import as a job':<44} {time.perf_counter() - started:8.1f} s  {job.get_status_display()}: "
        f"{job.message[:60]}; peak RSS {peak_mb():.0f} MB"
    )
    if job.errors:
        print(f"  first error: {job.errors[0]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--ledger-rows", type=int, default=50_000)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from organisations.models import Region
    from organisations.workflow import load_regions

    if not Region.objects.filter(level="county").exists():
        load_regions()
    bench_chain(args.events)
    bench_imports(args.ledger_rows)


if __name__ == "__main__":
    main()
