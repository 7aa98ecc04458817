"""The batch's transfer order (交办单) and its receipt (签收回执) in the official format (ducha.official), as Word
and PDF: one section per lead unit, each starting on a new page."""

from itertools import groupby

from django.utils import timezone

from ducha.official import OfficialDocument


def _groups(rows):
    return [(unit, list(items)) for unit, items in groupby(rows, key=lambda c: c.lead_unit)]


def transfer_order(batch, rows) -> OfficialDocument:
    inspection = batch.inspection
    groups = _groups(rows)
    issued = timezone.localtime(batch.issued_at)
    doc = OfficialDocument(
        issuer=inspection.team_name, number=f"{inspection.code} 第{batch.number}批", title="群众信访举报件交办单",
        date=issued.date(), addressees=[unit.name for unit, _ in groups if unit is not None],
        cc=[inspection.office.name] if inspection.office_id else [], file_name=f"{inspection.team_name}交办单第{batch.number}批",
    )  # fmt: skip
    doc.p(f"现将第{batch.number}批群众信访举报件{sum(len(items) for _, items in groups)}件交你单位办理，"
          f"交办时间 {issued:%Y年%m月%d日 %H:%M}。请按时限反馈查处整改情况。")  # fmt: skip
    for index, (unit, items) in enumerate(groups):
        if index:
            doc.page_break()
        doc.h(f"承办单位：{unit.name if unit else '未指定'}（{len(items)}件）")
        doc.table(
            ("序号", "受理编号", "交办问题基本情况", "行政区域", "反馈时限"),
            [
                (
                    i,
                    c.number,
                    c.text,
                    c.region.name,
                    f"{timezone.localtime(c.local_due_at):%m月%d日 %H:%M}" if c.local_due_at else "",
                )
                for i, c in enumerate(items, start=1)
            ],
        )
        doc.p("签收领导（签字）：__________　　签收时间：____年__月__日__时", indent=False)
    return doc


def city_order(batch, rows, issuer) -> OfficialDocument:
    """The city's 交办令 (seed 004: 以邢台市保障工作组交办令形式1小时内转交相关县): the office that
    forwards the team's batch orders each county to handle its items, one page per county, with the
    deadlines and whose rule each is."""
    inspection = batch.inspection
    groups = [(unit, items) for unit, items in _groups(rows) if unit is not None]
    forwarded = [c.forwarded_at for _, items in groups for c in items if c.forwarded_at]
    day = timezone.localtime(min(forwarded)).date() if forwarded else timezone.localdate()
    doc = OfficialDocument(
        issuer=issuer.name, number=f"{inspection.code} 第{batch.number}批", title=f"{issuer.name}交办令",
        date=day, addressees=[unit.name for unit, _ in groups], cc=[inspection.team_name],
        file_name=f"{issuer.name}交办令第{batch.number}批",
    )  # fmt: skip
    for index, (unit, items) in enumerate(groups):
        if index:
            doc.page_break()
        first = items[0]
        rule = first.local_rule
        local = (
            f"于{timezone.localtime(first.local_due_at):%Y年%m月%d日%H时}前将查处整改情况经主要领导签字后报送"
            f"（{rule.source}规定：{rule.duration}）"
            if first.local_due_at and rule
            else ""
        )
        team = f"{timezone.localtime(first.team_due_at):%Y年%m月%d日}" if first.team_due_at else "—"
        doc.h(f"{unit.name}：")
        doc.p(
            f"{inspection.team_name}第{batch.number}批交办的群众信访举报件中，涉及你单位{len(items)}件，现转交你单位，"
            f"请立即组织核查，依法依规查处整改{('，' + local) if local else ''}；督察组反馈时限为{team}。"
        )
        doc.table(
            ("序号", "受理编号", "交办问题基本情况", "行政区域", "本地反馈时限"),
            [
                (
                    i, c.number, c.text, c.region.name,
                    f"{timezone.localtime(c.local_due_at):%m月%d日 %H:%M}" if c.local_due_at else "",
                )
                for i, c in enumerate(items, start=1)
            ],
        )  # fmt: skip
        doc.p("接收人（电话确认）：__________　　签收领导（签字）：__________", indent=False)
    return doc


def receipt(batch, rows) -> OfficialDocument:
    """签收回执: one page per lead unit, for its leader to sign and return (the second confirmation)."""
    inspection = batch.inspection
    doc = OfficialDocument(
        issuer=inspection.team_name, number=f"{inspection.code} 第{batch.number}批", title="交办件签收回执",
        date=timezone.localtime(batch.issued_at).date(), file_name=f"{inspection.team_name}签收回执第{batch.number}批",
    )  # fmt: skip
    for index, (unit, items) in enumerate(_groups(rows)):
        if index:
            doc.page_break()
        doc.h(f"承办单位：{unit.name if unit else '未指定'}")
        doc.p(f"我单位已收到{inspection.team_name}第{batch.number}批交办件{len(items)}件"
              f"（受理编号 {items[0].number} 等），将按时限办理并反馈。")  # fmt: skip
        doc.p("签收领导（签字）：__________", indent=False)
        doc.p("签收时间：______年___月___日___时___分", indent=False)
    return doc
