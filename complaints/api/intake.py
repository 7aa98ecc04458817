"""Intake and reads: register (idempotent), list, detail, feedback rounds, events, similar, reporter."""

from django.http import HttpRequest
from ninja import Header, Query, Status
from ninja.pagination import paginate

from audit.models import Event
from complaints import queries, workflow
from complaints.api.base import _detail, _region, _types, router
from complaints.api.schemas import (
    ComplaintFilter,
    ComplaintIn,
    ComplaintOut,
    CreatedComplaintOut,
    FeedbackOut,
    ReporterOut,
    SimilarOut,
)
from ducha.pagination import Pages
from inspections import cache as intake_cache
from inspections.api import EventOut
from inspections.queries import inspection_for

# --- intake and reads ---------------------------------------------------------------------------


@router.post(
    "",
    response={201: CreatedComplaintOut, 200: CreatedComplaintOut},
    summary="受理举报（幂等：相同 Idempotency-Key 只创建一件）",
)
def create_complaint(
    request: HttpRequest,
    payload: ComplaintIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    # Scope checked and the inspection read in one query (a per-process copy while it is unchanged).
    inspection = intake_cache.for_intake(request.user, payload.inspection)
    region = _region(payload.region_code) or queries.suggest_region(inspection, payload.address)
    complaint, created = workflow.register_complaint(
        by=request.user,
        inspection=inspection,
        channel=payload.channel,
        text=payload.text,
        address=payload.address,
        region=region,
        pollution_types=_types(payload.pollution_type_ids),
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone,
        is_anonymous=payload.is_anonymous,
        is_key_case=payload.is_key_case,
        received_at=payload.received_at,
        idempotency_key=idempotency_key,
        visible=True,
    )
    if not created:  # a replay: answer with the complaint as it stands now
        return Status(200, queries.complaint_for(request.user, complaint.pk))
    # Built from what was written: nothing is read back.
    return Status(201, complaint)


@router.get("", response=list[ComplaintOut], summary="举报件列表（管辖范围内，按时限排序）")
@paginate(Pages)
def list_complaints(request: HttpRequest, filters: Query[ComplaintFilter]):
    inspection = inspection_for(request.user, filters.inspection) if filters.inspection else None
    return queries.complaints_for(
        request.user,
        inspection=inspection,
        queue=filters.queue,
        status=filters.status,
        batch=filters.batch,
        region_code=filters.region,
        due_state=filters.due_state,
        q=filters.q,
    ).prefetch_related("pollution_types__parent")


@router.get("/{int:pk}", response=ComplaintOut, summary="举报件详情")
def get_complaint(request: HttpRequest, pk: int):
    return _detail(request, pk)


@router.get("/{int:pk}/feedbacks", response=list[FeedbackOut], summary="各轮反馈及审核意见")
def list_feedbacks(request: HttpRequest, pk: int):
    return list(_detail(request, pk).feedbacks.all())


@router.get("/{int:pk}/events", response=list[EventOut], summary="举报件的操作记录")
def list_events(request: HttpRequest, pk: int):
    return list(Event.objects.about(_detail(request, pk)).select_related("actor")[:200])


@router.get(
    "/{int:pk}/similar", response=list[SimilarOut], summary="疑似重复件（同一督察、同一县区、文字相似）"
)
def similar(request: HttpRequest, pk: int):
    complaint = _detail(request, pk)
    return list(
        queries.similar_complaints(
            complaint, user=request.user, inspection=complaint.inspection, region=complaint.region
        )
    )


@router.post("/{int:pk}/reporter", response=ReporterOut, summary="查看举报人身份（仅督察组，留痕）")
def reveal_reporter(request: HttpRequest, pk: int):
    return workflow.reveal_reporter(_detail(request, pk), by=request.user)
