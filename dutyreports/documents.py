"""The duty report's template in the official format (the required sections, for the unit to fill in Word)
and the Excel summary of a year's reports for the office."""

import io

from django.utils import timezone
from openpyxl import Workbook

from ducha.official import OfficialDocument
from ducha.spreadsheets import write_table
from dutyreports.models import SECTIONS, Cycle

SUMMARY_COLUMNS = ("序号", "报告单位", "所属区域", "状态", "提交时间", "是否逾期", "退回次数", "审阅意见")


def template(cycle: Cycle, unit_name: str) -> OfficialDocument:
    """The report's frame in the official format, for the unit to fill in (Word) or to read (PDF)."""
    city = cycle.region.name
    doc = OfficialDocument(
        issuer=unit_name, title=f"关于{cycle.year}年度履行生态环境保护职责情况的报告", date=timezone.localdate(),
        addressees=[f"中共{city}委", f"{city}人民政府"], file_name=f"{cycle.year}年度环保履职报告模板",
        note=f"报送截止日期：{cycle.due_on:%Y年%m月%d日}",
    )  # fmt: skip
    doc.p(
        f"根据生态环境保护“党政同责、一岗双责”和环保履职年度报告制度的要求，现将我单位{cycle.year}年度"
        "履行生态环境保护职责情况报告如下："
    )
    for number, (_code, title) in enumerate(SECTIONS, start=1):
        doc.h(f"{'一二三四五六七八九十'[number - 1]}、{title}")
        doc.p("（请填写。）")
    return doc


def summary(cycle: Cycle, reports) -> tuple[str, bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("履职报告汇总")
    today = timezone.localdate()
    rows = (
        [index, r.unit.name, r.unit.region.name, r.get_status_display(),
         timezone.localtime(r.submitted_at).replace(tzinfo=None) if r.submitted_at else None,
         "逾期" if r.submitted_late or r.is_late(today) else "", r.returns, r.comment]
        for index, r in enumerate(reports.iterator(chunk_size=500), start=1)
    )  # fmt: skip
    write_table(sheet, SUMMARY_COLUMNS, rows, title=f"{cycle}报送情况汇总（截止 {cycle.due_on:%Y-%m-%d}）")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"{cycle}报送情况汇总.xlsx", buffer.getvalue()
