"""Issue 15, item 7: leading and working groups, with members and duties; duties decide which accounts
do what, so setting them is a change of rights (security administrator, audited)."""

import pytest

from accounts.models import User
from audit.models import Event
from complaints import workflow as complaints
from conftest import make_user
from ducha.errors import PermissionDeniedError, WorkflowError
from notices.workflow import notify_units
from organisations import groups
from organisations.models import Person, Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(cast):
    group = Unit.objects.create(name="信访督办组", kind=UnitKind.INSPECTION_BODY, region=cast.xingtai)
    return group, make_user("petition_clerk", group)


def test_the_petition_groups_duty_lets_its_accounts_handle_complaints(cast, petition, make_inspection):
    group, clerk = petition
    inspection = make_inspection()
    assert not clerk.has_role("team")
    with pytest.raises(PermissionDeniedError):
        complaints.register_complaint(
            by=clerk, inspection=inspection, channel="D", text="信都区某厂偷排废水", region=cast.county_a
        )
    # Duties carry rights: an office may not set them; the security administrator may.
    with pytest.raises(PermissionDeniedError, match="安全管理员"):
        groups.set_group(group, by=cast.office, group_kind="working", duties=["complaints"])
    secadmin = make_user("sec", cast.province_office, "secadmin")
    groups.set_group(group, by=secadmin, group_kind="working", duties=["complaints"])
    event = Event.objects.about(group).get(action="group_changed")
    assert event.actor == secadmin and event.data["duties"] == {"from": [], "to": ["complaints"]}
    clerk = User.objects.get(pk=clerk.pk)
    assert clerk.has_role("team") and "team" in clerk.role_codes
    complaint, _ = complaints.register_complaint(
        by=clerk, inspection=inspection, channel="D", text="信都区某厂偷排废水", region=cast.county_a
    )
    assert complaint.created_by == clerk
    # Notifications to "the team" reach the group's accounts too.
    assert notify_units([group.pk], ["team"], title="新的举报件待审核") == 1
    # Taking the duty away takes the role away.
    groups.set_group(group, by=secadmin, group_kind="working", duties=[])
    assert not User.objects.get(pk=clerk.pk).has_role("team")


def test_nobody_gives_their_own_unit_duties(cast):
    own = Unit.objects.create(name="督办监察组", kind=UnitKind.INSPECTION_BODY, region=cast.xingtai)
    secadmin = make_user("sec2", own, "secadmin")
    with pytest.raises(PermissionDeniedError, match="自己所在的单位"):
        groups.set_group(own, by=secadmin, group_kind="working", duties=["audit"])
    with pytest.raises(WorkflowError):
        groups.set_group(own, by=cast.root, group_kind="leading", duties=["audit"])


def test_members_are_units_and_named_people_with_their_titles(cast, client):
    leading = Unit.objects.create(
        name="邢台市环境保护工作领导小组", kind=UnitKind.INSPECTION_BODY, region=cast.xingtai
    )
    groups.set_group(leading, by=cast.office, group_kind="leading")
    mayor = Person.objects.create(name="董晓宇", region=cast.xingtai)
    groups.add_member(leading, by=cast.office, person=mayor, title="组长", note="市长")
    groups.add_member(leading, by=cast.office, member_unit=cast.city_gov, title="副组长", note="副市长")
    groups.add_member(leading, by=cast.office, member_unit=cast.city_gov, title="副组长", note="副市长")
    groups.add_member(leading, by=cast.office, member_unit=cast.gov_a, title="成员单位")
    with pytest.raises(WorkflowError):
        groups.add_member(leading, by=cast.office, member_unit=cast.gov_a, title="成员单位")
    with pytest.raises(PermissionDeniedError):
        groups.add_member(leading, by=cast.handler_a, member_unit=cast.gov_b)
    assert leading.members.count() == 4
    client.force_login(cast.office)
    page = client.get(f"/organisations/units/{leading.pk}/").content.decode()
    assert "董晓宇" in page and "领导小组" in page and "信都区人民政府" in page
    posted = client.post(
        f"/organisations/units/{leading.pk}/group/", {"member_unit": cast.gov_b.pk, "title": "成员单位"}
    )
    assert posted.status_code == 302 and leading.members.count() == 5
