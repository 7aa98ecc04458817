"""API of the discipline group's oversight: urge letters, supervision requests, transfers of clues and
the draw of key cases' records. Every read starts from the user's scope (queries.*_for)."""

import datetime as dt

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accountability import oversight, queries
from accountability.models import ReceiverKind, RequestKind
from ducha.errors import WorkflowError
from ducha.pagination import Pages
from rectification.api.schemas import ImportOut  # the one shape of an import's answer

router = Router(tags=["责任追究 accountability"])


class UrgeOut(Schema):
    id: int
    number: str
    issuer: str
    unit: str
    unit_id: int
    reason: str
    due_on: dt.date
    status: str
    is_overdue: bool
    complaint_id: int | None
    task_id: int | None
    interview_id: int | None
    spot_check_item_id: int | None
    liaison_finding_id: int | None
    created_at: dt.datetime
    answered_at: dt.datetime | None

    @staticmethod
    def resolve_issuer(obj):
        return obj.issuer.name

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name


class UrgeIn(Schema):
    unit_id: int
    reason: str = Field(..., min_length=1, max_length=2000)
    due_on: dt.date
    complaint_id: int | None = None
    task_id: int | None = None
    interview_id: int | None = None
    spot_check_item_id: int | None = None
    liaison_finding_id: int | None = None


class RequestOut(Schema):
    id: int
    number: str
    from_unit: str
    subject_unit: str
    kind: str
    description: str
    complaint_numbers: list[str]
    reply: str
    replied_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_from_unit(obj):
        return obj.from_unit.name

    @staticmethod
    def resolve_subject_unit(obj):
        return obj.subject_unit.name

    @staticmethod
    def resolve_complaint_numbers(obj):
        return [c.number for c in obj.complaints.all()]


class RequestIn(Schema):
    subject_unit_id: int
    kind: RequestKind
    description: str = Field(..., min_length=1, max_length=2000)
    complaint_ids: list[int] = Field(default_factory=list, max_length=50)


class ReplyIn(Schema):
    reply: str = Field(..., min_length=1, max_length=2000)


class TransferOut(Schema):
    id: int
    inspection_id: int
    number: str
    receiver_kind: str
    receiver: str
    title: str
    description: str
    persons: str
    transferred_on: dt.date
    status: str
    outcome: str
    outcome_on: dt.date | None


class TransferIn(Schema):
    inspection_id: int
    receiver_kind: ReceiverKind
    receiver: str = Field(..., min_length=1, max_length=120)
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=4000)
    persons: str = Field("", max_length=300)
    complaint_ids: list[int] = Field(default_factory=list, max_length=100)
    task_ids: list[int] = Field(default_factory=list, max_length=100)
    transferred_on: dt.date | None = None


class OutcomeIn(Schema):
    outcome: str = Field(..., min_length=1, max_length=4000)
    outcome_on: dt.date


class SampleIn(Schema):
    size: int = Field(..., ge=1, le=oversight.SAMPLE_MAX)
    seed: int | None = Field(None, ge=1, le=2**31)


class SampleOut(Schema):
    record_ids: list[int]


