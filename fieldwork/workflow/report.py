"""Findings and the feedback report: the team records findings with their source, assembles the report from
them, the office reviews it, a team member other than the drafter signs it, and the office delivers it, which
opens loop B with one problem per finding. Clues of accountability go to 移交移送."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.workflow import record_event
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import required_text
from fieldwork.access import is_office, require, require_either, require_open, require_team
from fieldwork.models import Finding, Report, ReportStatus, SourceKind
from notices.workflow import notify_units

SOURCES = {
    SourceKind.COMPLAINT: "complaint",
    SourceKind.INTERVIEW: "interview",
    SourceKind.DOCUMENT: "request_item",
    SourceKind.SITE: "site_visit",
    SourceKind.FIELD_CHECK: "field_problem",
}


def _source_inspection(kind: str, source):
    if kind == SourceKind.DOCUMENT:
        return source.request.inspection_id
    if kind == SourceKind.FIELD_CHECK:
        return source.site.field_check.inspection_id
    return source.inspection_id


@transaction.atomic
def record_finding(inspection, *, by, text: str, source_kind: str, source, unit, focus=None, evidence: str = "",
                   is_clue: bool = False, persons: str = "") -> Finding:  # fmt: skip
    """A finding names where it was found (a complaint, an interview, a requested document, a site visit or a
    field check of this inspection), the unit responsible and, if any, the focus area it bears on."""
    require_team(by, inspection, "记录发现问题")
    require_open(inspection)
    if source_kind not in SOURCES:
        raise WorkflowError(
            "来源应为 群众举报 / 谈话问询 / 调阅资料 / 实地检查 / 现场检查", field="source_kind"
        )
    if source is None or _source_inspection(source_kind, source) != inspection.pk:
        raise WorkflowError("请选择本次督察中的来源", field="source")
    if unit is None:
        raise WorkflowError("请选择责任单位", field="unit")
    if not inspection.covers(unit.region.prefix):
        raise WorkflowError(f"{unit.name}不在本次督察范围内", field="unit")
    if focus is not None and focus.inspection_id != inspection.pk:
        raise WorkflowError("督察重点应属于本次督察", field="focus")
    locked = type(inspection).objects.select_for_update().get(pk=inspection.pk)
    number = (Finding.objects.filter(inspection=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    finding = Finding.objects.create(
        inspection=locked, number=number, text=required_text(text, field="text", label="问题"), source_kind=source_kind,
        focus=focus, unit=unit, region_prefix=unit.region.prefix, evidence=(evidence or "").strip(),
        is_clue=bool(is_clue), persons=(persons or "").strip()[:300], created_by=by, **{SOURCES[source_kind]: source},
    )  # fmt: skip
    if source_kind == SourceKind.COMPLAINT and focus is not None:
        focus.complaints.add(source)
    record_event(finding, by=by, action="finding_recorded", note=f"{finding.number}. {finding.text[:60]}")
    return finding


@transaction.atomic
def create_report(inspection, *, by, region, title: str, addressee: str, number: str = "", copy_to: str = "",
                  opening: str = "", demands: str = "") -> Report:  # fmt: skip
    require_team(by, inspection, "起草反馈报告")
    require_open(inspection)
    if region is None or not inspection.targets.filter(region=region).exists():
        raise WorkflowError("反馈对象应是本次督察的被督察地区", field="region")
    report = Report.objects.create(
        inspection=inspection, region=region, region_prefix=region.prefix,
        title=required_text(title, field="title", label="标题", limit=200),
        addressee=required_text(addressee, field="addressee", label="主送", limit=200), number=(number or "").strip()[:60],
        copy_to=(copy_to or "").strip()[:300], opening=(opening or "").strip(), demands=(demands or "").strip(), created_by=by,
    )  # fmt: skip
    record_event(
        report, by=by, action="report_drafted", to_state=report.status, note=report.title, settle=False
    )
    return report


def _locked(report: Report) -> Report:
    locked = Report.objects.select_for_update().select_related("inspection", "region").get(pk=report.pk)
    require_open(locked.inspection)
    return locked


def _move(report: Report, to: str, *, by, action: str, note: str = "", fields=()) -> Report:
    before = report.status
    report.status = to
    report.save(update_fields=["status", *fields])
    record_event(report, by=by, action=action, from_state=before, to_state=to, note=note)
    return report


def _expect(report: Report, *allowed: str, what: str) -> None:
    if report.status not in allowed:
        raise WorkflowError(
            f"报告处于“{report.get_status_display()}”，不能{what}", field="status", code="transition"
        )


@transaction.atomic
def set_report_findings(report: Report, *, by, finding_ids) -> int:
    """The report's findings, in the order given; each must be of this inspection and region and in no other report."""
    locked = _locked(report)
    require_team(by, locked.inspection, "编排反馈报告")
    _expect(locked, ReportStatus.DRAFTING, what="修改")
    ids = [int(i) for i in finding_ids]
    if len(ids) != len(set(ids)):
        raise WorkflowError("同一问题不能重复列入", field="findings")
    rows = {
        f.pk: f for f in Finding.objects.select_for_update().filter(pk__in=ids, inspection=locked.inspection)
    }
    for pk in ids:
        finding = rows.get(pk)
        if finding is None:
            raise WorkflowError("所选问题不属于本次督察", field="findings")
        if not finding.region_prefix.startswith(locked.region_prefix):
            raise WorkflowError(f"问题 {finding.number} 的责任单位不在{locked.region.name}", field="findings")
        if finding.report_id not in (None, locked.pk):
            raise WorkflowError(f"问题 {finding.number} 已列入另一份报告", field="findings")
    Finding.objects.filter(report=locked).exclude(pk__in=ids).update(report=None, report_order=None)
    for order, pk in enumerate(ids, 1):
        Finding.objects.filter(pk=pk).update(report=locked, report_order=order)
    record_event(locked, by=by, action="report_findings_set", note=f"{len(ids)} 个问题")
    return len(ids)


