import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from imports.queries import job_for
from imports.workflow import progress_of

router = Router(tags=["导入 imports"])


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class JobOut(Schema):
    id: int
    kind: str
    status: str
    original_name: str
    estimated_rows: int | None
    stage: str
    done: int
    created: int
    updated: int
    message: str
    errors: list[RowErrorOut]
    created_at: dt.datetime
    finished_at: dt.datetime | None


def job_out(job) -> dict:
    progress = progress_of(job)
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "original_name": job.original_name,
        "estimated_rows": job.estimated_rows,
        "stage": progress.get("stage", ""),
        "done": progress.get("done", 0),
        "created": job.created,
        "updated": job.updated,
        "message": job.message,
        "errors": job.errors,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


@router.get("/{int:pk}", response=JobOut, summary="导入任务的进度与结果（错误逐行列出）")
def get_job(request: HttpRequest, pk: int):
    return job_out(job_for(request.user, pk))
