"""Extension requests, special circulars, distribution lists and special supervisions."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from ducha.errors import WorkflowError
from organisations.models import Unit
from rectification import queries, workflow
from rectification.api.base import _report, _task, router
from rectification.api.schemas import ActionOut


class ExtensionIn(Schema):
    due_on: dt.date = Field(..., description="申请延至")
    reason: str = Field(..., max_length=2000)


class DecisionIn(Schema):
    approved: bool
    note: str = Field("", max_length=2000, description="审批意见；不予批准时必填")


class ExtensionOut(Schema):
    id: int
    due_on: dt.date
    due_before: dt.date | None
    reason: str
    state: str
    decision_note: str


class SpecialCircularIn(Schema):
    title: str = Field(..., max_length=200)
    note: str = Field("", max_length=4000)
    unit_ids: list[int] | None = Field(None, description="被通报单位；不填则列出滞后单位")


class DistributionIn(Schema):
    main_to: list[str] = Field(..., min_length=1, max_length=60)
    copy_to: list[str] = Field(default_factory=list, max_length=60)
    copies: int | None = Field(None, ge=1, le=999, description="份数；不填为主送、抄送单位数之和")


class SpecialSupervisionIn(Schema):
    by_unit_id: int
    held_on: dt.date
    subject: str = Field(..., max_length=200)
    findings: str = Field(..., max_length=4000)
    follow_up: str = Field("", max_length=4000)
    unit_ids: list[int] = Field(default_factory=list)


class SpecialSupervisionOut(Schema):
    id: int
    by_unit: str
    held_on: dt.date
    subject: str
    findings: str

    @staticmethod
    def resolve_by_unit(obj):
        return obj.by_unit.name


def _units(report, ids, field: str) -> list[Unit]:
    units = list(Unit.objects.filter(pk__in=ids, region__prefix__startswith=report.region_prefix))
    if len(units) != len(set(ids)):
        raise WorkflowError("部分单位不存在或不在本次整改范围内", field=field)
    return units


@router.post("/tasks/{int:pk}/extensions", response={201: ExtensionOut}, summary="申请延期（责任单位）")
def request_extension(request: HttpRequest, pk: int, payload: ExtensionIn):
    return Status(
        201,
        workflow.request_task_extension(
            _task(request, pk), by=request.user, due_on=payload.due_on, reason=payload.reason
        ),
    )


@router.post("/tasks/{int:pk}/extensions/decision", response=ExtensionOut, summary="审批延期申请（整改办）")
def decide_extension(request: HttpRequest, pk: int, payload: DecisionIn):
    pending = get_object_or_404(_task(request, pk).extensions, state="pending")
    return workflow.decide_task_extension(
        pending, by=request.user, approved=payload.approved, note=payload.note
    )


@router.post("/reports/{int:report_id}/special-circulars", response={201: ActionOut}, summary="印发专项通报")
def special_circular(request: HttpRequest, report_id: int, payload: SpecialCircularIn):
    report = _report(request, report_id)
    units = _units(report, payload.unit_ids, "unit_ids") if payload.unit_ids is not None else None
    return Status(
        201,
        workflow.issue_circular(
            report, by=request.user, special=True, title=payload.title, note=payload.note, units=units
        ),
    )


@router.put("/actions/{int:pk}/distribution", response=ActionOut, summary="设置主送、抄送和份数（整改办）")
def distribution(request: HttpRequest, pk: int, payload: DistributionIn):
    action = get_object_or_404(queries.actions_for(request.user), pk=pk)
    return workflow.set_distribution(
        action, by=request.user, main_to="\n".join(payload.main_to), copy_to="\n".join(payload.copy_to),
        copies=payload.copies,
    )  # fmt: skip


@router.post(
    "/reports/{int:report_id}/special-supervisions",
    response={201: SpecialSupervisionOut},
    summary="登记专项督查",
)
def special_supervision(request: HttpRequest, report_id: int, payload: SpecialSupervisionIn):
    report = _report(request, report_id)
    by_unit = _units(report, [payload.by_unit_id], "by_unit_id")[0]
    record = workflow.record_special_supervision(
        report, by=request.user, by_unit=by_unit, held_on=payload.held_on, subject=payload.subject,
        findings=payload.findings, follow_up=payload.follow_up, units=_units(report, payload.unit_ids, "unit_ids"),
    )  # fmt: skip
    return Status(201, record)
