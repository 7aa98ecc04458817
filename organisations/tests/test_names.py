"""Unit names as ledgers write them, resolved to registered units within the user's scope."""

import pytest

from conftest import make_region
from organisations.models import Unit, UnitKind
from organisations.names import resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def ankang(cast):
    shaanxi = make_region("610000", "陕西省", "province", cast.country)
    city = make_region("610900", "安康市", "city", shaanxi)
    hanbin = make_region("610902", "汉滨区", "county", city)
    xunyang = make_region("610981", "旬阳市", "county", city)
    units = {
        "epb": Unit.objects.create(name="安康市生态环境局", kind=UnitKind.DEPARTMENT, region=city),
        "hanbin": Unit.objects.create(name="汉滨区人民政府", kind=UnitKind.GOVERNMENT, region=hanbin),
        "xunyang": Unit.objects.create(name="旬阳市人民政府", kind=UnitKind.GOVERNMENT, region=xunyang),
        "water": Unit.objects.create(name="安康市水利局", kind=UnitKind.DEPARTMENT, region=city),
    }
    return city, units


@pytest.mark.parametrize(
    ("written", "meant"),
    [("市环保局", "epb"), ("安康市环保局", "epb"), ("汉滨区政府", "hanbin"), ("旬阳县政府", "xunyang"), ("旬阳市人民政府", "xunyang"),
     ("市水利局", "water")],
)  # fmt: skip
def test_names_as_ledgers_write_them(ankang, written, meant):
    city, units = ankang
    assert resolve(written, Unit.objects.all(), place=city.name).unit == units[meant]


def test_unknown_and_ambiguous_names_say_why(cast, ankang):
    city, _units = ankang
    Unit.objects.create(
        name="汉滨区人民政府", kind=UnitKind.GOVERNMENT, region=cast.county_a
    )  # the same name elsewhere
    ambiguous = resolve("汉滨区政府", Unit.objects.all(), place=city.name)
    assert ambiguous.unit is None and "请写全称" in ambiguous.message
    assert resolve("某县政府", Unit.objects.all(), place=city.name).message.startswith("不是已登记的单位")
    hint = resolve("水利局", Unit.objects.all(), place=city.name)
    assert hint.unit is None and hint.message == "可能是：安康市水利局，请写全称或在导入结果页对照"


def test_a_mapping_saved_by_an_office_reads_a_name_no_rule_knows(ankang):
    from organisations.models import UnitAlias

    _city, units = ankang
    assert resolve("市水务部门", Unit.objects.all()).unit is None
    UnitAlias.objects.create(name="市水务部门", unit=units["water"])
    assert resolve("市水务部门", Unit.objects.all()).unit == units["water"]
    # A mapping to a unit outside the user's units is not used.
    assert resolve("市水务部门", Unit.objects.exclude(pk=units["water"].pk)).unit is None


def test_a_name_outside_the_users_scope_is_not_found(cast, ankang):
    assert resolve("市环保局", Unit.objects.visible_to(cast.office), place="邢台市").unit is None
