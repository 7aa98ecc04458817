import pytest

from complaints.models import Complaint


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def payload(**extra):
    body = {
        "inspection": "HB-2018-HTK-11",
        "channel": "D",
        "text": "信都区某化工厂夜间偷排废水，河水发黑发臭",
        "address": "邢台市信都区某村",
        "reporter_name": "张三",
        "reporter_phone": "13812341234",
    }
    body.update(extra)
    return body


def test_repeat_with_same_idempotency_key_creates_one(cast, inspection, api):
    client = api(cast.inspector)
    first = client.post(
        "/api/complaints", payload(), content_type="application/json", headers={"Idempotency-Key": "abc"}
    )
    again = client.post(
        "/api/complaints", payload(), content_type="application/json", headers={"Idempotency-Key": "abc"}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"]
    assert first.json()["region_code"] == "130503"  # inferred from the address
    assert Complaint.objects.count() == 1


def test_bad_input_names_the_field(cast, inspection, api):
    response = api(cast.inspector).post(
        "/api/complaints", payload(region_code="130403"), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "region"


def test_other_roles_never_see_the_reporter(cast, register, walk, api):
    complaint = walk(register(), "forwarded")
    for user in (cast.office, cast.handler_a, cast.signer_a, cast.leader):
        body = api(user).get(f"/api/complaints/{complaint.pk}").content.decode()
        assert "张三" not in body and "13812341234" not in body
        assert "138****1234" in body
        assert api(user).post(f"/api/complaints/{complaint.pk}/reporter").status_code == 403
    revealed = api(cast.inspector).post(f"/api/complaints/{complaint.pk}/reporter").json()
    assert revealed == {"name": "张三", "phone": "13812341234"}


def test_county_b_sees_nothing_of_county_a(cast, register, walk, api):
    complaint = walk(register(), "forwarded")
    client = api(cast.handler_b)
    assert client.get(f"/api/complaints/{complaint.pk}").status_code == 404
    assert client.get("/api/complaints").json()["count"] == 0
    assert client.post(f"/api/complaints/{complaint.pk}/receipt-signature").status_code == 404


def test_handler_does_not_see_complaints_before_forwarding(cast, register, api):
    complaint = register()
    assert api(cast.handler_a).get(f"/api/complaints/{complaint.pk}").status_code == 404


def test_the_loop_over_the_api(cast, register, api):
    complaint = register()
    pk = complaint.pk
    team = api(cast.inspector)
    assert team.post(f"/api/complaints/{pk}/accept", {}, content_type="application/json").status_code == 200
    assert (
        team.post("/api/inspections/HB-2018-HTK-11/batches", {}, content_type="application/json").status_code
        == 201
    )
    team.post(
        "/api/inspections/HB-2018-HTK-11/batches/1/complaints",
        {"complaint_ids": [pk]},
        content_type="application/json",
    )
    issued = team.post("/api/inspections/HB-2018-HTK-11/batches/1/issue")
    assert issued.json()["status"] == "issued"
    office = api(cast.office)
    assert office.post("/api/inspections/HB-2018-HTK-11/batches/1/forward").json() == {"forwarded": 1}
    office.post(
        f"/api/complaints/{pk}/phone-confirmation", {"answered_by": "王科长"}, content_type="application/json"
    )
    api(cast.signer_a).post(f"/api/complaints/{pk}/receipt-signature")
    feedback = {
        "findings": "属实",
        "verdict": "true",
        "measures": "已整改",
        "handling_state": "closed",
        "counters": {"fines_yuan": 50000},
    }
    assert (
        api(cast.handler_a)
        .post(f"/api/complaints/{pk}/feedback", feedback, content_type="application/json")
        .status_code
        == 201
    )
    assert api(cast.signer_a).post(f"/api/complaints/{pk}/feedback/sign").status_code == 200
    done = api(cast.office).post(f"/api/complaints/{pk}/feedback/accept", {}, content_type="application/json")
    assert done.json()["status"] == "closed"
    assert api(cast.office).post("/api/inspections/HB-2018-HTK-11/batches/1/publish").json()["items"] == 1
    table = api(cast.office).get("/api/public/inspections/HB-2018-HTK-11/disclosure").json()
    assert table["items"][0]["number"] == complaint.number
    assert "张" not in str(table)
    stats = api(cast.leader).get("/api/inspections/HB-2018-HTK-11/complaint-stats").json()
    assert stats["closed"] == 1 and stats["fines_yuan"] == 50000


def test_public_reports_and_tracks_without_internal_notes(cast, inspection, client):
    import time_machine

    from complaints.tests.conftest import at

    with time_machine.travel(at("2026-11-20 10:00"), tick=False):
        created = client.post(
            "/api/public/complaints",
            {
                "inspection": inspection.code,
                "text": "任泽区某养殖场粪污直排入河",
                "region_code": "130505",
                "is_anonymous": True,
            },
            content_type="application/json",
        )
    assert created.status_code == 201
    code = created.json()["tracking_code"]
    tracked = client.get(f"/api/public/complaints/{code.lower()}").json()
    assert tracked["status"] == "已收到，审核中" and tracked["published"] is None
    assert (
        client.post(
            f"/api/public/complaints/{code}/rating", {"rating": 5}, content_type="application/json"
        ).status_code
        == 409
    )
