"""API of the team's own work: document requests (the inspected unit sees and answers only its own), interviews
(masked; the notes revealed one at a time to the team, each view an event), findings, and the report's delivery."""

import datetime as dt

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.pagination import Pages
from fieldwork import workflow
from fieldwork.access import is_team, may_view
from fieldwork.lookup import source_for, units_of
from fieldwork.models import DocumentRequest, Finding, FocusArea, Interview, Report, RequestKind, SourceKind

router = Router(tags=["督察工作 fieldwork"])


class ItemOut(Schema):
    id: int
    number: int
    text: str
    status: str
    remark: str
    files: list[str]

    @staticmethod
    def resolve_files(obj):
        return [f.name for f in obj.files.all()]


class RequestOut(Schema):
    id: int
    number: str
    kind: str
    inspection: str
    unit: str
    title: str
    due_at: dt.datetime
    submitted_at: dt.datetime | None
    is_overdue: bool

    @staticmethod
    def resolve_inspection(obj):
        return obj.inspection.code

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_is_overdue(obj):
        return obj.is_overdue()


class RequestDetailOut(RequestOut):
    note: str
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.prefetch_related("files"))


class RequestIn(Schema):
    unit_id: int
    title: str = Field(..., min_length=1, max_length=200)
    items: list[str] = Field(default_factory=list, max_length=50)
    due_at: dt.datetime
    kind: str = RequestKind.MATERIALS
    note: str = Field("", max_length=2000)


class InterviewOut(Schema):
    id: int
    kind: str
    person: str = Field(..., description="脱敏后的谈话对象，如 王*")
    post: str
    unit_name: str
    held_at: dt.datetime
    interviewers: str

    @staticmethod
    def resolve_person(obj):
        return obj.person_masked


class SecretOut(Schema):
    person: str
    notes: str


class FindingOut(Schema):
    id: int
    number: int
    text: str
    source_kind: str
    unit: str
    focus: str | None
    report_id: int | None
    problem_id: int | None

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_focus(obj):
        return obj.focus.title if obj.focus_id else None


class FindingIn(Schema):
    text: str = Field(..., min_length=1, max_length=4000)
    source_kind: str
    source: str = Field(..., description="举报件编号；谈话、调阅事项、实地检查或现场检查问题的 id")
    unit_id: int
    focus_id: int | None = None
    evidence: str = Field("", max_length=4000)
    is_clue: bool = False
    persons: str = Field("", max_length=300)


class ReportOut(Schema):
    id: int
    title: str
    status: str
    delivered_on: dt.date | None
    feedback_report_id: int | None


def _requests(user):
    rows = DocumentRequest.objects.select_related("inspection", "unit")
    if user.is_superuser or user.has_role("team", "office"):
        return rows.visible_to(user)
    return rows.filter(unit_id=user.unit_id) if user.unit_id else rows.none()


def _inspection(request, code):
    from inspections.models import Inspection

    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), code=code)
    if not may_view(request.user, inspection):
        raise PermissionDeniedError("只有督察组或督察办可以查看督察工作")
    return inspection


@router.get("/requests", response=list[RequestOut], summary="调阅资料通知（被调阅单位只见本单位的）")
@paginate(Pages)
def list_requests(request: HttpRequest, open: bool = False):
    rows = _requests(request.user)
    return rows.filter(submitted_at__isnull=True) if open else rows


@router.get("/requests/{int:pk}", response=RequestDetailOut, summary="一份调阅资料通知及其清单")
def get_request(request: HttpRequest, pk: int):
    return get_object_or_404(_requests(request.user), pk=pk)


@router.post(
    "/requests/{int:pk}/items/{int:item}/files",
    response={201: RequestDetailOut},
    summary="上传一项资料（被调阅单位）",
)
def upload(request: HttpRequest, pk: int, item: int, file: File[UploadedFile]):
    row = get_object_or_404(_requests(request.user), pk=pk)
    line = get_object_or_404(row.items, pk=item)
    workflow.upload_to_item(line, by=request.user, uploads=[file])
    return Status(201, row)


@router.post("/requests/{int:pk}/submit", response=RequestDetailOut, summary="报送督察组（被调阅单位）")
def submit(request: HttpRequest, pk: int):
    row = get_object_or_404(_requests(request.user), pk=pk)
    return workflow.submit_request(row, by=request.user)


@router.post(
    "/inspections/{code}/requests", response={201: RequestDetailOut}, summary="发出调阅资料或自查通知"
)
def create_request(request: HttpRequest, code: str, payload: RequestIn):
    from organisations.models import Unit

    inspection = _inspection(request, code)
    unit = get_object_or_404(
        Unit.objects.visible_to(request.user).select_related("region"), pk=payload.unit_id
    )
    row = workflow.create_request(
        inspection, by=request.user, unit=unit, title=payload.title, items=payload.items, due_at=payload.due_at,
        kind=payload.kind, note=payload.note,
    )  # fmt: skip
    return Status(201, row)


@router.get(
    "/inspections/{code}/interviews",
    response=list[InterviewOut],
    summary="谈话问询（仅督察组；对象脱敏，不含记录）",
)
@paginate(Pages)
def list_interviews(request: HttpRequest, code: str):
    inspection = _inspection(request, code)
    if not is_team(request.user, inspection):
        raise PermissionDeniedError("谈话记录仅督察组可见")
    return Interview.objects.visible_to(request.user).filter(inspection=inspection)


@router.post(
    "/interviews/{int:pk}/reveal", response=SecretOut, summary="查看谈话对象和记录（仅督察组，每次查看留痕）"
)
def reveal(request: HttpRequest, pk: int):
    interview = get_object_or_404(
        Interview.objects.visible_to(request.user).select_related("inspection"), pk=pk
    )
    return workflow.reveal_interview(interview, by=request.user)


@router.get("/inspections/{code}/findings", response=list[FindingOut], summary="发现问题")
@paginate(Pages)
def list_findings(request: HttpRequest, code: str):
    inspection = _inspection(request, code)
    return Finding.objects.filter(inspection=inspection).select_related("unit", "focus")


@router.post("/inspections/{code}/findings", response={201: FindingOut}, summary="记录发现问题（督察组）")
def create_finding(request: HttpRequest, code: str, payload: FindingIn):
    inspection = _inspection(request, code)
    if payload.source_kind not in SourceKind.values:
        raise WorkflowError(
            "来源应为 complaint / interview / document / site / field_check", field="source_kind"
        )
    source = source_for(inspection, payload.source_kind, payload.source)
    if source is None:
        raise WorkflowError("本次督察中没有这个来源", field="source")
    unit = units_of(inspection).filter(pk=payload.unit_id).first()
    focus = (
        FocusArea.objects.filter(inspection=inspection, pk=payload.focus_id).first()
        if payload.focus_id
        else None
    )
    if payload.focus_id and focus is None:
        raise Http404
    finding = workflow.record_finding(
        inspection, by=request.user, text=payload.text, source_kind=payload.source_kind, source=source, unit=unit,
        focus=focus, evidence=payload.evidence, is_clue=payload.is_clue, persons=payload.persons,
    )  # fmt: skip
    return Status(201, finding)


@router.post(
    "/reports/{int:pk}/deliver", response=ReportOut, summary="登记反馈：报告中的问题进入整改台账（督察办）"
)
def deliver(request: HttpRequest, pk: int, delivered_on: dt.date | None = None):
    report = get_object_or_404(Report.objects.visible_to(request.user).select_related("inspection"), pk=pk)
    return workflow.deliver_report(report, by=request.user, delivered_on=delivered_on)
