"""Duplicates that catch repeats written differently, found over the whole inspection, ranked with a score
and the things both complaints name."""

import io

import pytest

from complaints import queries
from screening.models import ComplaintKey

pytestmark = pytest.mark.django_db

LETTER = (
    "尊敬的督察组领导：我们是邢台县皇寺镇西关村的村民，村边的永固化工有限公司自去年以来晚上偷偷排废气，"
    "散发刺鼻的臭味，群众苦不堪言。恳请督察组派人实地查看，依法处理。"
)


def similar(cast, inspection, text, **extra):
    return queries.similar_complaints(text, user=cast.inspector, inspection=inspection, **extra)


def test_a_follow_up_under_a_nickname_finds_the_letter(cast, inspection, register):
    letter = register(LETTER)
    found = similar(cast, inspection, "再次反映永固厂的问题，还在排，味道很冲，没人管。")
    assert [c.pk for c in found] == [letter.pk]
    assert found[0].similarity >= float(inspection.duplicate_threshold)
    assert "永固化工有限公司" in found[0].shared
    assert "<mark>永固</mark>" in found[0].marked or "<mark>永固化工有限公司</mark>" in found[0].marked


def test_another_county_name_and_a_wrong_county_hide_nothing(cast, inspection, register):
    letter = register(LETTER, region=cast.county_b)  # screened into the wrong county
    found = similar(
        cast, inspection, "信都区西关村永固化工厂夜里冒黄烟，臭气熏天！！！", region=cast.county_a
    )
    assert [c.pk for c in found] == [letter.pk]
    assert set(found[0].shared) >= {"西关村"}


def test_look_alikes_are_not_duplicates(cast, inspection, register):
    register(LETTER)
    other_firm = LETTER.replace("永固化工", "鑫达化工")
    assert similar(cast, inspection, other_firm) == []
    same_trade_elsewhere = "任泽区大屯乡马村一家化工厂（宏远化工厂）晚上偷偷排废气，散发刺鼻的臭味。"
    assert similar(cast, inspection, same_trade_elsewhere) == []


def test_the_same_text_sent_twice_is_a_duplicate_even_without_names(cast, inspection, register):
    first = register("附近工厂每天晚上排放刺鼻气味，严重影响居民休息，希望尽快处理")
    found = similar(
        cast, inspection, "附近工厂每天晚上排放刺鼻气味，严重影响居民休息，希望尽快处理", region=cast.county_a
    )
    assert [c.pk for c in found] == [first.pk]


def test_the_threshold_is_the_inspections(cast, inspection, register):
    register(LETTER)
    text = "再次反映永固厂的问题，还在排，味道很冲，没人管。"
    assert similar(cast, inspection, text)
    inspection.duplicate_threshold = "0.95"
    inspection.save()
    assert similar(cast, inspection, text) == []


def test_a_complaint_the_user_may_not_see_is_never_suggested(cast, inspection, register, make_inspection):
    register(LETTER)
    # A county handler sees nothing before forwarding; the search goes through the same scope.
    assert queries.similar_complaints(LETTER, user=cast.handler_a, inspection=inspection) == []


def test_keys_are_written_with_the_complaint_and_rebuilt_by_the_command(cast, register):
    from django.core.management import call_command

    complaint = register(LETTER)
    keys = set(ComplaintKey.objects.filter(complaint=complaint).values_list("key", flat=True))
    assert len(keys) >= 3
    ComplaintKey.objects.all().delete()
    call_command("screening_index", missing=True, stdout=io.StringIO())
    assert set(ComplaintKey.objects.filter(complaint=complaint).values_list("key", flat=True)) == keys


def test_the_intake_hint_and_the_api_show_score_and_shared_phrases(cast, client, inspection, register):
    letter = register(LETTER)
    client.force_login(cast.inspector)
    params = {"inspection": inspection.code, "text": "老永固那个厂又在排废气了，西关村的人受不了"}
    body = client.get("/complaints/new/hints/", params).content.decode()
    assert letter.number in body and "疑似重复" in body and "相似度 0." in body
    assert "共同：" in body and "西关村" in body and "<mark>" in body
    assert "信都区" in body and f"与 {letter.number} 疑似重复，取其区县" in body
    data = client.get("/api/complaints/hints", params).json()
    assert data["similar"][0]["number"] == letter.number and "西关村" in data["similar"][0]["shared"]
    assert data["county"]["code"] == "130503"
    assert client.get(f"/api/complaints/{letter.pk}/similar").status_code == 200
    client.force_login(cast.handler_a)
    assert client.get("/api/complaints/hints", params).status_code == 403


def test_a_likely_repeat_is_noted_for_the_teams_workbench(
    cast, client, inspection, register, django_capture_on_commit_callbacks
):
    letter = register(LETTER)
    with django_capture_on_commit_callbacks(execute=True):
        repeat = register("再次反映永固厂的问题，还在排，味道很冲，没人管。")
    repeat.refresh_from_db()
    assert repeat.duplicate_hint_id == letter.pk
    client.force_login(cast.inspector)
    page = client.get("/").content.decode()
    assert "疑似重复待确认" in page
    assert client.get("/complaints/?queue=dup_hint").content.decode().count(repeat.number) >= 1
