"""Typical cases (典型案例) of 表面 / 假装 / 敷衍整改: written by the office from a complaint, with before and after
photos, reviewed by another office user, then on the portal; nothing before."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from briefings import cases
from briefings.models import CaseStatus
from conftest import make_user

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def png(name):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_a_case_is_public_only_after_a_second_office_user_reviews_it(cast, client, inspection, register):
    complaint = register("信都区某砖厂将粉尘治理设施空转应付检查")
    case = cases.create_case(by=cast.office, kind="fake", title="信都区某砖厂除尘设施“假装整改”", region=cast.county_a,
                             text="督察组现场检查发现，该砖厂除尘设施仅在检查时开启……", complaint=complaint)  # fmt: skip
    with pytest.raises(Exception, match="整改前和整改后"):
        cases.submit_case(case, by=cast.office)
    cases.add_photo(case, by=cast.office, stage="before", upload=png("整改前.png"))
    photo = cases.add_photo(case, by=cast.office, stage="after", upload=png("整改后.png"))
    cases.submit_case(case, by=cast.office)
    assert client.get(f"/portal/cases/{case.pk}/").status_code == 404
    assert client.get(f"/portal/cases/photos/{photo.pk}/").status_code == 404
    with pytest.raises(Exception, match="不能审核自己"):
        cases.review_case(case, by=cast.office, approved=True)
    reviewer = make_user("office_2", cast.city_office, "office")
    with pytest.raises(Exception, match="理由"):
        cases.review_case(case, by=reviewer, approved=False)
    cases.review_case(case, by=reviewer, approved=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.PUBLISHED
    page = client.get("/portal/cases/?kind=fake").content.decode()
    assert "假装整改" in page and case.title in page
    assert "除尘设施仅在检查时开启" in client.get(f"/portal/cases/{case.pk}/").content.decode()
    assert client.get(f"/portal/cases/photos/{photo.pk}/").status_code == 200


def test_only_the_office_in_scope_writes_cases(cast, inspection, register):
    complaint = register()
    with pytest.raises(Exception, match="办"):
        cases.create_case(
            by=cast.handler_a, kind="surface", title="x", text="y", region=cast.county_a, complaint=complaint
        )
    with pytest.raises(Exception, match="来自"):
        cases.create_case(by=cast.office, kind="surface", title="x", text="y", region=cast.county_a)
    with pytest.raises(Exception, match="办"):
        cases.create_case(
            by=cast.office, kind="surface", title="x", text="y", region=cast.handan, complaint=complaint
        )
