"""Large imports run here, in a Huey consumer, with a longer time limit than a request."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from imports.models import ImportJob
from imports.workflow import run_job


@db_task()
def run_import_job(job_id: int):
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None:
        run_job(job, seconds=settings.IMPORT_MAX_SECONDS)


@db_periodic_task(crontab(minute="*/5"))
def fail_abandoned_jobs():
    """A job whose consumer died mid-way wrote nothing (its transaction rolled back): say so, so that
    nobody waits for it, and the user can upload again."""
    from datetime import timedelta

    from django.utils import timezone

    from imports.models import JobStatus

    cutoff = timezone.now() - timedelta(seconds=settings.IMPORT_MAX_SECONDS + 120)
    return ImportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=cutoff).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        message="导入中断（后台进程停止），未写入任何内容，请重新上传",
    )
