"""Accounts' own behaviour: roles granted or given by a unit's duty, and API tokens that can be revoked."""

import pytest

from accounts.models import ApiToken, User
from conftest import make_user
from organisations.models import Unit, UnitDuty, UnitKind

pytestmark = pytest.mark.django_db


def test_roles_come_from_grants_and_from_the_units_duties(cast):
    group = Unit.objects.create(name="督办监察组", kind=UnitKind.INSPECTION_BODY, region=cast.xingtai)
    auditor = make_user("auditor", group)
    UnitDuty.objects.create(unit=group, duty="audit")
    auditor = User.objects.get(pk=auditor.pk)
    assert auditor.role_codes == {"discipline"} and auditor.has_role("discipline")
    assert set(User.objects.with_role("discipline")) == {auditor}
    assert set(User.objects.with_role("handler")) == {cast.handler_a, cast.handler_b}
    # A superuser holds every role without a grant.
    assert cast.root.has_role("discipline", "office")


def test_a_token_signs_in_until_it_is_revoked(cast, client):
    issued = client.post(
        "/api/auth/token",
        {"username": "handler_a", "password": "secret-pass-1"},
        content_type="application/json",
    )
    assert issued.status_code == 200
    headers = {"Authorization": f"Bearer {issued.json()['token']}"}
    assert client.get("/api/inspections", headers=headers).status_code == 200
    assert ApiToken.objects.filter(user=cast.handler_a).count() == 1
    assert client.delete("/api/auth/token", headers=headers).status_code in (200, 204)
    refused = client.get("/api/inspections", headers=headers)
    assert refused.status_code == 401 and refused.json()["detail"]
    wrong = client.post(
        "/api/auth/token", {"username": "handler_a", "password": "wrong"}, content_type="application/json"
    )
    assert wrong.status_code in (400, 401) and wrong.json()["detail"]
