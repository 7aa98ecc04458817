"""Background work of the team's own work: building an archive (fieldwork.archive)."""

import logging

from huey.contrib.djhuey import db_task


@db_task(retries=2, retry_delay=30)
def build_archive(archive_id: int) -> None:
    from fieldwork import archive
    from fieldwork.models import Archive, ArchiveStatus

    row = Archive.objects.select_related("inspection").get(pk=archive_id)
    if row.status == ArchiveStatus.READY:
        return
    try:
        archive.build(row)
    except Exception as exc:
        logging.getLogger("ducha.fieldwork").exception("archive %s failed", archive_id)
        Archive.objects.filter(pk=archive_id).update(status=ArchiveStatus.FAILED, error=str(exc)[:500])
        raise
