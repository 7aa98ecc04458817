import datetime as dt

import pytest

from rectification.models import Task
from rectification.tasks import sweep_rectification

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def post(client, url, body=None, **extra):
    return client.post(url, body or {}, content_type="application/json", **extra)


def test_the_whole_plan_through_the_api(cast, make_inspection, api, freeze):
    freeze("2026-09-28")
    make_inspection("HB-2026-XT", stationed_from=dt.date(2026, 8, 1), stationed_until=dt.date(2026, 8, 31))
    client = api(cast.office)
    report = post(
        client, "/api/rectification/reports",
        {"inspection": "HB-2026-XT", "region_code": "130500", "title": "反馈意见", "delivered_on": "2026-09-28"},
    )  # fmt: skip
    assert report.status_code == 201 and report.json()["plan_due_on"] == "2026-11-13"
    rid = report.json()["id"]
    problem = post(
        client, f"/api/rectification/reports/{rid}/problems", {"text": "污水处理厂提标改造滞后"}
    ).json()
    bad = post(
        client, "/api/rectification/tasks",
        {"problem_id": problem["id"], "target": "达标", "starts_on": "2026-10-01", "lead_unit_id": cast.gov_a.pk},
    )  # fmt: skip
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "due_on"
    task = post(
        client, "/api/rectification/tasks",
        {"problem_id": problem["id"], "target": "达标", "starts_on": "2026-10-01", "due_on": "2026-12-30",
         "lead_unit_id": cast.gov_a.pk, "milestones": [{"due_on": "2026-11-15", "percent": 50}]},
    )  # fmt: skip
    assert task.status_code == 201 and task.json()["sign_levels"] == ["county", "city"]
    assert post(api(cast.province), f"/api/rectification/reports/{rid}/plan/approve").status_code == 409
    assert post(api(cast.office), f"/api/rectification/reports/{rid}/plan/submit").status_code == 200
    own = post(api(cast.office), f"/api/rectification/reports/{rid}/plan/approve")
    assert own.status_code == 403 and "上级整改办" in own.json()["detail"]
    assert post(api(cast.province), f"/api/rectification/reports/{rid}/plan/approve").status_code == 200
    assert post(api(cast.office), f"/api/rectification/reports/{rid}/plan/publish").status_code == 200
    assert client.get(f"/api/rectification/tasks/{task.json()['id']}").json()["status"] == "rectifying"


def test_a_unit_reports_once_per_key_and_sees_only_its_own(cast, make_task, api, freeze):
    mine = make_task()
    other = make_task(lead_unit=cast.gov_b)
    freeze("2026-10-15")
    client = api(cast.handler_a)
    url = f"/api/rectification/tasks/{mine.pk}/reports"
    first = client.post(url, {"text": "进场施工", "percent": 20}, headers={"Idempotency-Key": "k"})
    again = client.post(url, {"text": "进场施工", "percent": 20}, headers={"Idempotency-Key": "k"})
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    listed = client.get("/api/rectification/tasks").json()["items"]
    assert [t["id"] for t in listed] == [mine.pk]
    assert client.get(f"/api/rectification/tasks/{other.pk}").status_code == 404
    assert (
        client.post(f"/api/rectification/tasks/{other.pk}/reports", {"text": "x", "percent": 1}).status_code
        == 404
    )
    assert (
        post(
            client, f"/api/rectification/tasks/{mine.pk}/warnings", {"level": "red", "reason": "x"}
        ).status_code
        == 403
    )


def test_warnings_are_queryable_by_unit_and_period_and_come_as_word(cast, make_task, api):
    task = make_task()
    sweep_rectification(dt.date(2026, 10, 12))
    client = api(cast.office)
    found = client.get("/api/rectification/actions", {"unit": cast.gov_a.pk, "period": "2026-10-20"}).json()[
        "items"
    ]
    assert [(a["kind"], a["task_id"]) for a in found] == [("yellow", task.pk)]
    assert (
        client.get("/api/rectification/actions", {"unit": cast.gov_a.pk, "period": "2026-11-01"}).json()[
            "items"
        ]
        == []
    )
    document = client.get(f"/api/rectification/actions/{found[0]['id']}/document")
    assert document.status_code == 200 and document.content[:2] == b"PK"
    assert api(cast.handler_b).get("/api/rectification/actions").json()["items"] == []


def test_sign_off_and_public_objection_through_the_api(cast, make_task, api, client, freeze):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = make_task()
    freeze("2026-12-20")
    unit = api(cast.handler_a)
    applied = unit.post(
        f"/api/rectification/tasks/{task.pk}/acceptance",
        {
            "summary": "完成",
            "files": [SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf")],
        },
    )
    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    office = api(cast.office)
    check = {"checked_on": "2026-12-21", "inspectors": "王某", "record": "达标", "passed": True}
    assert post(office, f"/api/rectification/tasks/{task.pk}/site-check", check).json()["status"] == "signing"
    assert post(office, f"/api/rectification/tasks/{task.pk}/sign-off", {"approved": True}).status_code == 403
    assert (
        post(api(cast.signer_a), f"/api/rectification/tasks/{task.pk}/sign-off", {"approved": True}).json()[
            "sign_level"
        ]
        == "city"
    )
    assert (
        post(api(cast.office), f"/api/rectification/tasks/{task.pk}/sign-off", {"approved": True}).json()[
            "status"
        ]
        == "notice"
    )
    client.logout()
    objection = post(
        client,
        f"/api/public/rectification/tasks/{task.pk}/objections",
        {"text": "仍有异味", "contact": "13912345678"},
    )
    assert objection.status_code == 201
    listed = api(cast.office).get(f"/api/rectification/tasks/{task.pk}/objections").json()
    assert listed[0]["contact"] == "139****5678"
    assert Task.objects.get(pk=task.pk).status == "notice"


def test_the_openapi_document_lists_the_ledger(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/rectification/tasks/{task_id}/sign-off" in paths
    assert "/api/public/rectification/tasks/{task_id}/objections" in paths


def test_a_ledger_is_imported_over_the_api_all_or_nothing(cast, report, api, tmp_path):
    from rectification.tests.test_excel import GOOD, ledger_file

    client = api(cast.office)
    bad_rows = [GOOD[0], (2, "问题", "", "", "邯郸市人民政府", "", "", "明年", "", "")]
    with open(ledger_file(tmp_path, bad_rows), "rb") as handle:
        bad = client.post(f"/api/rectification/reports/{report.pk}/ledger", {"file": handle})
    assert bad.status_code == 400 and bad.json()["created"] == 0
    assert {(e["row"], e["column"]) for e in bad.json()["errors"]} == {
        (4, "整改目标"),
        (4, "责任单位"),
        (4, "完成时限"),
    }
    assert Task.objects.count() == 0
    with open(ledger_file(tmp_path, GOOD, name="good.xlsx"), "rb") as handle:
        good = client.post(f"/api/rectification/reports/{report.pk}/ledger", {"file": handle})
    assert good.status_code == 201 and good.json()["created"] == 4


def test_a_deadline_change_needs_a_reason_and_moves_the_warning_days(cast, make_task, api):
    task = make_task()
    client = api(cast.office)
    url = f"/api/rectification/tasks/{task.pk}/deadline"
    assert post(client, url, {"due_on": "2027-03-30", "reason": ""}).json()["errors"][0]["field"] == "reason"
    moved = post(client, url, {"due_on": "2027-03-30", "reason": "经省整改办批准延期"})
    assert moved.status_code == 200 and moved.json()["due_on"] == "2027-03-30"
    task.refresh_from_db()
    assert task.red_from > dt.date(2026, 10, 28)
