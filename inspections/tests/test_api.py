import pytest

from inspections.models import Inspection

pytestmark = pytest.mark.django_db


def token_for(client, username: str) -> dict:
    response = client.post(
        "/api/auth/token",
        {"username": username, "password": "secret-pass-1"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {"Authorization": f"Bearer {response.json()['token']}"}


PAYLOAD = {
    "code": "HB-2018-HTK-12",
    "name": "河北省环境保护督察“回头看”第十二督察组督察邯郸市",
    "level": "provincial",
    "kind": "lookback",
    "team_name": "第十二督察组",
    "target_region_codes": ["130400"],
    "stationed_from": "2026-11-15",
    "stationed_until": "2026-12-15",
}


def test_token_auth_and_the_current_user(client, cast):
    headers = token_for(client, "office")
    me = client.get("/api/auth/me", headers=headers).json()
    assert me == {
        "username": "office",
        "full_name": "office",
        "unit": "邢台市保障工作组",
        "region_code": "130500",
        "roles": ["office"],
    }
    assert client.get("/api/auth/me").status_code == 401
    assert client.get("/api/auth/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_a_revoked_token_no_longer_works(client, cast):
    headers = token_for(client, "office")
    assert client.delete("/api/auth/token", headers=headers).status_code == 204
    assert client.get("/api/auth/me", headers=headers).status_code == 401


def test_a_wrong_password_gets_no_token(client, cast):
    response = client.post(
        "/api/auth/token", {"username": "office", "password": "x"}, content_type="application/json"
    )
    assert response.status_code == 401 and "错误" in response.json()["detail"]


def test_office_creates_and_reads_an_inspection(client, cast):
    headers = token_for(client, "province_office")
    response = client.post("/api/inspections", PAYLOAD, content_type="application/json", headers=headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["target_regions"] == ["130400"] and body["office_name"] == "河北省环境保护督察办公室"
    assert {r["key"]: r["amount"] for r in body["deadline_rules"]}["forward"] == 1
    listed = client.get("/api/inspections", headers=headers).json()
    assert [i["code"] for i in listed["items"]] == ["HB-2018-HTK-12"]


def test_validation_errors_name_the_field(client, cast):
    headers = token_for(client, "province_office")
    bad = {**PAYLOAD, "stationed_from": "not a date", "level": "galactic"}
    response = client.post("/api/inspections", bad, content_type="application/json", headers=headers)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"stationed_from", "level"}
    late = {**PAYLOAD, "stationed_until": "2026-11-01"}
    response = client.post("/api/inspections", late, content_type="application/json", headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "stationed_until", "location": "body", "message": "进驻结束日期不能早于开始日期"}
    ]
    assert not Inspection.objects.exists()


def test_duplicate_codes_conflict_and_handlers_are_forbidden(client, cast):
    headers = token_for(client, "province_office")
    assert (
        client.post("/api/inspections", PAYLOAD, content_type="application/json", headers=headers).status_code
        == 201
    )
    again = client.post("/api/inspections", PAYLOAD, content_type="application/json", headers=headers)
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "code"
    handler = token_for(client, "handler_a")
    denied = client.post(
        "/api/inspections", {**PAYLOAD, "code": "X-1"}, content_type="application/json", headers=handler
    )
    assert denied.status_code == 403


def test_county_b_sees_neither_county_a_inspections_nor_their_events(client, cast, make_inspection):
    make_inspection("HB-XD", targets=[cast.county_a])
    headers = token_for(client, "handler_b")
    assert client.get("/api/inspections", headers=headers).json()["items"] == []
    assert client.get("/api/inspections/HB-XD", headers=headers).status_code == 404
    assert client.get("/api/inspections/HB-XD/events", headers=headers).status_code == 404


def test_stage_and_rules_through_the_api(client, cast, make_inspection):
    make_inspection(xingtai_rule=False)
    headers = token_for(client, "province_office")
    moved = client.post(
        "/api/inspections/HB-2018-HTK-11/stage",
        {"stage": "stationed"},
        content_type="application/json",
        headers=headers,
    )
    assert moved.status_code == 200 and moved.json()["stage_label"] == "督察进驻"
    skipped = client.post(
        "/api/inspections/HB-2018-HTK-11/stage",
        {"stage": "archived"},
        content_type="application/json",
        headers=headers,
    )
    assert skipped.status_code == 409
    rule = client.put(
        "/api/inspections/HB-2018-HTK-11/deadline-rules/feedback_team",
        {"amount": 10, "unit": "day"},
        content_type="application/json",
        headers=headers,
    )
    assert rule.json()["amount"] == 10
    events = client.get("/api/inspections/HB-2018-HTK-11/events", headers=headers).json()
    assert [e["action"] for e in events] == ["deadline_rule_changed", "stage_changed", "created"]


def test_openapi_document_is_published(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/inspections" in schema["paths"] and "/api/auth/token" in schema["paths"]
