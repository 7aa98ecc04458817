"""立卷归档. Closing an inspection builds its archive: a zip holding an index of every document, record, table and
file (目录.csv), the tables as CSV, the uploaded files, the official documents, a manifest (manifest.json) and
SHA-256 checksums (SHA256SUMS). It is built by a Huey task that shows its progress, streaming (files are copied
in chunks, tables read with iterator()), so no table is held in memory. Interview names and notes never leave the
database: the archive lists interviews without them. Once archived, the inspection's data is read-only: the
workflows refuse (fieldwork.access.require_open) and, beneath them, `connect_guards` refuses any save or delete
of a guarded row of an archived inspection, the admin included."""

import csv
import hashlib
import io
import json
import zipfile

from django.core.files import File
from django.db import transaction
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone

from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.models import Inspection, InspectionStage

SETTLED_COMPLAINTS = ["rejected", "duplicate", "closed", "verified"]


# --- read-only --------------------------------------------------------------------------------------


def _refuse(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if sender.__name__ == "Complaint" and instance._state.adding:
        return  # intake checks the stage from its cached copy of the inspection
    field, lookup = GUARDED[sender._meta.label_lower]
    value = getattr(instance, field, None)
    if value is None:
        return
    # One indexed query from the inspection's side; the row's parents are never loaded.
    if Inspection.objects.filter(stage=InspectionStage.ARCHIVED, **{lookup: value}).exists():
        raise WorkflowError("该督察已立卷归档，档案数据只读", field="inspection", code="archived")


# Row model → (its attribute naming the parent, the lookup from Inspection to that parent).
_DIRECT = ("inspection_id", "pk")
GUARDED = {
    "complaints.complaint": _DIRECT,
    "complaints.batch": _DIRECT,
    "rectification.feedbackreport": _DIRECT,
    "fieldchecks.fieldcheck": _DIRECT,
    "accountability.cluetransfer": _DIRECT,
    "fieldwork.workplan": _DIRECT,
    "fieldwork.teammember": _DIRECT,
    "fieldwork.workdocument": _DIRECT,
    "fieldwork.training": _DIRECT,
    "fieldwork.meeting": _DIRECT,
    "fieldwork.announcement": _DIRECT,
    "fieldwork.focusarea": _DIRECT,
    "fieldwork.documentrequest": _DIRECT,
    "fieldwork.interview": _DIRECT,
    "fieldwork.sitevisit": _DIRECT,
    "fieldwork.finding": _DIRECT,
    "fieldwork.report": _DIRECT,
    "rectification.task": ("report_id", "feedback_reports"),
}


def connect_guards() -> None:
    from django.apps import apps

    for label in GUARDED:
        model = apps.get_model(label)
        pre_save.connect(_refuse, sender=model, dispatch_uid=f"archived-{label}")
        pre_delete.connect(_refuse, sender=model, dispatch_uid=f"archived-delete-{label}")


# --- closing ----------------------------------------------------------------------------------------


def blockers(inspection) -> list[str]:
    """What keeps the inspection from being archived: open complaints, open tasks, unfinished reports and requests."""
    from complaints.models import Complaint
    from fieldwork.models import DocumentRequest, Report, ReportStatus
    from rectification.models import OPEN_STATUSES, Task

    found = []
    complaints = (
        Complaint.objects.filter(inspection=inspection).exclude(status__in=SETTLED_COMPLAINTS).count()
    )
    if complaints:
        found.append(f"{complaints} 件举报尚未办结")
    tasks = Task.objects.filter(report__inspection=inspection, status__in=OPEN_STATUSES).count()
    if tasks:
        found.append(f"{tasks} 项整改任务尚未销号")
    drafts = Report.objects.filter(inspection=inspection).exclude(status=ReportStatus.DELIVERED).count()
    if drafts:
        found.append(f"{drafts} 份反馈报告尚未反馈")
    waiting = DocumentRequest.objects.filter(inspection=inspection, submitted_at__isnull=True).count()
    if waiting:
        found.append(f"{waiting} 份调阅资料尚未报送")
    return found


@transaction.atomic
def close_inspection(inspection, *, by, retention: str):
    """Archive the inspection: it moves to 立卷归档 now, and its archive is built in the background."""
    from fieldwork.models import Archive, Retention
    from fieldwork.tasks import build_archive

    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not (by.is_superuser or Inspection.objects.editable_by(by).filter(pk=locked.pk).exists()):
        raise PermissionDeniedError("只有组织本次督察的督察办可以立卷归档")
    if locked.stage != InspectionStage.RECTIFICATION:
        raise WorkflowError("督察整改阶段结束后才能立卷归档", field="stage", code="transition")
    if retention not in Retention.values:
        raise WorkflowError("保管期限应为 永久 / 30年 / 10年", field="retention")
    left = blockers(locked)
    if left:
        raise WorkflowError("尚不能归档：" + "；".join(left), field="stage", code="transition")
    archive = Archive.objects.create(inspection=locked, retention=retention, created_by=by)
    from inspections.workflow import change_stage

    change_stage(locked, by=by, to_stage=InspectionStage.ARCHIVED, archiving=True,
                 note=f"立卷归档，保管期限{archive.get_retention_display()}")  # fmt: skip
    transaction.on_commit(lambda: build_archive(archive.pk))
    return archive


# --- building ---------------------------------------------------------------------------------------


class _Hashing(io.RawIOBase):
    """A write-only stream into a zip member that hashes what passes through it."""

    def __init__(self, target):
        self.target, self.digest, self.size = target, hashlib.sha256(), 0

    def writable(self):
        return True

    def write(self, data):
        self.digest.update(data)
        self.size += len(data)
        return self.target.write(data)


def build(archive) -> None:
    """Write the archive's zip (see the module's docstring) and record its size and checksum."""
    from fieldwork import archive_contents as contents

    inspection = archive.inspection
    parts = contents.parts(inspection)
    archive.total = len(parts)
    archive.save(update_fields=["total"])
    manifest, index = [], []
    buffer_name = f"{inspection.code}-archive.zip"
    import tempfile

    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for n, part in enumerate(parts, 1):
                for path, title, kind, day, writer in part():
                    with zf.open(path, "w", force_zip64=True) as member:
                        stream = _Hashing(member)
                        writer(stream)
                    manifest.append({"path": path, "size": stream.size, "sha256": stream.digest.hexdigest()})
                    index.append([len(index) + 1, kind, title, day, path])
                archive.done = n
                archive.save(update_fields=["done"])
            _write_text(zf, "目录.csv", _csv(["序号", "类别", "题名", "日期", "文件"], index))
            _write_text(zf, "SHA256SUMS", "".join(f"{m['sha256']}  {m['path']}\n" for m in manifest))
            summary = {
                "inspection": inspection.code, "name": inspection.name, "retention": archive.get_retention_display(),
                "archived_at": timezone.localtime().isoformat(), "entries": manifest,
                "withheld": "谈话对象姓名和谈话记录加密保存于系统，不随档案导出",
            }  # fmt: skip
            _write_text(zf, "manifest.json", json.dumps(summary, ensure_ascii=False, indent=1))
        spool.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: spool.read(1 << 20), b""):
            digest.update(chunk)
        size = spool.tell()
        spool.seek(0)
        archive.file.save(buffer_name, File(spool), save=False)
    archive.size, archive.sha256, archive.entries = size, digest.hexdigest(), len(manifest)
    archive.status, archive.finished_at = "ready", timezone.now()
    archive.save(update_fields=["file", "size", "sha256", "entries", "status", "finished_at"])


def _write_text(zf, path: str, text: str) -> None:
    zf.writestr(path, text.encode("utf-8-sig" if path.endswith(".csv") else "utf-8"))


def _csv(headers, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()
