"""Pollution types suggested from the words of a complaint; offices extend the phrases."""

import pytest

from complaints.models import PollutionType
from screening.models import TypeRule
from screening.pollution import suggest

pytestmark = pytest.mark.django_db


def names(text):
    return {s.name for s in suggest(text)}


def test_several_types_at_both_levels(cast):
    assert names("烟囱天天冒黑烟，晚上还有刺鼻的臭味") == {"大气", "工业废气", "恶臭"}
    assert names("養豬場糞水直接排到河裏") == {"水", "畜禽养殖"}  # Traditional text is read too
    assert names("工地夜间施工，噪音吵得睡不着") == {"噪声", "施工噪声"}
    assert names("小区楼顶装了信号塔") == {"辐射", "电磁辐射"}
    assert names("希望领导重视") == set()


def test_a_phrase_an_office_adds_is_used_at_once(cast):
    assert "非法采砂" not in names("河道里有人开铲车挖沙")
    sand = PollutionType.objects.get(name="非法采砂")
    TypeRule.objects.create(phrase="挖沙", pollution_type=sand, weight=3)
    assert {"生态", "非法采砂"} <= names("河道里有人开铲车挖沙")


def test_the_intake_hint_offers_the_types(cast, client, make_inspection):
    inspection = make_inspection()
    client.force_login(cast.inspector)
    body = client.get(
        "/complaints/new/hints/", {"inspection": inspection.code, "text": "养殖场粪水直排，臭味很大"}
    ).content.decode()
    assert "污染类型建议" in body and "畜禽养殖" in body and 'data-check="types"' in body
