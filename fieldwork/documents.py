"""The team's official documents (GB/T 9704, ducha.official): the feedback report assembled from findings, the
stationing announcement and a document request (调阅资料通知). The report lists findings by focus area; interview
notes never appear in any of them."""

from django.utils import timezone

from ducha.official import OfficialDocument
from ducha.official.model import chinese_date
from fieldwork.models import Announcement, DocumentRequest, Report

NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else str(n)


def report(report: Report) -> OfficialDocument:
    """督察反馈意见: 总体情况, the problems grouped by focus area in the report's order, and the demands."""
    inspection = report.inspection
    day = report.delivered_on or (
        timezone.localtime(report.signed_at).date() if report.signed_at else timezone.localdate()
    )
    doc = OfficialDocument(
        issuer=inspection.team_name, number=report.number, title=report.title, date=day,
        addressees=[report.addressee], cc=[c.strip() for c in report.copy_to.replace("，", "、").split("、") if c.strip()],
        file_name=report.title,
    )  # fmt: skip
    if report.opening:
        for line in report.opening.splitlines():
            if line.strip():
                doc.p(line.strip())
    findings = list(report.findings.select_related("focus", "unit").order_by("report_order"))
    doc.h(f"{_numeral(1)}、督察发现的主要问题")
    groups: dict[str, list] = {}
    for finding in findings:
        groups.setdefault(finding.focus.title if finding.focus_id else "其他问题", []).append(finding)
    for n, (title, rows) in enumerate(groups.items(), 1):
        doc.h(f"（{_numeral(n)}）{title}", level=2)
        for finding in rows:
            doc.p(f"{finding.report_order}. {finding.text}（责任单位：{finding.unit.name}）")
    if report.demands:
        doc.h(f"{_numeral(2)}、整改要求")
        for line in report.demands.splitlines():
            if line.strip():
                doc.p(line.strip())
    doc.p(f"请按有关规定，在收到本反馈意见后制定整改方案，报送{inspection.team_name}。")
    return doc


def announcement(notice: Announcement) -> OfficialDocument:
    inspection = notice.inspection
    day = timezone.localtime(notice.published_at).date() if notice.published_at else timezone.localdate()
    doc = OfficialDocument(issuer=inspection.team_name, title=notice.title, date=day, file_name=notice.title)
    for line in notice.text.splitlines():
        if line.strip():
            doc.p(line.strip())
    return doc


def request_letter(request: DocumentRequest) -> OfficialDocument:
    inspection = request.inspection
    due = timezone.localtime(request.due_at)
    doc = OfficialDocument(
        issuer=inspection.team_name, number=request.number, title=f"关于提供{request.title}的通知",
        date=timezone.localtime(request.sent_at).date(), addressees=[request.unit.name], file_name=request.number,
    )  # fmt: skip
    doc.p(f"根据督察工作安排，请你单位于{chinese_date(due.date())}{due:%H:%M}前通过督察系统报送以下材料：")
    doc.table(
        ("序号", "资料", "核对"), [(i.number, i.text, i.get_status_display()) for i in request.items.all()]
    )
    if request.note:
        doc.p(request.note)
    doc.p("材料须真实、完整，并加盖单位公章。")
    return doc
