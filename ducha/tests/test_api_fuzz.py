"""Schemathesis over every operation of /api/openapi.json, as an office and as a county handler
(issue 9): no server error, and every answer matches the schema (status, content type, body).

Bounded: FUZZ_EXAMPLES examples per operation (default 8) so that `make test` stays short; run with a
larger number by hand (`FUZZ_EXAMPLES=200 make test-sqlite PYTEST_ARGS=ducha/tests/test_api_fuzz.py`)."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))


def _load_schema():
    """The schema ducha serves at /api/openapi.json, read in-process (collection may not use the
    database), with the WSGI application the cases are sent to."""
    import json

    from django.core.wsgi import get_wsgi_application
    from ninja.responses import NinjaJSONEncoder

    from ducha.api import api

    raw = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/"), cls=NinjaJSONEncoder))
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app, loaded.location = get_wsgi_application(), "/api/openapi.json"
    return loaded


schema = _load_schema()


@pytest.fixture
def world(transactional_db, cast, make_inspection):
    """The fixed cast, an inspection with complaints in county A, and a bearer token per role."""
    from accounts.auth import issue_token
    from complaints import workflow
    from complaints.models import Channel

    inspection = make_inspection(round_number=3)
    for text in ("信都区某化工厂夜间偷排废水，河水发黑", "信都区某石料厂粉尘污染严重"):
        workflow.register_complaint(
            by=cast.inspector, inspection=inspection, text=text, region=cast.county_a, channel=Channel.PHONE
        )

    class Request:
        META = {"REMOTE_ADDR": "127.0.0.1"}

    tokens = {}
    for user in (cast.office, cast.handler_a):
        _row, raw = issue_token(Request(), username=user.username, password="secret-pass-1")
        tokens[user.username] = raw
    return tokens


def _fuzz(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


# Reproducible (derandomized) and bounded; the world fixture is rebuilt per operation, not per example.
bounded = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@schema.parametrize()
@bounded
def test_the_api_as_an_office(case, world):
    _fuzz(case, world["office"])


@schema.parametrize()
@bounded
def test_the_api_as_a_county_handler(case, world):
    _fuzz(case, world["handler_a"])
