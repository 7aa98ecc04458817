"""After the feedback: extension requests, acceptance of closed complaints, on-site verification."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Schema, Status

from complaints import workflow
from complaints.api.base import _detail, router
from complaints.api.schemas import ComplaintOut, ReasonIn
from complaints.models import Complaint
from ducha.errors import WorkflowError


class ExtensionOut(Schema):
    id: int
    state: str
    reason: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    due_before: dt.datetime | None
    due_after: dt.datetime | None


class DecisionIn(Schema):
    approved: bool
    note: str = Field("", max_length=2000, description="审批意见；不予批准时必填")


class VerificationIn(Schema):
    kind: str = Field(..., description="recheck（现场核实）/ acceptance（验收，须处于验收中）")
    visited_on: dt.date
    inspectors: str = Field(..., max_length=200)
    findings: str = Field(..., max_length=4000)
    confirmed: bool = Field(..., description="true：整改到位；false：退回重办")


class IdsIn(Schema):
    ids: list[int] = Field(..., min_length=1, max_length=500)


@router.post("/{int:pk}/extensions", response={201: ExtensionOut}, summary="申请延期办结（承办单位）")
def request_extension(request: HttpRequest, pk: int, payload: ReasonIn):
    return Status(
        201, workflow.request_extension(_detail(request, pk), by=request.user, reason=payload.reason)
    )


@router.post("/{int:pk}/extensions/decision", response=ExtensionOut, summary="审批延期申请（督察办）")
def decide_extension(request: HttpRequest, pk: int, payload: DecisionIn):
    complaint = _detail(request, pk)
    pending = complaint.pending_extension
    if pending is None:
        raise WorkflowError("没有待审批的延期申请", field="approved", code="transition")
    return workflow.decide_extension(pending, by=request.user, approved=payload.approved, note=payload.note)


@router.post("/acceptance", response=dict[str, int], summary="已办结件进入验收（督察办，可批量）")
def start_acceptance(request: HttpRequest, payload: IdsIn):
    # The workflow reads and scope-checks them all in one locked query.
    return {"count": workflow.start_acceptance([Complaint(pk=pk) for pk in payload.ids], by=request.user)}


@router.post("/{int:pk}/verifications", response=ComplaintOut, summary="登记现场核实或验收结果（核查组）")
def record_verification(request: HttpRequest, pk: int, payload: VerificationIn):
    workflow.record_verification(
        _detail(request, pk), by=request.user, kind=payload.kind, visited_on=payload.visited_on,
        inspectors=payload.inspectors, findings=payload.findings, confirmed=payload.confirmed,
    )  # fmt: skip
    return _detail(request, pk)
