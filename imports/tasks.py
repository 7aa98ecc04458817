"""Large imports run here, in a Huey consumer, with a longer time limit than a request."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from imports import workflow
from imports.models import ImportJob


@db_task()
def run_import_job(job_id: int):
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None:
        workflow.run_job(job, seconds=settings.IMPORT_MAX_SECONDS)


@db_periodic_task(crontab(minute="*/5"))
def fail_abandoned_jobs():
    return workflow.fail_abandoned_jobs()
