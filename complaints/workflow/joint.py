"""Joint complaints (合办件): the co-counties named among a complaint's co-units each get a share, see the
complaint, list it with a mark and feed back their own part; the lead county's feedback closes it."""

from django.db import transaction
from django.utils import timezone

from audit.workflow import record_event
from complaints.models import FINISHED, HANDED_OVER, Complaint, JointShare
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import required_text
from notices.workflow import notify_units


def sync_shares(complaint: Complaint) -> list[str]:
    """One share for each co-unit in another county than the complaint's own; returns the co-counties' names."""
    others = [
        u
        for u in complaint.co_units.select_related("region")
        if not u.region.prefix.startswith(complaint.region_prefix[:6])
    ]
    complaint.joint_shares.exclude(unit__in=others).delete()
    have = set(complaint.joint_shares.values_list("unit_id", flat=True))
    JointShare.objects.bulk_create(
        JointShare(complaint=complaint, unit=u, region_prefix=u.region.prefix)
        for u in others
        if u.pk not in have
    )
    return [u.region.name for u in others]


@transaction.atomic
def answer_joint_part(complaint: Complaint, *, by, answer: str) -> JointShare:
    """A co-county's handler writes its part; the lead unit's handlers are told."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    share = JointShare.objects.select_for_update().filter(complaint=locked, unit_id=by.unit_id).first()
    if share is None or not (by.has_role("handler") or by.is_superuser):
        raise PermissionDeniedError("只有合办县（市、区）的承办人可以反馈本地办理情况")
    if locked.status not in HANDED_OVER or locked.status in FINISHED:
        raise WorkflowError("举报件转办后、办结前才能反馈合办情况", field="status", code="transition")
    share.answer = required_text(answer, field="answer", label="本县（市、区）办理情况", limit=4000)
    share.answered_at, share.answered_by = timezone.now(), by
    share.save(update_fields=["answer", "answered_at", "answered_by"])
    record_event(locked, by=by, action="joint_part_answered", note=f"{share.unit.name}：{share.answer[:60]}")
    if locked.lead_unit_id:
        notify_units([locked.lead_unit_id], ["handler"], title=f"{locked.number} 合办单位已反馈", body=share.unit.name,
                     link=f"/complaints/{locked.pk}/", key=f"joint-part:{share.pk}:{int(share.answered_at.timestamp())}")  # fmt: skip
    return share
