"""Bad input, faults and headers (issue 9, items 7, 9 and 12)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from ducha.errors import WorkflowError


@pytest.fixture
def inspection(make_inspection):
    return make_inspection(round_number=3)


@pytest.fixture
def make_client(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def office(cast, client):
    client.force_login(cast.office)
    return client


def test_a_nul_byte_in_the_query_is_a_400_naming_the_parameter(office):
    response = office.get("/api/inspections", {"q": "邢台\x00"})
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "q",
        "location": "query",
        "message": response.json()["detail"],
    }
    assert office.get("/complaints/", {"q": "a\x00b"}).status_code == 400


def test_a_nul_byte_in_the_path_is_a_400(office):
    assert office.get("/api/complaints/1%00").status_code == 400
    assert office.get("/complaints/%00/").status_code == 400


def test_a_control_character_in_a_json_body_names_the_field(cast, office):
    body = json.dumps({"title": "报告\u0007标题", "delivered_on": "2026-11-01"})
    response = office.post("/api/rectification/reports", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "title"
    body = json.dumps({"title": "报告", "items": [{"text": "ok"}, {"text": "坏\u0000"}]})
    response = office.post("/api/rectification/reports", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "items[1].text"


def test_a_control_character_in_a_form_field_is_refused(office):
    response = office.post("/complaints/new/", {"text": "信都区\x0b某厂排污"})
    assert response.status_code == 400 and "text" in response.content.decode()


def test_api_errors_are_json_for_unknown_paths_methods_and_large_bodies(office, settings):
    missing = office.get("/api/no-such-thing")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json()["detail"]
    wrong_method = office.delete("/api/inspections")
    assert wrong_method.status_code == 405 and wrong_method.json()["detail"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = office.post("/api/complaints", "x" * 5000, content_type="application/json")
    assert big.status_code == 413 and big.json()["code"] == "too_large"


def test_page_numbers_out_of_range_are_refused_with_422(office):
    response = office.get("/api/inspections", {"page": 10**20})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "page"
    assert office.get("/complaints/", {"page": 10**20}).status_code == 200  # the page clamps


def test_an_id_too_large_for_the_database_is_a_4xx(office):
    assert office.get(f"/api/complaints/{10**30}").status_code in (400, 404)
    assert office.get(f"/api/rectification/tasks/{10**30}").status_code in (400, 404)


def test_a_received_date_in_year_9999_is_refused(cast, inspection, make_client):
    client = make_client(cast.inspector)
    response = client.post(
        "/api/complaints",
        {
            "inspection": inspection.code,
            "channel": "D",
            "text": "信都区某化工厂夜间偷排废水",
            "region_code": "130503",
            "received_at": "9999-12-31T23:59:59+08:00",
        },
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert "received_at" in json.dumps(response.json(), ensure_ascii=False)


def test_mp4_uploads_are_checked_by_their_content():
    from complaints.workflow import check_upload

    fake = SimpleUploadedFile("现场.mp4", b"<html>not a video</html>")
    with pytest.raises(WorkflowError, match="内容与扩展名不符"):
        check_upload(fake, field="evidence")
    real = SimpleUploadedFile("现场.mp4", b"\x00\x00\x00\x20ftypisom" + b"\x00" * 64)
    assert check_upload(real, field="evidence") == "mp4"


def test_a_database_error_is_a_503_json_with_retry_after(cast, inspection, make_client, monkeypatch):
    from complaints import workflow

    def down(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(workflow, "register_complaint", down)
    client = make_client(cast.inspector)
    response = client.post(
        "/api/complaints",
        {"inspection": inspection.code, "channel": "D", "text": "信都区某厂排污", "region_code": "130503"},
        content_type="application/json",
        headers={"Idempotency-Key": "retry-1"},
    )
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["code"] == "unavailable"


def test_a_retry_with_the_same_key_returns_the_complaint_saved_before_the_fault(
    cast, inspection, make_client
):
    """The first attempt was saved but its answer was lost (the connection died after COMMIT)."""
    client = make_client(cast.inspector)
    body = {"inspection": inspection.code, "channel": "D", "text": "信都区某厂排污", "region_code": "130503"}
    first = client.post(
        "/api/complaints", body, content_type="application/json", headers={"Idempotency-Key": "lost-answer"}
    )
    again = client.post(
        "/api/complaints", body, content_type="application/json", headers={"Idempotency-Key": "lost-answer"}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]


def test_database_connections_are_health_checked(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_pages_carry_a_content_security_policy_and_no_store(office):
    response = office.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in office.get("/api/auth/me")["Cache-Control"]
    assert "onclick=" not in response.content.decode() and "onchange=" not in response.content.decode()


def test_public_pages_may_be_cached_but_signed_in_ones_not(db, client):
    response = client.get("/portal/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_hsts_and_secure_cookies_come_together(settings, monkeypatch):
    import importlib

    import ducha.settings as module

    monkeypatch.setenv("SECURE_COOKIES", "1")
    secure = importlib.reload(module)
    try:
        assert secure.SECURE_HSTS_SECONDS >= 31536000 and secure.SESSION_COOKIE_SECURE
    finally:
        monkeypatch.delenv("SECURE_COOKIES")
        importlib.reload(module)


def test_gunicorn_sends_no_server_banner():
    import runpy
    from pathlib import Path

    from gunicorn.http import wsgi

    runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))

    class Request:
        version = (1, 1)
        method = "GET"

        def should_close(self):
            return False

    response = wsgi.Response(Request(), sock=None, cfg=None)
    response.status, response.response_length = "200 OK", 10
    headers = "".join(response.default_headers())
    assert "Server:" not in headers and "Date:" in headers


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    # A production environment: none of the test run's own switches (browser tests set async-unsafe).
    inherited = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")}
    env = {
        **inherited,
        "SECRET_KEY": "x" * 60 + "production-secret-key-from-the-vault",
        "ALLOWED_HOSTS": "ducha.example.gov.cn",
        "CSRF_TRUSTED_ORIGINS": "https://ducha.example.gov.cn",
        "SECURE_COOKIES": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DUCHA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
