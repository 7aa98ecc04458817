"""Reads of inspections, scoped to the user."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from inspections.models import DeadlineRule, Inspection, InspectionTarget


def inspections_for(
    user, *, q: str | None = None, stage: str | None = None, level: str | None = None, stationed_on=None
):
    inspections = (
        Inspection.objects.visible_to(user)
        .select_related("office", "office__region")
        .prefetch_related(Prefetch("targets", queryset=InspectionTarget.objects.select_related("region")))
    )
    if q:
        inspections = inspections.filter(Q(name__contains=q) | Q(code__icontains=q))
    if stage:
        inspections = inspections.filter(stage=stage)
    if level:
        inspections = inspections.filter(level=level)
    if stationed_on:
        inspections = inspections.stationed_on(stationed_on)
    return inspections.order_by("-stationed_from", "code")


def inspection_for(user, code: str) -> Inspection:
    return get_object_or_404(
        Inspection.objects.visible_to(user)
        .select_related("office", "office__region", "created_by")
        .prefetch_related(
            Prefetch("targets", queryset=InspectionTarget.objects.select_related("region")),
            "teams",
            Prefetch("deadline_rules", queryset=DeadlineRule.objects.order_by("id")),
        ),
        code=code,
    )


def can_edit(user, inspection: Inspection) -> bool:
    return Inspection.objects.editable_by(user).filter(pk=inspection.pk).exists()
