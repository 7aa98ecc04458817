"""Rights, sign-in and tokens (issue 9, items 2 and 8)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission

from accounts.models import ApiToken, Role, User
from audit.models import Event
from conftest import make_user

PASSWORD = "secret-pass-1"


def _grant_user_admin(user):
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accounts", codename__in=["change_user", "view_user"]
        )
    )
    return User.objects.get(pk=user.pk)


@pytest.fixture
def secadmin(cast):
    return _grant_user_admin(make_user("secadmin", cast.province_office, "secadmin", is_staff=True))


def _change_form(client, user, **changes):
    """Post the admin change form of `user` as it stands, with `changes` applied."""
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "unit": user.unit_id or "",
        "person": "",
        "roles": [r.pk for r in user.roles.all()],
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
    }
    data.update(changes)
    return client.post(f"/admin/accounts/user/{user.pk}/change/", {k: v for k, v in data.items() if v != ""})


def test_an_office_user_cannot_give_itself_the_team_role_or_another_unit(cast, client):
    office = _grant_user_admin(cast.office)
    client.force_login(office)
    _change_form(client, office, roles=["office", "team"], unit=cast.team_unit.pk)
    office.refresh_from_db()
    assert sorted(office.role_codes) == ["office"] and office.unit == cast.city_office
    assert not Event.objects.filter(subject_type="accounts.user", action="account_changed").exists()


def test_nobody_changes_their_own_rights_not_even_a_security_administrator(cast, client, secadmin):
    client.force_login(secadmin)
    _change_form(client, secadmin, roles=["secadmin", "team"], is_active="")
    secadmin.refresh_from_db()
    assert sorted(secadmin.role_codes) == ["secadmin"] and secadmin.is_active


def test_granting_the_team_role_needs_a_security_administrator(cast, client, secadmin):
    office = _grant_user_admin(cast.office)
    client.force_login(office)
    response = _change_form(client, cast.handler_a, roles=["handler", "team"])
    assert "安全管理员" in response.content.decode()
    assert "team" not in User.objects.get(pk=cast.handler_a.pk).role_codes
    client.force_login(secadmin)
    assert _change_form(client, cast.handler_a, roles=["handler", "team"]).status_code == 302
    assert "team" in User.objects.get(pk=cast.handler_a.pk).role_codes
    event = Event.objects.get(subject_type="accounts.user", subject_id=str(cast.handler_a.pk))
    assert event.action == "account_changed" and "督察组" in event.note
    assert event.actor == secadmin


def test_an_office_may_still_give_a_county_account_the_signer_role_and_it_is_recorded(cast, client):
    office = _grant_user_admin(cast.office)
    client.force_login(office)
    assert _change_form(client, cast.handler_a, roles=["handler", "signer"]).status_code == 302
    event = Event.objects.get(subject_type="accounts.user", subject_id=str(cast.handler_a.pk))
    assert event.data["roles"] == [["handler"], ["handler", "signer"]]


def test_staff_status_needs_a_security_administrator(cast, client):
    office = _grant_user_admin(cast.office)
    client.force_login(office)
    _change_form(client, cast.handler_a, is_staff="on")
    assert not User.objects.get(pk=cast.handler_a.pk).is_staff


def test_a_password_reset_is_recorded_and_revokes_the_tokens(cast, client, secadmin):
    token = _token(client, "handler_a")
    client.force_login(secadmin)
    response = client.post(
        f"/admin/accounts/user/{cast.handler_a.pk}/password/",
        {"password1": "another-pass-77", "password2": "another-pass-77", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert Event.objects.filter(subject_id=str(cast.handler_a.pk), action="password_changed").exists()
    client.logout()
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_an_office_cannot_reset_another_users_password(cast, client):
    office = _grant_user_admin(cast.office)
    client.force_login(office)
    assert client.get(f"/admin/accounts/user/{cast.handler_a.pk}/password/").status_code == 403


def test_changing_ones_own_password_revokes_ones_tokens(cast, client):
    token = _token(client, "handler_a")
    client.force_login(cast.handler_a)
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": "brand-new-pass-9", "new_password2": "brand-new-pass-9"},
    )
    assert response.status_code == 302
    client.logout()
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert Event.objects.filter(subject_id=str(cast.handler_a.pk), action="password_changed").exists()


def _token(client, username, address="10.0.0.1"):
    response = client.post(
        "/api/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR=address,
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_tokens_expire(cast, client, settings):
    settings.API_TOKEN_DAYS = 7
    token = _token(client, "handler_a")
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=8)):
        assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_deactivating_an_account_revokes_its_tokens(cast, client, secadmin):
    token = _token(client, "handler_a")
    client.force_login(secadmin)
    _change_form(client, cast.handler_a, is_active="")
    assert not ApiToken.objects.filter(user=cast.handler_a).exists()
    assert Event.objects.filter(subject_id=str(cast.handler_a.pk), action="tokens_revoked").exists()
    client.logout()
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def _sign_in(client, username, password, address):
    return client.post(
        "/api/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_username_from_that_address_only(cast, client):
    for _ in range(4):
        assert _sign_in(client, "office", "wrong", "10.0.0.9").status_code == 401
    assert _sign_in(client, "office", "wrong", "10.0.0.9").status_code == 429  # the fifth locks
    locked = _sign_in(client, "office", PASSWORD, "10.0.0.9")
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json") and "锁定" in locked.json()["detail"]
    assert _sign_in(client, "office", PASSWORD, "10.0.0.10").status_code == 200


def test_spraying_one_password_over_many_usernames_is_slowed(cast, client, settings):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 10
    for n in range(10):
        assert _sign_in(client, f"user{n}", "Summer2026!", "10.0.0.66").status_code == 401
    refused = _sign_in(client, "office", PASSWORD, "10.0.0.66")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    # The page too, with the same answer in HTML.
    page = client.post("/login/", {"username": "office", "password": PASSWORD}, REMOTE_ADDR="10.0.0.66")
    assert page.status_code == 429 and "登录失败次数过多" in page.content.decode()
    assert _sign_in(client, "office", PASSWORD, "10.0.0.67").status_code == 200


def test_an_idle_session_times_out(cast, client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(cast.office)
    assert client.get("/").status_code == 200
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=31)):
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert client.get("/").status_code == 302


def test_the_three_administrator_roles_exist(cast):
    assert set(Role.objects.values_list("code", flat=True)) >= {"sysadmin", "secadmin", "auditadmin"}
