"""Complaints API: every step of loop A. Same scope and confidentiality as the pages — reporter
identity appears masked, and in clear only through the logged `reporter` endpoint for the team."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Header, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from audit.models import Event
from complaints import queries, workflow
from complaints.models import COUNTER_FIELDS, Channel, Complaint, HandlingState, PollutionType, Verdict
from ducha.errors import WorkflowError
from ducha.pagination import Pages
from inspections.api import EventOut
from inspections.queries import inspection_for
from organisations.models import Region, Unit

router = Router(tags=["信访举报 complaints"])
public_router = Router(tags=["公众 public"], auth=None)


class ComplaintOut(Schema):
    id: int
    number: str
    inspection: str
    channel: str
    channel_label: str
    received_at: dt.datetime
    text: str
    address: str
    region_code: str
    region_name: str
    pollution_types: list[str]
    is_anonymous: bool
    reporter_name: str = Field(description="脱敏姓名，如 张*")
    reporter_phone: str = Field(description="脱敏电话，如 138****1234")
    status: str
    status_label: str
    is_key_case: bool
    duplicate_of: str | None
    lead_unit: str | None
    batch: int | None
    forward_due_at: dt.datetime | None
    team_due_at: dt.datetime | None
    local_due_at: dt.datetime | None
    due_at: dt.datetime | None
    due_state: str
    phone_confirmed_at: dt.datetime | None
    receipt_signed_at: dt.datetime | None
    received_at_county: dt.datetime | None
    verdict: str
    handling_state: str
    findings: str
    measures: str
    accountability: str
    counters: dict[str, int]

    @staticmethod
    def resolve_inspection(obj):
        return obj.inspection.code

    @staticmethod
    def resolve_channel_label(obj):
        return str(obj.get_channel_display())

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name

    @staticmethod
    def resolve_pollution_types(obj):
        return [str(t) for t in obj.pollution_types.all()]

    @staticmethod
    def resolve_reporter_name(obj):
        return obj.reporter_display

    @staticmethod
    def resolve_reporter_phone(obj):
        return obj.reporter_phone_masked

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_duplicate_of(obj):
        return obj.duplicate_of.number if obj.duplicate_of_id else None

    @staticmethod
    def resolve_lead_unit(obj):
        return obj.lead_unit.name if obj.lead_unit_id else None

    @staticmethod
    def resolve_batch(obj):
        return obj.batch.number if obj.batch_id else None

    @staticmethod
    def resolve_counters(obj):
        return obj.counters()


class CreatedComplaintOut(ComplaintOut):
    tracking_code: str = Field(description="查询码，告知举报人，凭码查询办理结果")


class ComplaintIn(Schema):
    inspection: str = Field(..., description="督察编号", examples=["HB-2018-HTK-11"])
    channel: Channel
    text: str = Field(..., min_length=5, max_length=5000)
    address: str = Field("", max_length=200)
    region_code: str | None = Field(None, description="行政区划代码；缺省时按地址推断")
    pollution_type_ids: list[int] = []
    reporter_name: str = Field("", max_length=40)
    reporter_phone: str = Field("", max_length=40)
    is_anonymous: bool = False
    is_key_case: bool = False
    received_at: dt.datetime | None = None


class ComplaintFilter(Schema):
    inspection: str | None = None
    queue: str | None = Field(None, description=" / ".join(queries.QUEUES))
    status: str | None = None
    batch: int | None = None
    region: str | None = None
    due_state: str | None = None
    q: str | None = None


class ClassifyIn(Schema):
    region_code: str | None = None
    pollution_type_ids: list[int] | None = None
    is_key_case: bool | None = None
    lead_unit_id: int | None = None
    co_unit_ids: list[int] | None = None


class AcceptIn(Schema):
    lead_unit_id: int | None = None
    note: str = ""


class RejectIn(Schema):
    reason: str = Field(..., min_length=1)
    referral: str = ""


class DuplicateIn(Schema):
    original: str = Field(..., description="原件受理编号")
    note: str = ""


class PhoneIn(Schema):
    answered_by: str = Field(..., min_length=1, max_length=60)
    called_at: dt.datetime | None = None


class PhoneCorrectionIn(PhoneIn):
    reason: str = Field(..., min_length=1, max_length=200)


class FeedbackIn(Schema):
    findings: str = Field(..., min_length=1)
    verdict: Verdict
    measures: str = Field(..., min_length=1)
    accountability: str = ""
    handling_state: HandlingState
    counters: dict[str, int] = Field(
        default_factory=dict,
        description=" / ".join(COUNTER_FIELDS) + "；未填的沿用上一轮，调减已公布数须填 correction",
    )
    correction: str = Field("", max_length=200, description="调减已审核公布的统计数时的更正说明")


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1)


class NoteIn(Schema):
    note: str = ""


class FeedbackOut(Schema):
    round: int
    findings: str
    verdict: str
    measures: str
    accountability: str
    handling_state: str
    counters: dict[str, int]
    written_at: dt.datetime
    signed_at: dt.datetime | None
    late_local_seconds: int
    late_team_seconds: int
    decision: str
    decision_reason: str
    evidence: list[str]

    @staticmethod
    def resolve_counters(obj):
        return obj.counters()

    @staticmethod
    def resolve_evidence(obj):
        return [e.name for e in obj.evidence.all()]


class SimilarOut(Schema):
    id: int
    number: str
    text: str
    status: str
    similarity: float


class ReporterOut(Schema):
    name: str
    phone: str


class BatchOut(Schema):
    number: int
    status: str
    size: int = 0
    issued_at: dt.datetime | None
    note: str


class BatchItemsIn(Schema):
    complaint_ids: list[int] = Field(..., min_length=1)


class PublishedRowOut(Schema):
    batch: int = Field(alias="batch_number")
    number: str = Field(description="受理编号")
    text: str = Field(description="交办问题基本情况")
    region: str = Field(alias="region_name", description="行政区域")
    pollution_types: str = Field(description="污染类型")
    findings: str = Field(description="调查核实情况")
    verdict: str = Field(description="是否属实")
    measures: str = Field(description="处理和整改情况")
    accountability: str = Field(description="责任追究情况")
    handling_state: str = Field(description="办结状态")


class PublicComplaintIn(Schema):
    inspection: str
    text: str = Field(..., min_length=5, max_length=5000)
    address: str = Field("", max_length=200)
    region_code: str
    pollution_type_ids: list[int] = []
    reporter_name: str = Field("", max_length=40)
    reporter_phone: str = Field("", max_length=40)
    is_anonymous: bool = False


class TrackOut(Schema):
    number: str
    tracking_code: str
    received_at: dt.datetime
    status: str = Field(description="对公众显示的办理状态")
    published: PublishedRowOut | None
    can_rate: bool
    rating: int | None


class RatingIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=1000)


# --- helpers ------------------------------------------------------------------------------------


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise WorkflowError(f"未知的区划代码：{code}", field="region_code")
    return region


def _types(ids: list[int]) -> list[PollutionType]:
    types = list(PollutionType.objects.filter(pk__in=ids))
    if len(types) != len(set(ids)):
        raise WorkflowError("污染类型不存在", field="pollution_type_ids")
    return types


def _unit(user, pk: int | None, field: str) -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise WorkflowError(f"单位 {pk} 不存在或不在管辖范围内", field=field)
    return unit


def _detail(request, pk):
    return queries.complaint_for(request.user, pk)


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
    inspection = inspection_for(request.user, payload.inspection)
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
    )
    return Status(201 if created else 200, queries.complaint_for(request.user, complaint.pk))


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


# --- screening ----------------------------------------------------------------------------------


@router.patch("/{int:pk}", response=ComplaintOut, summary="分类：行政区域、污染类型、重点件、承办单位")
def classify(request: HttpRequest, pk: int, payload: ClassifyIn):
    user = request.user
    complaint = _detail(request, pk)
    workflow.classify_complaint(
        complaint,
        by=user,
        region=_region(payload.region_code),
        pollution_types=_types(payload.pollution_type_ids)
        if payload.pollution_type_ids is not None
        else None,
        is_key_case=payload.is_key_case,
        lead_unit=_unit(user, payload.lead_unit_id, "lead_unit_id"),
        co_units=[_unit(user, i, "co_unit_ids") for i in payload.co_unit_ids]
        if payload.co_unit_ids is not None
        else None,
    )
    return _detail(request, pk)


@router.post("/{int:pk}/accept", response=ComplaintOut, summary="审核受理")
def accept(request: HttpRequest, pk: int, payload: AcceptIn):
    complaint = _detail(request, pk)
    workflow.accept_complaint(
        complaint,
        by=request.user,
        lead_unit=_unit(request.user, payload.lead_unit_id, "lead_unit_id"),
        note=payload.note,
    )
    return _detail(request, pk)


@router.post("/{int:pk}/reject", response=ComplaintOut, summary="不予受理（说明理由和转交渠道）")
def reject(request: HttpRequest, pk: int, payload: RejectIn):
    workflow.reject_complaint(
        _detail(request, pk), by=request.user, reason=payload.reason, referral=payload.referral
    )
    return _detail(request, pk)


@router.post("/{int:pk}/duplicate", response=ComplaintOut, summary="标记为重复件并合并")
def duplicate(request: HttpRequest, pk: int, payload: DuplicateIn):
    complaint = _detail(request, pk)
    original = queries.complaint_by_number(request.user, payload.original)
    workflow.mark_duplicate(complaint, by=request.user, original=original, note=payload.note)
    return _detail(request, pk)


# --- transfer and receipt -----------------------------------------------------------------------


@router.post("/{int:pk}/forward", response=ComplaintOut, summary="转办至承办单位（督察办）")
def forward(request: HttpRequest, pk: int):
    workflow.forward_complaints([_detail(request, pk)], by=request.user)
    return _detail(request, pk)


@router.post("/{int:pk}/phone-confirmation", response=ComplaintOut, summary="电话确认签收（第一重确认）")
def phone_confirmation(request: HttpRequest, pk: int, payload: PhoneIn):
    workflow.confirm_by_phone(
        _detail(request, pk), by=request.user, answered_by=payload.answered_by, called_at=payload.called_at
    )
    return _detail(request, pk)


@router.post(
    "/{int:pk}/phone-confirmation/correction",
    response=ComplaintOut,
    summary="更正电话确认（原记录保留在操作记录中）",
)
def phone_correction(request: HttpRequest, pk: int, payload: PhoneCorrectionIn):
    workflow.correct_phone_confirmation(
        _detail(request, pk),
        by=request.user,
        answered_by=payload.answered_by,
        reason=payload.reason,
        called_at=payload.called_at,
    )
    return _detail(request, pk)


@router.post("/{int:pk}/receipt-signature", response=ComplaintOut, summary="领导签收回执（第二重确认）")
def receipt_signature(request: HttpRequest, pk: int):
    workflow.sign_receipt(_detail(request, pk), by=request.user)
    return _detail(request, pk)


@router.post("/{int:pk}/receipt-scan", response=ComplaintOut, summary="上传签收回执扫描件（第二重确认）")
def receipt_scan(request: HttpRequest, pk: int, file: File[UploadedFile]):
    workflow.upload_receipt_scan(_detail(request, pk), by=request.user, upload=file)
    return _detail(request, pk)


# --- feedback and review ------------------------------------------------------------------------


@router.post("/{int:pk}/feedback", response={201: FeedbackOut}, summary="填报反馈（承办单位）")
def submit_feedback(request: HttpRequest, pk: int, payload: FeedbackIn):
    feedback = workflow.submit_feedback(
        _detail(request, pk),
        by=request.user,
        findings=payload.findings,
        verdict=payload.verdict,
        measures=payload.measures,
        accountability=payload.accountability,
        handling_state=payload.handling_state,
        counters=payload.counters,
        correction=payload.correction,
    )
    return Status(201, feedback)


@router.post(
    "/{int:pk}/feedback/evidence",
    response=list[str],
    summary="上传佐证材料（jpg/png/pdf/docx/xlsx/mp4，≤20 MB）",
)
def add_evidence(request: HttpRequest, pk: int, files: File[list[UploadedFile]]):
    return [e.name for e in workflow.add_evidence(_detail(request, pk), by=request.user, files=files)]


@router.post("/{int:pk}/feedback/sign", response=FeedbackOut, summary="领导签字并报送")
def sign_feedback(request: HttpRequest, pk: int):
    return workflow.sign_feedback(_detail(request, pk), by=request.user)


@router.post("/{int:pk}/feedback/decline", response=FeedbackOut, summary="领导退回承办人修改")
def decline_feedback(request: HttpRequest, pk: int, payload: ReasonIn):
    return workflow.decline_feedback(_detail(request, pk), by=request.user, reason=payload.reason)


@router.post("/{int:pk}/feedback/accept", response=ComplaintOut, summary="审核通过（督察办）")
def accept_feedback(request: HttpRequest, pk: int, payload: NoteIn):
    workflow.accept_feedback(_detail(request, pk), by=request.user, note=payload.note)
    return _detail(request, pk)


@router.post("/{int:pk}/feedback/return", response=ComplaintOut, summary="退回重办（督察办）")
def return_feedback(request: HttpRequest, pk: int, payload: ReasonIn):
    workflow.return_feedback(_detail(request, pk), by=request.user, reason=payload.reason)
    return _detail(request, pk)


# --- batches, statistics ------------------------------------------------------------------------

batch_router = Router(tags=["交办批次 batches"])


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


@batch_router.post(
    "/{code}/batches/{int:number}/publish", response=dict[str, int], summary="公开本批次办理情况"
)
def publish_batch(request: HttpRequest, code: str, number: int):
    publication = workflow.publish_batch(queries.batch_for(request.user, code, number), by=request.user)
    return {"sequence": publication.sequence, "items": publication.items.count()}


@batch_router.get("/{code}/complaint-stats", response=dict, summary="举报件统计：漏斗、逾期、八项统计数")
def complaint_stats(request: HttpRequest, code: str):
    inspection = inspection_for(request.user, code)
    return {
        **queries.statistics(inspection, request.user),
        "by_region": queries.figures_by_region(inspection, request.user),
        "by_pollution_type": queries.figures_by_pollution_type(inspection, request.user),
    }


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
    if complaint.status in ("closed", "stage_closed", "in_progress"):
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
        "can_rate": complaint.status == "closed" and complaint.rating is None,
        "rating": complaint.rating,
    }


@public_router.get("/complaints/{tracking_code}", response=TrackOut, summary="凭查询码查询办理结果")
def track(request: HttpRequest, tracking_code: str):
    return track_view(get_object_or_404(Complaint, tracking_code=tracking_code.strip().upper()))


@public_router.post("/complaints/{tracking_code}/rating", response=TrackOut, summary="办结后评价满意度")
def rate(request: HttpRequest, tracking_code: str, payload: RatingIn):
    complaint = get_object_or_404(Complaint, tracking_code=tracking_code.strip().upper())
    return track_view(workflow.rate_complaint(complaint, rating=payload.rating, comment=payload.comment))
