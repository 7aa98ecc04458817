"""A county B user sees nothing of county A through any entry point."""

import pytest
from django.urls import reverse

from accounts.models import ApiToken, hash_token
from organisations.models import Person, Post, Region, Unit

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, key_hash=hash_token(raw))
    return {"Authorization": f"Bearer {raw}"}


def test_querysets_keep_each_user_inside_their_subtree(cast):
    assert set(Region.objects.visible_to(cast.handler_b).values_list("code", flat=True)) == {"130505"}
    assert set(Region.objects.visible_to(cast.office).values_list("code", flat=True)) == {
        "130500",
        "130503",
        "130505",
    }
    assert cast.gov_a not in Unit.objects.visible_to(cast.handler_b)
    assert Region.objects.visible_to(cast.root).count() == Region.objects.count()


def test_a_user_without_a_unit_sees_nothing(cast):
    cast.handler_b.unit = None
    cast.handler_b.save()
    cast.handler_b._ducha_scope = None
    assert not Region.objects.visible_to(cast.handler_b).exists()


def test_county_b_cannot_open_county_a_pages(client, cast):
    client.force_login(cast.handler_b)
    assert client.get(reverse("region_detail", args=["130503"])).status_code == 404
    assert client.get(reverse("unit_detail", args=[cast.gov_a.pk])).status_code == 404
    assert client.get(reverse("region_detail", args=["130505"])).status_code == 200
    page = client.get(reverse("region_detail", args=["130505"])).content.decode()
    assert "任泽区人民政府" in page and "信都区" not in page


def test_the_city_office_browses_both_counties(client, cast):
    client.force_login(cast.office)
    page = client.get(reverse("region_detail", args=["130500"])).content.decode()
    assert "信都区" in page and "任泽区" in page and "丛台区" not in page
    assert client.get(reverse("region_detail", args=["130400"])).status_code == 404


def test_county_b_cannot_reach_county_a_through_the_api(client, cast):
    headers = bearer(cast.handler_b)
    regions = client.get("/api/regions", headers=headers).json()
    assert [r["code"] for r in regions["items"]] == ["130505"]
    units = client.get("/api/units", headers=headers).json()
    assert [u["name"] for u in units["items"]] == ["任泽区人民政府"]
    assert client.get("/api/regions/130503", headers=headers).status_code == 404
    missing = client.get(f"/api/units/{cast.gov_a.pk}", headers=headers)
    assert missing.status_code == 404 and "管辖范围" in missing.json()["detail"]
    assert client.get(f"/api/units/{cast.gov_a.pk}/posts", headers=headers).status_code == 404


def test_county_b_admin_lists_show_nothing_of_county_a(client, cast):
    from django.contrib.auth.models import Permission

    cast.handler_b.user_permissions.set(
        Permission.objects.filter(codename__in=["view_unit", "view_person", "view_region"])
    )
    person = Person.objects.create(name="甲县某某", region=cast.county_a)
    Post.objects.create(person=person, unit=cast.gov_a, title="区长", is_principal=True)
    client.force_login(cast.handler_b)
    units = client.get(reverse("admin:organisations_unit_changelist")).content.decode()
    assert "任泽区人民政府" in units and "信都区人民政府" not in units
    people = client.get(reverse("admin:organisations_person_changelist")).content.decode()
    assert "甲县某某" not in people
    assert client.get(reverse("admin:organisations_unit_change", args=[cast.gov_a.pk])).status_code == 302


def test_admin_is_chinese_and_its_inspection_list_is_scoped(client, cast, make_inspection):
    from django.contrib.auth.models import Permission

    make_inspection("HB-XD", targets=[cast.county_a], name="督察信都区")
    make_inspection("HB-RZ", targets=[cast.county_b], name="督察任泽区")
    cast.handler_b.user_permissions.set(Permission.objects.filter(codename="view_inspection"))
    client.force_login(cast.handler_b)
    assert "系统管理" in client.get(reverse("admin:index")).content.decode()
    listing = client.get(reverse("admin:inspections_inspection_changelist")).content.decode()
    assert "督察任泽区" in listing and "督察信都区" not in listing
