"""Disclosure and the public: publishing batches, rating a closed complaint."""

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from audit.workflow import record_event
from complaints.models import (
    FINISHED,
    Batch,
    Complaint,
    Publication,
    PublishedItem,
    Status,
)
from complaints.workflow.base import _locked, _require_role
from ducha.errors import PermissionDeniedError, WorkflowError

# --- disclosure ---------------------------------------------------------------------------------

PUBLISHABLE = [Status.IN_PROGRESS, Status.STAGE_CLOSED, *FINISHED]


@transaction.atomic
def publish_batch(batch: Batch, *, by, partial: bool = False) -> Publication:
    """Publish the batch's public table: every accepted result not yet published as it stands now
    (first publication, or a later one such as 阶段性办结 → 已办结). Rows are snapshots. While some of the
    batch's items have no accepted result yet, publishing needs `partial`: a deliberate choice to publish
    the others now."""
    _require_role(by, "office", what="公开办理情况")
    locked = Batch.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=batch.pk)
    if not Batch.objects.visible_to(by).filter(pk=locked.pk).exists():
        raise PermissionDeniedError("该批次不在您的管辖范围内")
    last = locked.publications.aggregate(n=Max("sequence"), at=Max("published_at"))
    from accountability import disclosure

    rows = (
        Complaint.objects.filter(batch=locked, status__in=PUBLISHABLE)
        .select_related("region")
        .prefetch_related(
            "pollution_types", Prefetch("accountability_records", queryset=disclosure.published_records())
        )
        .order_by("number")
    )
    if last["at"] is not None:
        rows = rows.filter(result_changed_at__gt=last["at"])
    rows = list(rows)
    if not rows:
        raise WorkflowError(f"{locked}没有新的可公开事项", field="batch")
    unresolved = (
        Complaint.objects.filter(batch=locked).exclude(status__in=[*PUBLISHABLE, Status.DUPLICATE]).count()
    )
    if unresolved and not partial:
        raise WorkflowError(
            f"{locked}还有 {unresolved} 件尚未办结；如确需先公开已办结的 {len(rows)} 件，请勾选“仅公开已办结部分”",
            field="partial",
        )
    patterns, names = disclosure.column_context()
    publication = Publication.objects.create(batch=locked, sequence=(last["n"] or 0) + 1, published_by=by)
    PublishedItem.objects.filter(complaint__in=rows, is_current=True).update(is_current=False)
    PublishedItem.objects.bulk_create(
        PublishedItem(
            publication=publication,
            complaint=c,
            inspection_id=locked.inspection_id,
            batch_number=locked.number,
            number=c.number,
            text=c.text,
            region_name=c.region.name,
            pollution_types="、".join(t.name for t in c.pollution_types.all()),
            findings=c.findings,
            verdict=c.get_verdict_display(),
            measures=c.measures,
            accountability=disclosure.column(
                c.accountability_records.all(), c.accountability, patterns, names
            ),
            handling_state=c.get_handling_state_display(),
        )
        for c in rows
    )
    record_event(locked, by=by, action="published", note=str(publication), data={"count": len(rows)})
    return publication


# --- the public ---------------------------------------------------------------------------------


@transaction.atomic
def rate_complaint(complaint: Complaint, *, rating: int, comment: str = "") -> Complaint:
    """The reporter rates a closed complaint once, from the tracking page: 3 满意, 2 基本满意, 1 不满意."""
    locked = _locked(complaint)
    if locked.status not in FINISHED:
        raise WorkflowError("办结后才能评价", field="rating", code="transition")
    if locked.rating is not None:
        raise WorkflowError("已经评价过了", field="rating", code="duplicate")
    if rating not in (1, 2, 3):
        raise WorkflowError("请选择 满意、基本满意 或 不满意", field="rating")
    locked.rating, locked.rating_comment, locked.rated_at = rating, comment.strip()[:1000], timezone.now()
    locked.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    record_event(locked, by=None, action="rated", note={3: "满意", 2: "基本满意", 1: "不满意"}[rating])
    return locked
