"""The complaints API's request and response bodies."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from complaints import queries
from complaints.models import COUNTER_FIELDS, Channel, HandlingState, Verdict


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
    counters: dict[str, int | Decimal]

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
    industry: str | None = Field(None, description="行业类别名称，如 工业、畜禽养殖")
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
    counters: dict[str, int | Decimal] = Field(
        default_factory=dict,
        description=" / ".join(COUNTER_FIELDS)
        + "；罚款(fines_yuan)为元，精确到分（如 251542.71）；未填的沿用上一轮，调减已公布数须填 correction",
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
    counters: dict[str, int | Decimal]
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
    shared: list[str] = []


class CountyHintOut(Schema):
    code: str
    name: str
    reason: str


class CandidateOut(Schema):
    code: str
    label: str


class TypeHintOut(Schema):
    id: int
    name: str
    phrases: list[str]


class HintsOut(Schema):
    county: CountyHintOut | None
    county_note: str
    candidates: list[CandidateOut]
    types: list[TypeHintOut]
    similar: list[SimilarOut]
    threshold: float


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
