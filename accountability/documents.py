"""Word letters of the discipline group: the numbered 督促问责函 and the 移交移送 letter with its list."""

from accountability.models import ClueTransfer, Urge
from ducha.spreadsheets import safe_value
from ducha.word import foot, head, new_document, paragraph, to_bytes


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


def urge_letter(urge: Urge) -> tuple[str, bytes]:
    document = new_document()
    head(document, urge.issuer.name, "督促问责函", urge.number)
    paragraph(document, f"{urge.unit.name}：", indent=False)
    paragraph(document, f"经审核，下列事项应当问责而尚未见问责结果：{_case_line(urge)}")
    paragraph(document, urge.reason)
    paragraph(
        document,
        f"请你单位依规依纪依法严肃追究相关人员责任，于 {urge.due_on.year}年{urge.due_on.month}月"
        f"{urge.due_on.day}日前 将问责决定（问责方式、决定机关、决定日期、文号）在系统中登记，并书面报送我组。"
        "逾期未问责或问责不到位的，将按有关规定提请处理。",
    )
    foot(document, urge.issuer.name, urge.created_at.date())
    return f"{urge.number}督促问责函.docx", to_bytes(document)


def transfer_letter(transfer: ClueTransfer) -> tuple[str, bytes]:
    inspection = transfer.inspection
    office = inspection.office.name if inspection.office_id else inspection.team_name
    document = new_document()
    head(document, office, "问题线索移交函", transfer.number)
    paragraph(document, f"{transfer.receiver}：", indent=False)
    paragraph(
        document,
        f"{inspection.name}期间，发现以下责任追究问题线索，按照有关规定移交你单位依规依纪依法处理，"
        "请将办理结果及时反馈。",
    )
    paragraph(document, f"问题线索：{transfer.title}", bold=True)
    paragraph(document, transfer.description)
    if transfer.persons:
        paragraph(document, f"涉及人员：{transfer.persons}")
    numbers = [c.number for c in transfer.complaints.all()]
    codes = [t.code for t in transfer.tasks.all()]
    if numbers:
        paragraph(document, f"涉及信访举报件：{'、'.join(numbers)}")
    if codes:
        paragraph(document, f"涉及整改任务：{'、'.join(codes)}")
    foot(document, office, transfer.transferred_on)
    return f"{transfer.number}移交函.docx", to_bytes(document)


def transfer_list(inspection, transfers) -> tuple[str, bytes]:
    """The 移交移送 list of one inspection: every clue, where it went, and what came back."""
    document = new_document()
    office = inspection.office.name if inspection.office_id else inspection.team_name
    head(document, office, f"{inspection.name}问题线索移交移送清单", "")
    headers = ("序号", "文号", "问题线索", "接收机关", "移交日期", "办理结果")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for index, t in enumerate(transfers, start=1):
        values = (index, t.number, t.title, t.receiver, t.transferred_on, t.outcome or t.get_status_display())
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = safe_value(str(value))
    return f"{inspection.code}移交移送清单.docx", to_bytes(document)
