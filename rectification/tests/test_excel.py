import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from rectification.excel import LEDGER_COLUMNS, parse_deadline
from rectification.models import Task

pytestmark = pytest.mark.django_db

GOOD = [
    (
        1,
        "城区污水处理厂提标改造滞后",
        "出水达到一级 A",
        "实施提标改造",
        "信都区人民政府、任泽区人民政府",
        "李副区长",
        "王局长",
        "2026年12月底",
        "已完成设计",
        "未达到序时进度",
    ),
    (
        None,
        None,
        "配套管网建设完成",
        "新建管网 12 公里",
        "信都区人民政府",
        "李副区长",
        "",
        dt.date(2027, 3, 31),
        "",
        "",
    ),
    (
        2,
        "饮用水源地保护区内有违法建筑",
        "违法建筑全部拆除",
        "依法拆除",
        "任泽区人民政府",
        "",
        "",
        "长期坚持",
        "",
        "达到序时进度",
    ),
    (
        3,
        "建筑工地扬尘管控不到位",
        "落实六个百分之百",
        "专项检查",
        "任泽区人民政府",
        "",
        "",
        "立行立改",
        "",
        "完成交账销号",
    ),
]


def ledger_file(tmp_path, rows, name="ledger.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["邢台市督察反馈问题整改台账"])
    sheet.append(list(LEDGER_COLUMNS))
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / name
    workbook.save(path)
    return str(path)


def test_deadlines_are_read_as_people_write_them():
    immediate = dt.date(2026, 11, 13)
    assert parse_deadline("2026年12月底", default_immediate=immediate) == ("deadline", dt.date(2026, 12, 31))
    assert parse_deadline("2027年底", default_immediate=immediate) == ("deadline", dt.date(2027, 12, 31))
    assert parse_deadline("2026-06-30", default_immediate=immediate) == ("deadline", dt.date(2026, 6, 30))
    assert parse_deadline("立行立改", default_immediate=immediate) == ("immediate", immediate)
    assert parse_deadline("长期坚持", default_immediate=immediate) == ("long_term", None)
    with pytest.raises(ValueError, match="不是日期"):
        parse_deadline("明年上半年", default_immediate=immediate)


def test_a_good_ledger_imports_problems_tasks_co_units_and_states(cast, report, tmp_path, capsys):
    call_command("import_ledger", ledger_file(tmp_path, GOOD), inspection="HB-2026-XT", user="office")
    assert "已导入 4 项整改任务" in capsys.readouterr().out
    assert list(report.problems.values_list("number", flat=True)) == [1, 2, 3]
    first, second = Task.objects.filter(problem__number=1).order_by("code")
    assert (first.code, second.code) == ("1-1", "1-2")
    assert first.lead_unit == cast.gov_a and list(first.co_units.all()) == [cast.gov_b]
    assert first.due_on == dt.date(2026, 12, 31) and first.progress == "behind"
    assert first.reports.get().text == "已完成设计"
    assert Task.objects.get(code="2-1").kind == "long_term"
    assert Task.objects.get(code="3-1").status == "closed"


def test_a_bad_ledger_changes_nothing_and_names_row_and_column(cast, report, tmp_path, capsys):
    rows = [
        GOOD[0],
        (2, "饮用水源地保护区内有违法建筑", "", "依法拆除", "任泽区人民政府", "", "", "长期坚持", "", ""),
        (3, "扬尘", "落实措施", "", "邯郸市人民政府", "", "", "明年", "", "差不多"),
        ("三", "问题", "目标", "", "任泽区人民政府", "", "", "2026-12-31", "", ""),
    ]
    with pytest.raises(CommandError, match="共 5 处错误"):
        call_command("import_ledger", ledger_file(tmp_path, rows), inspection="HB-2026-XT", user="office")
    errors = capsys.readouterr().err
    assert "第 4 行，“整改目标”列：不能为空" in errors
    assert "第 5 行，“责任单位”列：“邯郸市人民政府”不是邢台市及下辖的单位" in errors
    assert "第 5 行，“完成时限”列：“明年”不是日期" in errors
    assert "第 5 行，“状态”列：“差不多”不在调度用语之列" in errors
    assert "第 6 行，“序号”列：“三”不是正整数" in errors
    assert report.problems.count() == 0 and Task.objects.count() == 0


def test_the_export_has_the_import_layout_and_reads_back(cast, report, tmp_path):
    call_command("import_ledger", ledger_file(tmp_path, GOOD), inspection="HB-2026-XT", user="office")
    out = tmp_path / "out.xlsx"
    call_command("export_ledger", inspection="HB-2026-XT", output=str(out))
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1] == LEDGER_COLUMNS
    assert rows[2][:5] == (
        1,
        "城区污水处理厂提标改造滞后",
        "出水达到一级 A",
        "实施提标改造",
        "信都区人民政府、任泽区人民政府",
    )
    assert rows[2][7].date() == dt.date(2026, 12, 31) and rows[2][9] == "未达到序时进度"
    assert rows[4][7] == "长期坚持" and rows[5][9] == "完成交账销号"


def test_formulas_in_the_ledger_are_exported_as_text(cast, report, tmp_path):
    rows = [list(GOOD[0])]
    rows[0][2] = "+1+cmd|' /C calc'!A0"
    rows[0][3] = "@SUM(1+1)*cmd|' /C calc'!A0"
    call_command("import_ledger", ledger_file(tmp_path, rows), inspection="HB-2026-XT", user="office")
    out = tmp_path / "out.xlsx"
    call_command("export_ledger", inspection="HB-2026-XT", output=str(out))
    sheet = load_workbook(out).active
    assert sheet["C3"].value == "+1+cmd|' /C calc'!A0" and sheet["C3"].data_type == "s"
    assert sheet["C3"].quotePrefix and sheet["D3"].quotePrefix
    assert not sheet["B3"].quotePrefix  # ordinary text is left alone
