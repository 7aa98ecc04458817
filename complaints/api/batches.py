"""Batches and statistics of an inspection."""

from django.http import HttpRequest
from ninja import Field, Schema, Status

from complaints import queries, workflow
from complaints.api.base import batch_router
from complaints.api.schemas import BatchItemsIn, BatchOut, NoteIn
from ducha.errors import WorkflowError
from inspections.queries import inspection_for

# --- batches, statistics ------------------------------------------------------------------------


@batch_router.get("/{code}/batches", response=list[BatchOut], summary="交办批次")
def list_batches(request: HttpRequest, code: str):
    return list(queries.batches_for(request.user, inspection_for(request.user, code)))


@batch_router.post("/{code}/batches", response={201: BatchOut}, summary="新建批次（第N批，拟交办）")
def create_batch(request: HttpRequest, code: str, payload: NoteIn):
    return Status(
        201, workflow.create_batch(inspection_for(request.user, code), by=request.user, note=payload.note)
    )


@batch_router.post(
    "/{code}/batches/{int:number}/complaints", response=BatchOut, summary="将已受理的举报件加入批次"
)
def add_to_batch(request: HttpRequest, code: str, number: int, payload: BatchItemsIn):
    batch = queries.batch_for(request.user, code, number)
    rows = list(queries.complaints_for(request.user).filter(pk__in=payload.complaint_ids))
    if len(rows) != len(set(payload.complaint_ids)):
        raise WorkflowError("部分举报件不存在或不在管辖范围内", field="complaint_ids")
    workflow.add_to_batch(batch, rows, by=request.user)
    return queries.batches_for(request.user, batch.inspection).get(pk=batch.pk)


@batch_router.post(
    "/{code}/batches/{int:number}/issue", response=BatchOut, summary="交办（启动转办和反馈时限）"
)
def issue_batch(request: HttpRequest, code: str, number: int):
    batch = workflow.issue_batch(queries.batch_for(request.user, code, number), by=request.user)
    return queries.batches_for(request.user, batch.inspection).get(pk=batch.pk)


@batch_router.post("/{code}/batches/{int:number}/forward", response=dict[str, int], summary="一键转办本批次")
def forward_batch(request: HttpRequest, code: str, number: int):
    batch = queries.batch_for(request.user, code, number)
    rows = list(queries.complaints_for(request.user).filter(batch=batch, status="transferred"))
    if not rows:
        raise WorkflowError(f"{batch}没有待转办的举报件", field="batch")
    return {"forwarded": workflow.forward_complaints(rows, by=request.user)}


class BatchPhoneIn(Schema):
    unit_id: int
    answered_by: str = Field(..., max_length=100)


@batch_router.post(
    "/{code}/batches/{int:number}/phone",
    response=dict[str, int],
    summary="按承办单位一次电话确认本批全部待签收举报件",
)
def confirm_batch_by_phone(request: HttpRequest, code: str, number: int, payload: BatchPhoneIn):
    from complaints.api.base import _unit

    batch = queries.batch_for(request.user, code, number)
    unit = _unit(request.user, payload.unit_id, "unit_id")
    return {
        "confirmed": workflow.confirm_batch_by_phone(
            batch, unit, by=request.user, answered_by=payload.answered_by
        )
    }


@batch_router.post(
    "/{code}/batches/{int:number}/publish", response=dict[str, int], summary="公开本批次办理情况"
)
def publish_batch(request: HttpRequest, code: str, number: int, partial: bool = False):
    """`partial=true` publishes the resolved items while others are still open (a deliberate choice)."""
    publication = workflow.publish_batch(
        queries.batch_for(request.user, code, number), by=request.user, partial=partial
    )
    return {"sequence": publication.sequence, "items": publication.items.count()}


@batch_router.get("/{code}/complaint-stats", response=dict, summary="举报件统计：漏斗、逾期、八项统计数")
def complaint_stats(request: HttpRequest, code: str):
    from complaints.summary import number

    inspection = inspection_for(request.user, code)
    figures = queries.statistics(inspection, request.user)
    # Money and rates as JSON numbers: 251542.71, 7.01 (fourteen digits at most, which a double keeps exact).
    figures = {k: number(v) for k, v in figures.items()}
    return {
        **figures,
        "by_region": queries.figures_by_region(inspection, request.user),
        "by_pollution_type": queries.figures_by_pollution_type(inspection, request.user),
    }
