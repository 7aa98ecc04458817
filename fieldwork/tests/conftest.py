import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from complaints.tests.conftest import inspection, register, walk  # noqa: F401  (the loop-A fixtures)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def second_inspector(cast):
    from conftest import make_user

    return make_user("inspector_2", cast.team_unit, "team")


@pytest.fixture
def request_to_a(cast, inspection):  # noqa: F811  (the fixture, by name)
    """A request to 信都区人民政府 for two items, due tomorrow."""
    from fieldwork import workflow

    return workflow.create_request(
        inspection, by=cast.inspector, unit=cast.gov_a, title="2014年以来环境保护工作资料",
        items=["环境保护工作责任分工文件", "2015年以来环境执法台账"], due_at=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip
