"""Joint complaints (合办件) across counties, and complaints handed to departments (issue 18, items 3 and 4)."""

import pytest
from django.urls import reverse

from complaints import summary, workflow
from complaints.models import Complaint
from complaints.queries import complaints_for
from conftest import make_user
from organisations.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint(cast, inspection, register, walk):
    """A complaint in 信都区 led by its government, with 任泽区 as co-county, forwarded."""
    complaint = register("信都区与任泽区交界处某砖厂烟尘污染，两区都有村民受影响")
    workflow.classify_complaint(complaint, by=cast.inspector, co_units=[cast.gov_b])
    return walk(complaint, "forwarded")


def test_a_joint_complaint_is_seen_by_each_county_and_counted_once(cast, inspection, joint):
    assert [s.unit for s in joint.joint_shares.all()] == [cast.gov_b]
    for handler in (cast.handler_a, cast.handler_b):
        assert Complaint.objects.visible_to(handler).filter(pk=joint.pk).exists()
    # Listed under each county, counted once (in its lead county).
    for county in (cast.county_a, cast.county_b):
        assert joint in complaints_for(cast.office, inspection=inspection, region_code=county.code)
    figures = summary.summary(Complaint.objects.filter(inspection=inspection))
    assert figures["transferred"] == 1
    assert {
        r["region__name"]: r["transferred"]
        for r in summary.by_county(Complaint.objects.filter(inspection=inspection))
    } == {"信都区": 1}
    # A county with no part in it still sees nothing.
    other = make_user(
        "handler_handan",
        Unit.objects.create(name="丛台区人民政府", kind=UnitKind.GOVERNMENT, region=cast.congtai),
        "handler",
    )
    assert not Complaint.objects.visible_to(other).filter(pk=joint.pk).exists()


def test_each_county_feeds_back_its_part_and_the_lead_closes_it(cast, client, inspection, joint, walk):
    with pytest.raises(Exception, match="合办县"):
        workflow.answer_joint_part(joint, by=cast.handler_a, answer="x")
    client.force_login(cast.handler_b)
    page = client.get(reverse("complaint_detail", args=[joint.pk])).content.decode()
    assert "县（市、区）合办件" in page and "反馈合办情况" in page
    client.post(
        reverse("complaint_action", args=[joint.pk, "joint"]), {"answer": "任泽区一侧已责令砖厂停产整治"}
    )
    share = joint.joint_shares.get()
    assert share.answer == "任泽区一侧已责令砖厂停产整治" and share.answered_by == cast.handler_b
    workflow.confirm_by_phone(joint, by=cast.office, answered_by="王科长")
    workflow.sign_receipt(joint, by=cast.signer_a)
    with pytest.raises(Exception, match="牵头承办单位"):
        workflow.submit_feedback(
            joint, by=cast.handler_b, findings="x", verdict="true", measures="y", handling_state="closed"
        )
    walk.feedback(joint)  # the lead county's feedback, signed and accepted, closes it
    workflow.sign_feedback(joint, by=cast.signer_a)
    closed = workflow.accept_feedback(joint, by=cast.office)
    assert closed.status == "closed"
    with pytest.raises(Exception, match="办结前"):
        workflow.answer_joint_part(closed, by=cast.handler_b, answer="补充")


def test_a_complaint_handed_to_a_department_follows_the_unit(cast, inspection, register, walk):
    bureau = Unit.objects.create(name="邢台市住房和城乡建设局", kind=UnitKind.DEPARTMENT, region=cast.xingtai)
    handler = make_user("bureau_handler", bureau, "handler")
    signer = make_user("bureau_signer", bureau, "signer")
    complaint = register("信都区某小区建筑工地夜间施工噪声扰民")
    workflow.classify_complaint(complaint, by=cast.inspector, lead_unit=bureau)
    walk(complaint, "forwarded")
    workflow.confirm_by_phone(complaint, by=cast.office, answered_by="住建局办公室")
    workflow.sign_receipt(complaint, by=signer)  # the department's own leader signs
    # Its handler has it to answer; the county's government, where the site is, does not.
    assert complaint in complaints_for(handler, queue="to_answer")
    assert not complaints_for(cast.handler_a, queue="to_answer").filter(pk=complaint.pk).exists()
    units = {
        r["lead_unit__name"]: r for r in summary.by_unit(Complaint.objects.filter(inspection=inspection))
    }
    assert (
        units["邢台市住房和城乡建设局"]["transferred"] == 1
        and units["邢台市住房和城乡建设局"]["lead_unit__kind"] == "department"
    )
