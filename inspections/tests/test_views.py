import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from inspections.models import Inspection

pytestmark = pytest.mark.django_db


def test_office_creates_an_inspection_from_the_form(client, cast):
    client.force_login(cast.office)
    response = client.post(
        reverse("inspection_create"),
        {
            "code": "xt-2026-01",
            "name": "邢台市2026年生态环境保护专项督察",
            "level": "municipal",
            "kind": "special",
            "team_name": "邢台市第一督察组",
            "office": cast.city_office.pk,
            "target_regions": [cast.county_a.pk],
            "stationed_from": "2026-11-20",
            "stationed_until": "2026-12-20",
            "accepting_from": "08:00",
            "accepting_until": "20:00",
            "hotline": "0319-2000000",
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(code="XT-2026-01")
    assert response["Location"] == reverse("inspection_detail", args=["XT-2026-01"])
    page = client.get(response["Location"]).content.decode()
    assert "邢台市2026年生态环境保护专项督察" in page and "转办至县（市、区）" in page
    assert inspection.created_by == cast.office


def test_form_errors_are_shown_next_to_the_field_and_nothing_is_saved(client, cast, make_inspection):
    make_inspection("XT-2026-01")
    client.force_login(cast.province)
    response = client.post(
        reverse("inspection_create"),
        {
            "code": "XT-2026-01",
            "name": "重复编号",
            "level": "municipal",
            "kind": "special",
            "team_name": "某组",
            "office": cast.province_office.pk,
            "target_regions": [cast.county_a.pk],
            "stationed_from": "2026-11-20",
            "stationed_until": "2026-11-01",
            "accepting_from": "08:00",
            "accepting_until": "20:00",
        },
    )
    assert response.status_code == 200
    assert "进驻结束日期不能早于开始日期" in response.content.decode()
    assert Inspection.objects.count() == 1


def test_handlers_cannot_open_the_create_page(client, cast):
    client.force_login(cast.handler_a)
    assert client.get(reverse("inspection_create")).status_code == 403


def test_the_list_shows_only_visible_inspections_and_filters_with_htmx(client, cast, make_inspection):
    make_inspection("HB-XD", targets=[cast.county_a], name="督察信都区")
    make_inspection("HB-HD", targets=[cast.handan], name="督察邯郸市")
    client.force_login(cast.handler_a)
    page = client.get(reverse("inspection_list")).content.decode()
    assert "督察信都区" in page and "督察邯郸市" not in page
    client.force_login(cast.province)
    fragment = client.get(
        reverse("inspection_list"), {"q": "邯郸"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "督察邯郸市" in fragment and "督察信都区" not in fragment and "<html" not in fragment
    assert client.get(reverse("inspection_detail", args=["HB-HD"])).status_code == 200
    client.force_login(cast.handler_b)
    assert client.get(reverse("inspection_detail", args=["HB-XD"])).status_code == 404


def test_deadline_rule_is_changed_inline(client, cast, make_inspection):
    inspection = make_inspection()
    client.force_login(cast.province)
    response = client.post(
        reverse(
            "deadline_rule_update",
            args=[inspection.code, inspection.deadline_rules.get(key="feedback_team").pk],
        ),
        {"amount": "7", "unit": "day", "is_active": "on"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and 'value="7"' in response.content.decode()
    assert inspection.deadline_rules.get(key="feedback_team").amount == 7
    client.force_login(cast.handler_a)
    denied = client.post(
        reverse(
            "deadline_rule_update",
            args=[inspection.code, inspection.deadline_rules.get(key="feedback_team").pk],
        ),
        {"amount": "1", "unit": "day"},
    )
    assert denied.status_code == 403


@time_machine.travel(dt.datetime(2026, 12, 12, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
def test_workbench_shows_stationed_inspections_and_the_calendar_warning(client, cast, make_inspection):
    make_inspection(stationed_from=dt.date(2026, 11, 15), stationed_until=dt.date(2026, 12, 15))
    client.force_login(cast.province)
    page = client.get(reverse("workbench")).content.decode()
    assert "正在进驻的督察" in page and "HB-2018-HTK-11" in page
    assert "进驻期还剩 3 天" in page
    assert "进驻已于" in page  # still in 督察准备 although stationing began
    # Quiet for those who cannot fix it, loud (with the way to fix it) for an administrator.
    assert "2027 年的节假日安排尚未公布录入" in page and 'role="alert" id="calendar-warning"' not in page
    client.force_login(cast.office)  # a staff account
    page = client.get(reverse("workbench")).content.decode()
    assert "2027 年的节假日与调休安排尚未录入" in page and "去录入" in page


def test_signing_in_with_a_wrong_password_five_times_locks_the_account(client, cast):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "handler_a", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "handler_a", "password": "secret-pass-1"})
    assert "账户已锁定" in response.content.decode()
    other = client.post(reverse("login"), {"username": "handler_b", "password": "secret-pass-1"})
    assert other.status_code == 302


def test_sign_in_page_is_chinese_and_sign_in_lands_on_the_workbench(client, cast):
    page = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in page and "登录 ducha 环保督察系统" in page
    response = client.post(reverse("login"), {"username": "office", "password": "secret-pass-1"}, follow=True)
    assert "工作台" in response.content.decode() and "邢台市保障工作组" in response.content.decode()


def test_password_change(client, cast):
    client.force_login(cast.leader)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-1",
            "new_password1": "Lv-shui-qing-shan-9",
            "new_password2": "Lv-shui-qing-shan-9",
        },
    )
    assert response.status_code == 302
    cast.leader.refresh_from_db()
    assert cast.leader.check_password("Lv-shui-qing-shan-9")


def test_english_is_the_second_language(client, cast):
    client.force_login(cast.office)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("workbench")).content.decode()
    assert 'lang="en"' in page and "Workbench" in page and "Inspections stationed now" in page


def test_the_interface_is_chinese_even_for_a_browser_that_prefers_english(client, cast):
    client.force_login(cast.office)
    page = client.get(reverse("workbench"), headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="zh-hans"' in page and "正在进驻的督察" in page
