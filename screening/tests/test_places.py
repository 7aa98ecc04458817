"""The county from any address a caller gives (issue 13's named misses), with its reason."""

import pytest

from organisations.models import Region
from screening.models import AliasKind, PlaceAlias
from screening.places import locate

pytestmark = pytest.mark.django_db


def where(text, *prefixes):
    found = locate(text, list(prefixes))
    return (found.region.code if found.region else None), found.reason


def test_former_names_short_names_and_same_name_districts(national):
    assert where("邢台县皇寺镇西关村", "13") == ("130503", "“邢台县”是信都区的曾用名，2020年起称信都区")
    assert where("任县永福庄乡某村", "13")[0] == "130505"
    assert where("旬阳县蜀河镇", "61")[0] == "610981"
    assert where("家住连南，工厂排黑烟", "44") == ("441826", "“连南”是连南瑶族自治县的简称")
    assert where("景宁县英川镇", "33")[0] == "331127"
    assert where("峰峰彭城镇陶瓷厂", "13")[0] == "130406"
    code, reason = where("张家口 桥西区 某小区", "13")
    assert code == "130703" and reason == "地址含“张家口”，桥西区取张家口市桥西区"
    assert where("石家庄桥西区振头街道", "13")[0] == "130104"
    assert where("南和经济开发区某企业", "13")[0] == "130506"


def test_a_name_inside_an_ordinary_word_names_nothing(national):
    assert where("孩子长期咳嗽，怀疑工厂废气", "61") == (None, "")
    assert where("沙河村那个厂还在排", "13") == (None, "")  # a village, not 沙河市
    assert where("去子长看病", "61")[0] == "610681"


def test_a_name_several_counties_carry_lists_them_and_takes_none(national):
    found = locate("桥西区某小区", ["13"])
    assert found.region is None
    assert found.reason == "“桥西区”有3处，地址未写明所在市"
    assert [label for _r, label in found.candidates] == ["石家庄市桥西区", "邢台市信都区", "张家口市桥西区"]


def test_townships_and_places_an_office_registers(cast, township):
    township("130503101", "皇寺镇", cast.county_a)
    assert where("皇寺镇西关村化工厂", "1305") == ("130503", "“皇寺镇”属信都区")
    assert where("开发区东区某企业夜间排放", "1305") == (None, "")
    PlaceAlias.objects.create(name="邢台经济开发区", region=cast.county_b, kind=AliasKind.ZONE)
    assert where("邢台经济开发区某企业夜间排放", "1305") == ("130505", "“邢台经济开发区”登记在任泽区")
    # Outside the inspection's area a registered place suggests nothing.
    assert where("邢台经济开发区", "1304") == (None, "")


def test_the_intake_hint_gives_the_county_with_its_reason(cast, client, inspection):
    client.force_login(cast.inspector)
    body = client.get(
        "/complaints/new/hints/", {"inspection": inspection.code, "address": "邢台县某村", "text": ""}
    ).content.decode()
    assert "信都区" in body and "“邢台县”是信都区的曾用名" in body
    assert Region.objects.filter(code="130503").exists()
