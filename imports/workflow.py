"""Starting and running imports. Small files are imported at once, inside the request; larger ones by a
Huey consumer, with progress the job page polls. Either way the file is checked before it is parsed
(ducha.spreadsheets.check_workbook), reading stops at the row and time limits, and the import itself is
all-or-nothing: a job ends either with everything written or with nothing written and every error."""

import datetime as dt
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.spreadsheets import check_workbook, estimated_rows, read_sheet
from imports.models import ImportJob, JobStatus
from imports.registry import importer

MAX_SHOWN_ERRORS = 1000


def _progress_key(job_id: int) -> str:
    return f"ducha:import-progress:{job_id}"


def progress_of(job: ImportJob) -> dict:
    """{stage, done, total} while a job runs (kept in Huey's storage, which every web worker and consumer
    shares: the import's own transaction cannot show its progress to other connections)."""
    from huey.contrib.djhuey import HUEY

    return HUEY.get(_progress_key(job.pk), peek=True) or {
        "stage": "排队",
        "done": 0,
        "total": job.estimated_rows,
    }


def _put_progress(job_id: int, stage: str, done: int, total: int | None) -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.put(_progress_key(job_id), {"stage": stage, "done": done, "total": total})


def start_import(kind: str, *, subject, upload, by) -> ImportJob:
    """Check the upload and create its job; import it now when it is small (IMPORT_INLINE_ROWS rows
    or fewer), else queue it for a consumer. Raises WorkflowError for a file refused before parsing."""
    spec = importer(kind)
    check_workbook(upload, field="file")
    try:
        rows = estimated_rows(upload)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise WorkflowError(
            f"无法读取工作簿（{exc.__class__.__name__}）：请在 Excel 中另存为 .xlsx 后再上传", field="file"
        ) from exc
    if rows is not None and rows > settings.IMPORT_MAX_ROWS + 50:
        raise WorkflowError(
            f"工作表有 {rows} 行，超过 {settings.IMPORT_MAX_ROWS} 行上限；请分批导入", field="file"
        )
    job = ImportJob.objects.create(
        kind=kind,
        subject_id=subject.pk if subject is not None else None,
        file=upload,
        original_name=(upload.name or "upload.xlsx")[:200],
        region_prefix=spec.region_prefix(subject, by),
        created_by=by,
        estimated_rows=rows,
    )
    if rows is not None and rows <= settings.IMPORT_INLINE_ROWS:
        run_job(job, seconds=settings.IMPORT_INLINE_SECONDS)
        job.refresh_from_db()
    else:
        from imports.tasks import run_import_job

        transaction.on_commit(lambda: run_import_job(job.pk))
    return job


def run_job(job: ImportJob, *, seconds: int) -> ImportJob:
    """Run one job to its end (called inline or by the Huey task). Claims the job with a conditional
    UPDATE, so a job queued twice runs once."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return job
    job.refresh_from_db()
    spec = importer(job.kind)
    deadline = time.monotonic() + seconds

    def progress(stage: str, done: int, total: int | None) -> None:
        if time.monotonic() > deadline:
            raise WorkflowError(
                f"导入超过 {seconds} 秒上限，已放弃，未写入任何内容；请分批导入", field="file"
            )
        _put_progress(job.pk, stage, done, total or job.estimated_rows)

    outcome = {"status": JobStatus.FAILED, "created": 0, "updated": 0, "errors": [], "message": ""}
    try:
        subject = spec.subject(job.created_by, job.subject_id)
        with job.file.open("rb") as handle:
            rows = []
            for number, values in read_sheet(handle, required=spec.required, deadline=deadline):
                rows.append((number, values))
                if len(rows) % 1000 == 0:
                    progress("读取", len(rows), job.estimated_rows)
            progress("检查", 0, len(rows))
            result = spec.run(rows, subject=subject, by=job.created_by, progress=progress)
    except (PermissionDeniedError, WorkflowError) as error:
        outcome["message"] = error.message
    else:
        if result.errors:
            outcome["errors"] = [
                {"row": e.row, "column": e.column, "message": e.message}
                | ({"unit_name": e.unit_name, "candidates": e.candidates[:8]} if e.unit_name else {})
                for e in result.errors[:MAX_SHOWN_ERRORS]
            ]
            more = f"，仅列出前 {MAX_SHOWN_ERRORS} 处" if len(result.errors) > MAX_SHOWN_ERRORS else ""
            outcome["message"] = f"共 {len(result.errors)} 处错误{more}，未导入任何内容"
        else:
            outcome.update(
                status=JobStatus.DONE,
                created=result.created,
                updated=result.updated,
                message=f"已导入 {len(rows)} 行：新增 {result.created} 条"
                + (f"，更新 {result.updated} 条" if result.updated else ""),
            )
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **outcome)
    _put_progress(job.pk, "完成", job.estimated_rows or 0, job.estimated_rows)
    job.refresh_from_db()
    return job


def fail_abandoned_jobs() -> int:
    """A job whose consumer died mid-way wrote nothing (its transaction rolled back): say so, so that
    nobody waits for it and the user can upload again. One UPDATE; a second run changes nothing."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.IMPORT_MAX_SECONDS + 120)
    return ImportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=cutoff).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        message="导入中断（后台进程停止），未写入任何内容，请重新上传",
    )