def _all_visible(rows, ids, what: str) -> list:
    found = list(rows.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise Http404(f"{what}不存在或不在您的管辖范围内")
    return found


@router.get("/urges", response=list[UrgeOut], summary="督促问责函（open / overdue / answered）")
@paginate(Pages)
def list_urges(request: HttpRequest, tab: str = ""):
    return queries.urges_for(request.user, tab=tab)


@router.post("/urges", response={201: UrgeOut}, summary="发出督促问责函（纪委监委）")
def create_urge(request: HttpRequest, payload: UrgeIn):
    from complaints.models import Complaint
    from liaison.models import Finding
    from organisations.models import Unit
    from rectification.models import Action, SpotCheckItem, Task

    user = request.user
    unit = get_object_or_404(Unit.objects.visible_to(user).select_related("region"), pk=payload.unit_id)
    tasks = Task.objects.visible_to(user)
    sources = {
        "complaint": (payload.complaint_id, Complaint.objects.visible_to(user)),
        "task": (payload.task_id, tasks),
        "interview": (payload.interview_id, Action.objects.visible_to(user)),
        "spot_check_item": (payload.spot_check_item_id, SpotCheckItem.objects.filter(task__in=tasks)),
        "liaison_finding": (payload.liaison_finding_id, Finding.objects.visible_to(user)),
    }
    cases = {field: get_object_or_404(rows, pk=pk) for field, (pk, rows) in sources.items() if pk is not None}
    urge = oversight.urge_accountability(
        by=user, unit=unit, reason=payload.reason, due_on=payload.due_on, **cases
    )
    return Status(201, urge)


@router.get("/urges/{int:pk}", response=UrgeOut, summary="一份督促问责函")
def get_urge(request: HttpRequest, pk: int):
    return get_object_or_404(queries.urges_for(request.user), pk=pk)


@router.get("/requests", response=list[RequestOut], summary="监察申请")
@paginate(Pages)
def list_requests(request: HttpRequest, tab: str = ""):
    return queries.requests_for(request.user, tab=tab).prefetch_related("complaints")


@router.post("/requests", response={201: RequestOut}, summary="提出监察申请（综合巡查组、信访督办组）")
def create_request(request: HttpRequest, payload: RequestIn):
    from complaints.models import Complaint
    from organisations.models import Unit

    user = request.user
    unit = get_object_or_404(
        Unit.objects.visible_to(user).select_related("region"), pk=payload.subject_unit_id
    )
    complaints = _all_visible(Complaint.objects.visible_to(user), payload.complaint_ids, "举报件")
    item = oversight.request_supervision(
        by=user, subject_unit=unit, kind=payload.kind, description=payload.description, complaints=complaints
    )
    return Status(201, item)


@router.post("/requests/{int:pk}/reply", response=RequestOut, summary="答复监察申请（纪委监委）")
def reply_request(request: HttpRequest, pk: int, payload: ReplyIn):
    item = get_object_or_404(queries.requests_for(request.user), pk=pk)
    return oversight.reply_supervision(item, by=request.user, reply=payload.reply)


@router.get("/transfers", response=list[TransferOut], summary="移交移送")
@paginate(Pages)
def list_transfers(request: HttpRequest, inspection: int | None = None):
    return queries.transfers_for(request.user, inspection=inspection)


@router.post("/transfers", response={201: TransferOut}, summary="登记移交移送（督察进入移交移送阶段后）")
def create_transfer(request: HttpRequest, payload: TransferIn):
    from complaints.models import Complaint
    from inspections.models import Inspection
    from rectification.models import Task

    user = request.user
    inspection = get_object_or_404(Inspection.objects.visible_to(user), pk=payload.inspection_id)
    transfer = oversight.transfer_clue(
        by=user, inspection=inspection, receiver_kind=payload.receiver_kind, receiver=payload.receiver,
        title=payload.title, description=payload.description, persons=payload.persons,
        complaints=_all_visible(Complaint.objects.visible_to(user), payload.complaint_ids, "举报件"),
        tasks=_all_visible(Task.objects.visible_to(user), payload.task_ids, "整改任务"),
        transferred_on=payload.transferred_on,
    )  # fmt: skip
    return Status(201, transfer)


@router.post("/transfers/{int:pk}/outcome", response=TransferOut, summary="登记移交办理结果")
def transfer_outcome(request: HttpRequest, pk: int, payload: OutcomeIn):
    transfer = get_object_or_404(queries.transfers_for(request.user), pk=pk)
    return oversight.record_transfer_outcome(
        transfer, by=request.user, outcome=payload.outcome, outcome_on=payload.outcome_on
    )


@router.post("/samples", response={201: SampleOut}, summary="抽查重点件问责记录（纪委监委）")
def draw_sample(request: HttpRequest, payload: SampleIn):
    chosen = oversight.sample_key_records(by=request.user, size=payload.size, seed=payload.seed)
    return Status(201, {"record_ids": chosen})


@router.post(
    "/import",
    response={201: ImportOut, 202: ImportOut, 400: ImportOut},
    summary="导入问责情况表 Excel（全部正确才写入；错误逐行列出行号、列名和原因；大文件后台导入，返回 202）",
)
def import_records(request: HttpRequest, file: File[UploadedFile]):
    from imports.models import JobStatus
    from imports.workflow import start_import

    job = start_import("accountability", subject=None, upload=file, by=request.user)
    body = {
        "created": job.created, "errors": job.errors, "message": job.message, "job": job.pk,
        "job_url": f"/api/imports/{job.pk}",
    }  # fmt: skip
    if not job.finished:
        return Status(202, body)
    if job.status == JobStatus.FAILED and not job.errors:
        raise WorkflowError(job.message, field="file")
    return Status(400 if job.errors else 201, body)
