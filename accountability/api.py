import datetime as dt

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accountability import queries, workflow
from accountability.models import CadreLevel, SourceKind
from ducha.pagination import Pages

router = Router(tags=["责任追究 accountability"])


class RecordOut(Schema):
    id: int
    person_name: str
    post: str
    unit: str
    unit_id: int
    cadre_level: str
    form: str
    form_name: str
    reason: str
    status: str
    decided_by: str
    decided_on: dt.date | None
    document_number: str
    carried_out_on: dt.date | None
    audit_status: str
    audit_note: str
    source_kind: str
    complaint_numbers: list[str]
    task_id: int | None
    interview_id: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_complaint_numbers(obj):
        return [c.number for c in obj.complaints.all()]


class RecordIn(Schema):
    unit_id: int
    person_name: str = Field(..., min_length=1, max_length=40)
    post: str = Field("", max_length=80)
    cadre_level: CadreLevel = CadreLevel.OTHER
    reason: str = Field(..., min_length=1, max_length=2000)
    form: str = Field(
        "", max_length=20, description="问责方式代码（GET /api/accountability/forms）；填写即视为已作出决定"
    )
    decided_by: str = Field("", max_length=120)
    decided_on: dt.date | None = None
    document_number: str = Field("", max_length=60)
    complaint_ids: list[int] = Field(default_factory=list, max_length=50)
    task_id: int | None = None
    interview_id: int | None = None


class DecisionIn(Schema):
    form: str = Field(..., min_length=1, max_length=20)
    decided_by: str = Field(..., min_length=1, max_length=120)
    decided_on: dt.date
    document_number: str = Field("", max_length=60)


class CarriedOutIn(Schema):
    carried_out_on: dt.date


class VerifyIn(Schema):
    note: str = Field("", max_length=1000)


class RejectIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)


class FormOut(Schema):
    code: str
    name: str
    severity: int


class QueueOut(Schema):
    complaints: int
    interviews: int
    findings: int
    liaison: int
    overdue: int
    to_verify: int
    sampled: int
    urges_overdue: int
    requests: int


@router.get("", response=list[RecordOut], summary="问责记录（管辖范围内）")
@paginate(Pages)
def list_records(request: HttpRequest, tab: str = "", q: str = ""):
    return queries.records_for(request.user, tab=tab, q=q[:40]).prefetch_related("complaints")


@router.get("/forms", response=list[FormOut], summary="启用的问责方式")
def list_forms(request: HttpRequest):
    from accountability.models import FormOfAccountability

    return list(FormOfAccountability.objects.filter(is_active=True))


@router.get("/queue", response=QueueOut, summary="问责督办队列的各项数量（纪委监委、督察办）")
def queue(request: HttpRequest):
    return queries.queue_counts(request.user)


@router.post("", response={201: RecordOut}, summary="登记问责（可关联举报件、整改任务、约谈）")
def create_record(request: HttpRequest, payload: RecordIn):
    from complaints.models import Complaint
    from organisations.models import Unit
    from rectification.models import Action, Task

    user = request.user
    unit = get_object_or_404(Unit.objects.visible_to(user).select_related("region"), pk=payload.unit_id)
    complaints = list(Complaint.objects.visible_to(user).filter(pk__in=payload.complaint_ids))
    if len(complaints) != len(set(payload.complaint_ids)):
        raise Http404("举报件不存在或不在您的管辖范围内")
    task = get_object_or_404(Task.objects.visible_to(user), pk=payload.task_id) if payload.task_id else None
    interview = (
        get_object_or_404(Action.objects.visible_to(user), pk=payload.interview_id)
        if payload.interview_id
        else None
    )
    kind = SourceKind.INTERVIEW if interview else SourceKind.FEEDBACK if complaints else SourceKind.MANUAL
    record = workflow.register_record(
        by=user, unit=unit, person_name=payload.person_name, post=payload.post, cadre_level=payload.cadre_level,
        reason=payload.reason, form=payload.form, source_kind=kind, complaints=complaints, task=task,
        interview=interview, decided_by=payload.decided_by, decided_on=payload.decided_on,
        document_number=payload.document_number,
    )  # fmt: skip
    return Status(201, record)


@router.get("/{int:pk}", response=RecordOut, summary="一条问责记录")
def get_record(request: HttpRequest, pk: int):
    return queries.record_for(request.user, pk)


@router.post("/{int:pk}/decision", response=RecordOut, summary="录入问责决定")
def decide(request: HttpRequest, pk: int, payload: DecisionIn):
    return workflow.decide_record(
        queries.record_for(request.user, pk), by=request.user, form=payload.form, decided_by=payload.decided_by,
        decided_on=payload.decided_on, document_number=payload.document_number,
    )  # fmt: skip


@router.post("/{int:pk}/carried-out", response=RecordOut, summary="登记问责已执行")
def carried_out(request: HttpRequest, pk: int, payload: CarriedOutIn):
    return workflow.carry_out_record(
        queries.record_for(request.user, pk), by=request.user, carried_out_on=payload.carried_out_on
    )


@router.post("/{int:pk}/verification", response=RecordOut, summary="核实（纪委监委）")
def verify(request: HttpRequest, pk: int, payload: VerifyIn):
    return workflow.verify_record(queries.record_for(request.user, pk), by=request.user, note=payload.note)


@router.post("/{int:pk}/insufficient", response=RecordOut, summary="认定追责不到位（纪委监委）")
def reject(request: HttpRequest, pk: int, payload: RejectIn):
    return workflow.reject_record(
        queries.record_for(request.user, pk), by=request.user, reason=payload.reason
    )
