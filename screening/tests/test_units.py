"""An Ankang ledger that names units as real ledgers do imports after one mapping step (issue 13)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from audit.models import Event
from conftest import make_region, make_user
from imports.models import ImportJob, JobStatus
from organisations.models import Unit, UnitAlias, UnitKind
from rectification import workflow
from rectification.excel import LEDGER_COLUMNS
from rectification.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def ankang(cast, make_inspection):
    shaanxi = make_region("610000", "陕西省", "province", cast.country)
    city = make_region("610900", "安康市", "city", shaanxi)
    hanbin = make_region("610902", "汉滨区", "county", city)
    xunyang = make_region("610981", "旬阳市", "county", city)
    office_unit = Unit.objects.create(
        name="安康市生态环境保护督察整改办公室", kind=UnitKind.INSPECTION_BODY, region=city
    )
    for name, region, kind in [
        ("安康市生态环境局", city, UnitKind.DEPARTMENT),
        ("安康市水利局", city, UnitKind.DEPARTMENT),
        ("汉滨区人民政府", hanbin, UnitKind.GOVERNMENT),
        ("旬阳市人民政府", xunyang, UnitKind.GOVERNMENT),
    ]:
        Unit.objects.create(name=name, region=region, kind=kind)
    office = make_user("ankang_office", office_unit, "office", is_staff=True)
    inspection = make_inspection(
        "SN-2026-AK", by=cast.root, office=office_unit, targets=[city],
        stationed_from=dt.date(2026, 8, 1), stationed_until=dt.date(2026, 8, 31),
    )  # fmt: skip
    report = workflow.create_report(
        by=office, inspection=inspection, region=city, title="省督察组反馈安康市督察意见",
        delivered_on=dt.date(2026, 9, 28), text="",
    )  # fmt: skip
    return office, report


def ledger(tmp_path: Path) -> bytes:
    rows = [
        (1, "汉江支流水质不达标", "水质达到Ⅲ类", "截污纳管", "市环保局、汉滨区政府", "", "", "2026年12月底", "", ""),
        (2, "尾矿库隐患排查不到位", "完成整治", "闭库治理", "旬阳县政府、市水务部门", "", "", "2027年6月底", "", ""),
        (3, "开发区污水处理厂未建成", "建成投运", "加快建设", "市经开区管委会", "", "", "2027年6月底", "", ""),
    ]  # fmt: skip
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["安康市督察反馈问题整改台账"])
    sheet.append(list(LEDGER_COLUMNS))
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / "ankang.xlsx"
    workbook.save(path)
    return path.read_bytes()


def test_short_names_import_after_one_mapping_step(cast, ankang, client, tmp_path):
    office, report = ankang
    client.force_login(office)
    response = client.post(
        f"/api/rectification/reports/{report.pk}/ledger",
        {"file": SimpleUploadedFile("ankang.xlsx", ledger(tmp_path))},
    )
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED and Task.objects.count() == 0, response.content
    messages = " ".join(e["message"] for e in job.errors)
    # 市环保局, 汉滨区政府 and 旬阳县政府 are read; two names are not.
    assert "市环保局" not in messages and "汉滨区政府" not in messages and "旬阳县政府" not in messages
    assert {e["unit_name"] for e in job.errors} == {"市水务部门", "市经开区管委会"}

    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "单位名称对照" in page and "市水务部门" in page and "市经开区管委会" in page

    water = Unit.objects.get(name="安康市水利局")
    region = report.region
    response = client.post(
        f"/imports/{job.pk}/units/",
        {"unit-0": str(water.pk), "unit-1": "new", "name-1": "安康经济技术开发区管理委员会", "region-1": region.code,
         "kind-1": UnitKind.DEVELOPMENT_ZONE},
    )  # fmt: skip
    rerun = ImportJob.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response.url == f"/imports/{rerun.pk}/"
    assert rerun.status == JobStatus.DONE, rerun.errors
    assert Task.objects.count() == 3
    zone = Unit.objects.get(name="安康经济技术开发区管理委员会")
    assert Task.objects.get(problem__number=3).lead_unit == zone
    assert UnitAlias.objects.filter(name="市水务部门", unit=water).exists()
    assert Event.objects.filter(action="unit_alias_added", actor=office).exists()
    assert Event.objects.filter(action="unit_created", actor=office).exists()


def test_the_mapping_must_answer_every_name_and_stay_in_scope(cast, ankang, client, tmp_path):
    office, report = ankang
    client.force_login(office)
    client.post(
        f"/api/rectification/reports/{report.pk}/ledger",
        {"file": SimpleUploadedFile("ankang.xlsx", ledger(tmp_path))},
    )
    job = ImportJob.objects.get()
    water = Unit.objects.get(name="安康市水利局")
    response = client.post(f"/imports/{job.pk}/units/", {"unit-0": str(water.pk)})
    assert (
        response.status_code == 400 and "请为“市经开区管委会”选择对应单位或新建" in response.content.decode()
    )
    # A unit of another city cannot be picked: it is not in the office's scope.
    response = client.post(
        f"/imports/{job.pk}/units/", {"unit-0": str(cast.gov_a.pk), "unit-1": str(water.pk)}
    )
    assert response.status_code == 400
    assert ImportJob.objects.count() == 1 and not UnitAlias.objects.exists()
    # Someone who is not an office cannot map at all.
    client.force_login(cast.handler_a)
    assert client.post(f"/imports/{job.pk}/units/", {"unit-0": str(water.pk)}).status_code == 404
