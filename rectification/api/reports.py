"""Reports, problems and the plan; ledger import; circulars and spot checks."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Status, UploadedFile

from ducha.errors import WorkflowError
from inspections.queries import inspection_for
from organisations.models import Region
from rectification import queries, workflow
from rectification.api.base import _report, _task, router
from rectification.api.schemas import (
    ActionOut,
    FindingIn,
    ImportOut,
    ProblemIn,
    ProblemOut,
    ReportIn,
    ReportOut,
    SpotCheckIn,
    SpotCheckOut,
    TaskOut,
)
from rectification.models import SpotCheckItem

# --- reports, problems, plan --------------------------------------------------------------------


@router.get("/reports", response=list[ReportOut], summary="督察反馈意见（管辖范围内）")
def list_reports(request: HttpRequest):
    return list(queries.reports_for(request.user)[:200])


@router.post(
    "/reports", response={201: ReportOut}, summary="登记督察反馈意见（整改方案期限自动按 30 个工作日计算）"
)
def create_report(request: HttpRequest, payload: ReportIn):
    inspection = inspection_for(request.user, payload.inspection)
    region = Region.objects.filter(code=payload.region_code).first()
    if region is None:
        raise WorkflowError(f"区划代码 {payload.region_code} 不存在", field="region_code")
    report = workflow.create_report(
        by=request.user, inspection=inspection, region=region, title=payload.title,
        delivered_on=payload.delivered_on, text=payload.text,
    )  # fmt: skip
    return Status(201, report)


@router.get("/reports/{report_id}", response=ReportOut, summary="反馈意见与整改方案状态")
def get_report(request: HttpRequest, report_id: int):
    return _report(request, report_id)


@router.get("/reports/{report_id}/figures", summary="整改进展总数（问题、任务、预警、督办）")
def report_figures(request: HttpRequest, report_id: int):
    report = _report(request, report_id)
    return {
        **queries.figures(report, request.user),
        "by_unit": queries.by_unit(report, request.user),
        "by_month": queries.by_month(report, request.user),
    }


@router.get("/reports/{report_id}/problems", response=list[ProblemOut], summary="问题清单")
def list_problems(request: HttpRequest, report_id: int):
    return list(_report(request, report_id).problems.all())


@router.post("/reports/{report_id}/problems", response={201: ProblemOut}, summary="登记问题")
def create_problem(request: HttpRequest, report_id: int, payload: ProblemIn):
    report = _report(request, report_id)
    problem = workflow.add_problem(
        report, by=request.user, text=payload.text, number=payload.number, category=payload.category
    )
    return Status(201, problem)


@router.post(
    "/reports/{report_id}/plan/{action}",
    response=ReportOut,
    summary="整改方案：submit 报送 / approve 审定 / return 退回 / publish 公开",
)
def plan_action(request: HttpRequest, report_id: int, action: str, reason: str = ""):
    report = _report(request, report_id)
    steps = {
        "submit": lambda: workflow.submit_plan(report, by=request.user),
        "approve": lambda: workflow.approve_plan(report, by=request.user),
        "return": lambda: workflow.return_plan(report, by=request.user, reason=reason),
        "publish": lambda: workflow.publish_plan(report, by=request.user),
    }
    if action not in steps:
        raise WorkflowError(f"未知操作 {action}，可用：{' / '.join(steps)}", field="action")
    return steps[action]()


@router.post(
    "/reports/{report_id}/ledger",
    response={201: ImportOut, 202: ImportOut, 400: ImportOut},
    summary="导入整改台账 Excel（全部正确才写入；错误逐行列出行号、列名和原因；大文件后台导入，返回 202 与任务地址）",
)
def import_ledger(request: HttpRequest, report_id: int, file: File[UploadedFile]):
    from imports.models import JobStatus
    from imports.workflow import start_import

    job = start_import("ledger", subject=_report(request, report_id), upload=file, by=request.user)
    body = {
        "created": job.created,
        "errors": job.errors,
        "message": job.message,
        "job": job.pk,
        "job_url": f"/api/imports/{job.pk}",
    }
    if not job.finished:
        return Status(202, body)
    if job.status == JobStatus.FAILED and not job.errors:
        raise WorkflowError(job.message, field="file")
    return Status(400 if job.errors else 201, body)


@router.post(
    "/reports/{report_id}/circulars", response={201: ActionOut}, summary="印发本月通报（列出滞后单位）"
)
def create_circular(request: HttpRequest, report_id: int, period: dt.date | None = None):
    return Status(201, workflow.issue_circular(_report(request, report_id), by=request.user, period=period))


@router.post(
    "/reports/{report_id}/spot-checks",
    response={201: SpotCheckOut},
    summary="抽查：按县分层随机抽取已销号任务（种子可复现）",
)
def create_spot_check(request: HttpRequest, report_id: int, payload: SpotCheckIn):
    report = _report(request, report_id)
    spot = workflow.draw_spot_check(
        report, by=request.user, size=payload.size, seed=payload.seed, title=payload.title
    )
    return Status(201, spot)


@router.post(
    "/spot-check-items/{item_id}", response=TaskOut, summary="录入抽查结论（不到位则重新整改并启动问责）"
)
def record_finding(request: HttpRequest, item_id: int, payload: FindingIn):
    item = get_object_or_404(SpotCheckItem, pk=item_id, task__in=queries.tasks_for(request.user))
    workflow.record_spot_finding(
        item, by=request.user, finding=payload.finding, note=payload.note, person_name=payload.person_name,
        post=payload.post, form=payload.form,
    )  # fmt: skip
    return _task(request, item.task_id)