def unknown_units(job: ImportJob) -> list[dict]:
    """The unit names a failed job could not read, each with its rows and the units it may mean."""
    names: dict[str, dict] = {}
    for error in job.errors:
        name = error.get("unit_name")
        if name:
            entry = names.setdefault(name, {"name": name, "rows": [], "candidates": []})
            entry["rows"].append(error["row"])
            entry["candidates"] += [pk for pk in error.get("candidates", []) if pk not in entry["candidates"]]
    return list(names.values())


def map_units(job: ImportJob, *, by, choices: dict[str, dict]) -> ImportJob:
    """Save the office's answers (all or none), then import the file again: at once when it is small,
    else by a consumer."""
    rerun = _save_mapping(job, by=by, choices=choices)
    if (rerun.estimated_rows or 0) <= settings.IMPORT_INLINE_ROWS:
        run_job(rerun, seconds=settings.IMPORT_INLINE_SECONDS)
        rerun.refresh_from_db()
    else:
        from imports.tasks import run_import_job

        run_import_job(rerun.pk)
    return rerun


@transaction.atomic
def _save_mapping(job: ImportJob, *, by, choices: dict[str, dict]) -> ImportJob:
    """Save what the office said each unknown name means — an existing unit (a UnitAlias) or a unit to
    create — then import the same file again as a new job (still all-or-nothing). `choices`: name →
    {"unit": Unit} or {"create": {"name", "region", "kind"}}. Every name must be answered."""
    from audit.workflow import record_event
    from organisations.models import Region, Unit, UnitAlias, UnitKind
    from organisations.scope import scope_of

    if not (by.is_superuser or by.has_role("office")):
        raise PermissionDeniedError("只有督察办（整改办）可以对照单位名称")
    if job.status != JobStatus.FAILED:
        raise WorkflowError("只有未导入的任务需要对照单位名称", field="job")
    scope = scope_of(by)
    wanted = {entry["name"] for entry in unknown_units(job)}
    missing = sorted(wanted - set(choices))
    if missing:
        raise WorkflowError(f"请为“{missing[0]}”选择对应单位或新建", field=missing[0])
    for name in sorted(wanted):
        choice = choices[name]
        unit = choice.get("unit")
        if unit is None:
            spec = choice["create"]
            region = spec["region"]
            if not isinstance(region, Region) or not scope.covers(region.prefix):
                raise WorkflowError(f"“{name}”：请选择您辖区内的所属区域", field=name)
            full = (spec.get("name") or "").strip()
            if len(full) < 2:
                raise WorkflowError(f"“{name}”：请填写新单位的全称", field=name)
            unit, created = Unit.objects.get_or_create(
                region=region, name=full, defaults={"kind": spec.get("kind") or UnitKind.DEPARTMENT}
            )
            if created:
                record_event(unit, by=by, action="unit_created", region_prefix=region.prefix, note=full)
        elif not scope.covers(unit.region.prefix):
            raise WorkflowError(f"“{name}”：所选单位不在您的辖区内", field=name)
        if name != unit.name:
            _alias, created = UnitAlias.objects.get_or_create(
                name=name, unit=unit, defaults={"created_by": by}
            )
            if created:
                record_event(
                    unit,
                    by=by,
                    action="unit_alias_added",
                    region_prefix=unit.region.prefix,
                    note=f"{name} → {unit.name}",
                )
    return ImportJob.objects.create(
        kind=job.kind, subject_id=job.subject_id, file=job.file.name, original_name=job.original_name,
        region_prefix=job.region_prefix, created_by=by, estimated_rows=job.estimated_rows,
    )  # fmt: skip
