"""The public: disclosure tables, online report, tracking, rating (no sign-in)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Header, Status
from ninja.pagination import paginate

from complaints import queries, workflow
from complaints.api.base import _region, _types, public_router
from complaints.api.schemas import PublicComplaintIn, PublishedRowOut, RatingIn, TrackOut
from complaints.models import Channel, Complaint
from ducha.pagination import Pages

# --- the public ---------------------------------------------------------------------------------

PUBLIC_STATUS = {
    "registered": "已收到，审核中",
    "rejected": "不属于受理范围，已告知转交渠道",
    "duplicate": "与已受理的举报合并办理",
    "accepted": "已受理，待交办",
}


def public_status(complaint) -> str:
    if complaint.status in PUBLIC_STATUS:
        return PUBLIC_STATUS[complaint.status]
    if complaint.status in ("closed", "checking", "verified", "stage_closed", "in_progress"):
        return str(complaint.get_status_display())
    return "已交办地方办理"


def _public_inspection(code: str):
    return get_object_or_404(queries.public_inspections(), code=code)


@public_router.get("/inspections/{code}/disclosure", response=list[PublishedRowOut], summary="公开情况一览表")
@paginate(Pages)
def disclosure(request: HttpRequest, code: str, batch: int | None = None):
    return queries.disclosure_rows(_public_inspection(code), batch)


@public_router.post("/complaints", response={201: TrackOut, 200: TrackOut}, summary="网上举报（可匿名）")
def public_report(
    request: HttpRequest,
    payload: PublicComplaintIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    inspection = _public_inspection(payload.inspection)
    complaint, created = workflow.register_complaint(
        by=None,
        inspection=inspection,
        channel=Channel.ONLINE,
        text=payload.text,
        address=payload.address,
        region=_region(payload.region_code),
        pollution_types=_types(payload.pollution_type_ids),
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone,
        is_anonymous=payload.is_anonymous,
        idempotency_key=idempotency_key,
    )
    return Status(201 if created else 200, track_view(complaint))


def track_view(complaint) -> dict:
    published = complaint.published_items.filter(is_current=True).first()
    return {
        "number": complaint.number,
        "tracking_code": complaint.tracking_code,
        "received_at": complaint.received_at,
        "status": public_status(complaint),
        "published": published,
        "can_rate": complaint.status in ("closed", "checking", "verified") and complaint.rating is None,
        "rating": complaint.rating,
    }


@public_router.get("/complaints/{tracking_code}", response=TrackOut, summary="凭查询码查询办理结果")
def track(request: HttpRequest, tracking_code: str):
    return track_view(get_object_or_404(Complaint, tracking_code=tracking_code.strip().upper()))


@public_router.post("/complaints/{tracking_code}/rating", response=TrackOut, summary="办结后评价满意度")
def rate(request: HttpRequest, tracking_code: str, payload: RatingIn):
    complaint = get_object_or_404(Complaint, tracking_code=tracking_code.strip().upper())
    return track_view(workflow.rate_complaint(complaint, rating=payload.rating, comment=payload.comment))
