"""Every write of the annual duty reports (环保履职年度报告), one function per step:

- the office (督察办 / 协调联络组) opens a year: the due date and the units that owe a report (by default
  every county party committee and government below the city, and the city's departments);
- a unit's handler or signer submits the report (text and/or a Word/PDF file), again after a return;
- the office accepts it with a comment (已审阅) or returns it for revision with the reasons.
The reminder sweep lives in tasks.py.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.workflow import record_event
from ducha.errors import PermissionDeniedError, WorkflowError
from dutyreports.models import Cycle, Report, ReportStatus
from notices.workflow import notify_units
from organisations.models import Region, RegionLevel, Unit, UnitKind
from organisations.scope import require_office

UNIT_ROLES = ("handler", "signer")
MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_TYPES = (".docx", ".doc", ".pdf", ".wps", ".ofd")


def default_units(region: Region):
    """Every county party committee and government below the city, and the city's own departments."""
    return Unit.objects.filter(is_active=True).filter(
        Q(
            region__parent=region,
            region__level=RegionLevel.COUNTY,
            kind__in=[UnitKind.PARTY_COMMITTEE, UnitKind.GOVERNMENT],
        )
        | Q(region=region, kind=UnitKind.DEPARTMENT)
    )


@transaction.atomic
def open_year(*, by, region: Region, year: int, due_on: dt.date, units=None, note: str = "") -> Cycle:
    require_office(by, region.prefix, "布置环保履职年度报告")
    if region.level != RegionLevel.CITY:
        raise WorkflowError("环保履职年度报告按设区的市布置", field="region")
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise WorkflowError("报告年度无效", field="year")
    if due_on is None or due_on.year < year:
        raise WorkflowError("报送截止日期应在报告年度之内或之后", field="due_on")
    if Cycle.objects.filter(region=region, year=year).exists():
        raise WorkflowError(f"{region.name}{year}年度已经布置", field="year", code="duplicate")
    chosen = list(units) if units is not None else list(default_units(region))
    for unit in chosen:
        if not unit.region.prefix.startswith(region.prefix):
            raise WorkflowError(f"{unit.name}不在{region.name}辖区内", field="units")
    if not chosen:
        raise WorkflowError("没有需要报告的单位", field="units")
    cycle = Cycle.objects.create(
        region=region, year=year, due_on=due_on, note=(note or "").strip()[:200], created_by=by
    )
    Report.objects.bulk_create(Report(cycle=cycle, unit=unit) for unit in chosen)
    record_event(cycle, by=by, action="duty_year_opened", note=f"{len(chosen)} 个单位，{due_on} 前报送")
    message = {
        "title": f"请于 {due_on:%Y年%m月%d日} 前报送{year}年度环保履职报告",
        "body": "报告须包括研究部署、制度建设、责任落实、督促检查、工作成效、责任追究和长效机制建立等情况。",
        "link": "/duty-reports/", "level": "info", "key": f"duty-open:{cycle.pk}",
    }  # fmt: skip
    unit_ids = [u.pk for u in chosen]
    transaction.on_commit(lambda: notify_units(unit_ids, UNIT_ROLES, **message))
    return cycle


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("cycle", "unit__region").get(pk=report.pk)


@transaction.atomic
def submit(report: Report, *, by, title: str, body: str = "", upload=None) -> Report:
    locked = _locked(report)
    if not (by.is_superuser or (by.has_role(*UNIT_ROLES) and by.unit_id == locked.unit_id)):
        raise PermissionDeniedError("只有报告单位的承办人或签发人可以提交")
    if locked.status not in (ReportStatus.DUE, ReportStatus.RETURNED):
        raise WorkflowError(
            f"报告当前为“{locked.get_status_display()}”，不能再次提交", field="status", code="transition"
        )
    title = (title or "").strip()
    if not title:
        raise WorkflowError("请填写报告标题", field="title")
    body = (body or "").strip()
    if not body and upload is None and not locked.attachment:
        raise WorkflowError("请填写报告正文或上传报告文件", field="body")
    if upload is not None:
        if upload.size > MAX_FILE_BYTES:
            raise WorkflowError("报告文件不能超过 20 MB", field="attachment")
        if not upload.name.lower().endswith(FILE_TYPES):
            raise WorkflowError("报告文件应为 Word、PDF、WPS 或 OFD 文件", field="attachment")
        locked.attachment.save(upload.name, upload, save=False)
    now = timezone.now()
    locked.title, locked.body = title[:200], body[:50000]
    locked.status, locked.submitted_at, locked.submitted_by = ReportStatus.SUBMITTED, now, by
    locked.submitted_late = timezone.localdate() > locked.cycle.due_on
    locked.save()
    record_event(
        locked,
        by=by,
        action="duty_submitted",
        to_state=ReportStatus.SUBMITTED,
        note="逾期提交" if locked.submitted_late else "",
    )
    return locked


@transaction.atomic
def review(report: Report, *, by, accept: bool, comment: str) -> Report:
    """The office reads a submitted report: accepts it (已审阅) or returns it for revision."""
    locked = _locked(report)
    require_office(by, locked.unit.region.prefix, "审阅履职报告")
    if locked.status != ReportStatus.SUBMITTED:
        raise WorkflowError(
            f"报告当前为“{locked.get_status_display()}”，不能审阅", field="status", code="transition"
        )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise WorkflowError("退回修改须写明意见", field="comment")
    locked.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    locked.comment, locked.reviewed_at = comment[:4000], timezone.now()
    if not accept:
        locked.returns += 1
    locked.save(update_fields=["status", "comment", "reviewed_at", "returns"])
    record_event(locked, by=by, action="duty_accepted" if accept else "duty_returned", from_state=ReportStatus.SUBMITTED,
                 to_state=locked.status, note=comment[:200])  # fmt: skip
    if not accept:
        message = {
            "title": f"{locked.cycle.year}年度环保履职报告被退回修改", "body": comment[:200],
            "link": f"/duty-reports/{locked.pk}/", "level": "warn", "key": f"duty-return:{locked.pk}:{locked.returns}",
        }  # fmt: skip
        unit_id = locked.unit_id
        transaction.on_commit(lambda: notify_units([unit_id], UNIT_ROLES, **message))
    return locked
