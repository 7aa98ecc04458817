import io

import pytest
from openpyxl import Workbook

from ducha.spreadsheets import read_sheet
from organisations.models import Region
from organisations.workflow import TOWNSHIP_COLUMNS, import_townships, load_regions

pytestmark = pytest.mark.django_db


def test_national_load_builds_the_whole_tree_and_is_idempotent():
    created, _updated = load_regions()
    assert created > 3000
    assert Region.objects.filter(level="province").count() == 34
    assert Region.objects.filter(level="city").count() > 330
    assert Region.objects.filter(level="county").count() > 2800
    xindu = Region.objects.get(code="130503")
    assert (xindu.name, xindu.parent.name, xindu.parent.parent.name) == ("信都区", "邢台市", "河北省")
    assert xindu.full_name == "河北省邢台市信都区"
    # A county-level city governed by its province hangs under the province.
    assert Region.objects.get(code="429004").parent.code == "420000"
    assert Region.objects.get(code="110108").full_name == "北京市海淀区"
    assert load_regions() == (0, 0)


def test_subtree_is_a_prefix_match_that_stays_inside_the_region(cast):
    subtree = set(Region.objects.subtree(cast.xingtai).values_list("code", flat=True))
    assert subtree == {"130500", "130503", "130505"}
    assert set(Region.objects.subtree(cast.hebei).values_list("code", flat=True)) >= {"130403", "130503"}
    assert list(Region.objects.ancestors_of(cast.county_a).values_list("code", flat=True)) == [
        "000000",
        "130000",
        "130500",
    ]


def workbook(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["信都区乡镇（街道）"])
    sheet.append(list(TOWNSHIP_COLUMNS))
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def test_office_imports_townships_of_its_counties(cast):
    result = import_townships(
        read_sheet(
            workbook([["130503001", "钢铁路街道", "130503"], ["130505100", "任城镇", "130505"]]),
            required=TOWNSHIP_COLUMNS,
        ),
        by=cast.office,
    )
    assert (result.created, result.errors) == (2, [])
    township = Region.objects.get(code="130503001")
    assert (township.level, township.parent, township.prefix) == ("township", cast.county_a, "130503001")
    assert Region.objects.subtree(cast.county_a).filter(code="130503001").exists()


def test_a_bad_township_file_changes_nothing_and_names_row_and_column(cast):
    rows = [
        ["130503001", "钢铁路街道", "130503"],
        ["13050", "短代码", "130503"],
        ["130403001", "邯郸的街道", "130403"],
        ["130505100", "", "130505"],
        ["130503001", "重复", "130503"],
    ]
    result = import_townships(read_sheet(workbook(rows), required=TOWNSHIP_COLUMNS), by=cast.office)
    assert [str(e) for e in result.errors] == [
        "第 4 行，“区划代码”列：“13050”不是 9 位乡级区划代码",
        "第 5 行，“上级区划代码”列：丛台区不在您的管辖范围内",
        "第 6 行，“名称”列：不能为空",
        "第 7 行，“区划代码”列：与第 3 行重复",
    ]
    assert not Region.objects.filter(level="township").exists()