@transaction.atomic
def submit_report(report: Report, *, by) -> Report:
    locked = _locked(report)
    require_team(by, locked.inspection, "提交反馈报告")
    _expect(locked, ReportStatus.DRAFTING, what="提交审核")
    if not locked.findings.exists():
        raise WorkflowError("报告中还没有问题", field="findings")
    locked.submitted_by = by
    _move(locked, ReportStatus.SUBMITTED, by=by, action="report_submitted", fields=["submitted_by"])
    office = locked.inspection.office_id
    message = {"title": f"反馈报告待审核：{locked.title}", "link": f"/fieldwork/reports/{locked.pk}/", "key": f"report-submitted:{locked.pk}:{timezone.now().timestamp():.0f}"}  # fmt: skip
    notify_units([office], ["office"], **message)
    return locked


@transaction.atomic
def review_report(report: Report, *, by, approved: bool, note: str = "") -> Report:
    """The office's review: approved it goes to signing; returned, back to drafting with the reason."""
    locked = _locked(report)
    require(is_office(by, locked.inspection), "只有督察办可以审核反馈报告")
    _expect(locked, ReportStatus.SUBMITTED, what="审核")
    locked.reviewed_by, locked.review_note = by, (note or "").strip()[:500]
    if approved:
        return _move(
            locked,
            ReportStatus.REVIEWED,
            by=by,
            action="report_reviewed",
            note=locked.review_note,
            fields=["reviewed_by", "review_note"],
        )
    if not locked.review_note:
        raise WorkflowError("退回请写明理由", field="note")
    return _move(
        locked,
        ReportStatus.DRAFTING,
        by=by,
        action="report_returned",
        note=locked.review_note,
        fields=["reviewed_by", "review_note"],
    )


@transaction.atomic
def sign_report(report: Report, *, by) -> Report:
    """签发 by a team member who did not submit it (four eyes)."""
    locked = _locked(report)
    require_team(by, locked.inspection, "签发反馈报告")
    _expect(locked, ReportStatus.REVIEWED, what="签发")
    if locked.submitted_by_id == by.pk and not by.is_superuser:
        raise PermissionDeniedError("起草提交人不能签发自己的报告")
    locked.signed_by, locked.signed_at = by, timezone.now()
    return _move(
        locked, ReportStatus.SIGNED, by=by, action="report_signed", fields=["signed_by", "signed_at"]
    )


@transaction.atomic
def deliver_report(report: Report, *, by, delivered_on: dt.date | None = None) -> Report:
    """Delivered: loop B's feedback report is created with one problem per finding, in the report's order."""
    from rectification.workflow.plan import add_problem
    from rectification.workflow.plan import create_report as create_ledger

    locked = _locked(report)
    require(is_office(by, locked.inspection), "只有督察办可以登记反馈")
    _expect(locked, ReportStatus.SIGNED, what="反馈")
    day = delivered_on or timezone.localdate()
    if day > timezone.localdate():
        raise WorkflowError("反馈日期不能晚于今天", field="delivered_on")
    ledger = create_ledger(by=by, inspection=locked.inspection, region=locked.region, title=locked.title,
                           delivered_on=day, text=locked.opening)  # fmt: skip
    for finding in (
        locked.findings.select_for_update(of=("self",)).select_related("focus").order_by("report_order")
    ):
        category = finding.focus.title[:40] if finding.focus_id else ""
        problem = add_problem(
            ledger, by=by, text=finding.text, number=finding.report_order, category=category
        )
        Finding.objects.filter(pk=finding.pk).update(problem=problem)
    locked.delivered_on, locked.feedback_report = day, ledger
    return _move(locked, ReportStatus.DELIVERED, by=by, action="report_delivered", note=f"{ledger.problems.count()} 个问题进入整改台账",
                 fields=["delivered_on", "feedback_report"])  # fmt: skip


@transaction.atomic
def transfer_finding(finding: Finding, *, by, receiver_kind: str, receiver: str, description: str = ""):
    """A clue of accountability to 移交移送 (accountability.oversight), prefilled from the finding."""
    from accountability.oversight import transfer_clue

    locked = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("inspection", "complaint")
        .get(pk=finding.pk)
    )
    require_either(by, locked.inspection, "移交问题线索")
    require_open(locked.inspection)
    if locked.clue_transfer_id:
        raise WorkflowError("该问题已移交", field="finding", code="duplicate")
    transfer = transfer_clue(
        by=by, inspection=locked.inspection, receiver_kind=receiver_kind, receiver=receiver, title=locked.text[:200],
        description=(description or "").strip() or (locked.text + ("\n证据：" + locked.evidence if locked.evidence else "")),
        persons=locked.persons, complaints=[locked.complaint] if locked.complaint_id else [],
    )  # fmt: skip
    Finding.objects.filter(pk=locked.pk).update(clue_transfer=transfer, is_clue=True)
    record_event(locked, by=by, action="finding_transferred", note=transfer.number)
    return transfer
