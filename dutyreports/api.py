"""API of the annual duty reports."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ducha.pagination import Pages
from dutyreports import queries, workflow
from organisations.models import Region

router = Router(tags=["环保履职年度报告 duty reports"])


class ReportOut(Schema):
    id: int
    year: int
    due_on: dt.date
    unit: str
    unit_id: int
    status: str
    is_late: bool
    title: str
    body: str
    submitted_at: dt.datetime | None
    submitted_late: bool
    comment: str
    returns: int

    @staticmethod
    def resolve_year(obj):
        return obj.cycle.year

    @staticmethod
    def resolve_due_on(obj):
        return obj.cycle.due_on

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_is_late(obj):
        from django.utils import timezone

        return obj.is_late(timezone.localdate())


class CycleIn(Schema):
    region: str = Field(..., max_length=12, description="设区的市的区划代码")
    year: int = Field(..., ge=2000, le=2100)
    due_on: dt.date
    note: str = Field("", max_length=200)


class CycleOut(Schema):
    id: int
    year: int
    due_on: dt.date
    reports: int

    @staticmethod
    def resolve_reports(obj):
        return obj.reports.count()


class SubmissionIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=50000)


class ReviewIn(Schema):
    accept: bool
    comment: str = Field("", max_length=4000)


@router.get("", response=list[ReportOut], summary="履职报告（督察办：辖区全部；单位：本单位）")
@paginate(Pages)
def list_reports(request: HttpRequest, year: int | None = None, late: bool = False):
    from django.utils import timezone

    rows = queries.reports_for(request.user)
    if year:
        rows = rows.filter(cycle__year=year)
    if late:
        rows = rows.late(timezone.localdate())
    return rows.order_by("cycle__year", "unit__region__code", "unit__name")


@router.post("/cycles", response={201: CycleOut}, summary="布置年度报告（督察办）")
def open_year(request: HttpRequest, payload: CycleIn):
    region = get_object_or_404(Region.objects.visible_to(request.user), code=payload.region)
    cycle = workflow.open_year(
        by=request.user, region=region, year=payload.year, due_on=payload.due_on, note=payload.note
    )
    return Status(201, cycle)


@router.get("/{int:pk}", response=ReportOut, summary="一份履职报告")
def get_report(request: HttpRequest, pk: int):
    return queries.report_for(request.user, pk)


@router.post("/{int:pk}/submission", response=ReportOut, summary="提交履职报告（报告单位）")
def submit(request: HttpRequest, pk: int, payload: SubmissionIn):
    report = queries.report_for(request.user, pk)
    return workflow.submit(report, by=request.user, title=payload.title, body=payload.body)


@router.post("/{int:pk}/review", response=ReportOut, summary="审阅或退回修改（督察办）")
def review(request: HttpRequest, pk: int, payload: ReviewIn):
    report = queries.report_for(request.user, pk)
    return workflow.review(report, by=request.user, accept=payload.accept, comment=payload.comment)
