"""Letters of the discipline group in the official format (ducha.official): the numbered 督促问责函, the
移交移送 letter and the inspection's list of transferred clues, each as Word and PDF."""

from accountability.models import ClueTransfer, Urge
from ducha.official import OfficialDocument
from organisations.queries import discipline_name


def _case_line(urge: Urge) -> str:
    if urge.complaint_id:
        c = urge.complaint
        return f"信访举报件 {c.number}（{c.region.name}）：{c.text[:120]}"
    if urge.task_id:
        return f"整改任务 {urge.task.code}：{urge.task.target[:120]}"
    if urge.interview_id:
        return f"{urge.interview.held_on or urge.interview.created_at.date()} 约谈：{urge.interview.record[:120]}"
    if urge.spot_check_item_id:
        item = urge.spot_check_item
        return f"抽查发现整改任务 {item.task.code}{item.get_finding_display()}：{item.note[:120]}"
    if urge.liaison_finding_id:
        finding = urge.liaison_finding
        return f"包联督导检查发现{finding.get_kind_display()}：{finding.description[:120]}"
    return ""


def urge_letter(urge: Urge) -> OfficialDocument:
    city = urge.issuer.region.name
    doc = OfficialDocument(
        issuer=urge.issuer.name, number=urge.number, title="督促问责函", date=urge.created_at.date(),
        addressees=[urge.unit.name], cc=[discipline_name(urge.issuer.region), f"{city}委组织部"], file_name=f"{urge.number}督促问责函",
    )  # fmt: skip
    doc.p(f"经审核，下列事项应当问责而尚未见问责结果：{_case_line(urge)}")
    doc.p(urge.reason)
    doc.p(
        f"请你单位依规依纪依法严肃追究相关人员责任，于 {urge.due_on.year}年{urge.due_on.month}月{urge.due_on.day}日前"
        "将问责决定（问责方式、决定机关、决定日期、文号）在系统中登记，并书面报送我组。"
        "逾期未问责或问责不到位的，将按有关规定提请处理。"
    )
    return doc


def _office(transfer: ClueTransfer) -> str:
    inspection = transfer.inspection
    return inspection.office.name if inspection.office_id else inspection.team_name


def transfer_letter(transfer: ClueTransfer) -> OfficialDocument:
    inspection = transfer.inspection
    doc = OfficialDocument(
        issuer=_office(transfer), number=transfer.number, title="问题线索移交函", date=transfer.transferred_on,
        addressees=[transfer.receiver], file_name=f"{transfer.number}移交函",
    )  # fmt: skip
    doc.p(
        f"{inspection.name}期间，发现以下责任追究问题线索，按照有关规定移交你单位依规依纪依法处理，请将办理结果及时反馈。"
    )
    doc.h(f"问题线索：{transfer.title}")
    doc.p(transfer.description)
    if transfer.persons:
        doc.p(f"涉及人员：{transfer.persons}")
    numbers = [c.number for c in transfer.complaints.all()]
    codes = [t.code for t in transfer.tasks.all()]
    if numbers:
        doc.p(f"涉及信访举报件：{'、'.join(numbers)}")
    if codes:
        doc.p(f"涉及整改任务：{'、'.join(codes)}")
    return doc


def transfer_list(inspection, transfers) -> OfficialDocument:
    """The 移交移送 list of one inspection: every clue, where it went, and what came back."""
    from django.utils import timezone

    office = inspection.office.name if inspection.office_id else inspection.team_name
    doc = OfficialDocument(
        issuer=office, title=f"{inspection.name}问题线索移交移送清单", date=timezone.localdate(),
        file_name=f"{inspection.code}移交移送清单",
    )  # fmt: skip
    doc.table(
        ("序号", "文号", "问题线索", "接收机关", "移交日期", "办理结果"),
        [
            (i, t.number, t.title, t.receiver, t.transferred_on, t.outcome or t.get_status_display())
            for i, t in enumerate(transfers, start=1)
        ],
    )
    return doc
