"""Looking things up within one inspection: the units in its places, and the source a finding names."""

from django.db.models import Q

from fieldwork.models import Interview, RequestItem, SiteVisit, SourceKind
from organisations.models import Unit


def units_of(inspection):
    prefixes = [t.region.prefix for t in inspection.targets.select_related("region")]
    query = Q()
    for prefix in prefixes:
        query |= Q(region__prefix__startswith=prefix)
    return (
        Unit.objects.filter(query, is_active=True).select_related("region").order_by("region__code", "name")
    )


def source_for(inspection, kind: str, reference: str):
    """The source a finding names, looked up within the inspection by what the team types or picks."""
    from complaints.models import Complaint

    reference = (reference or "").strip()
    if kind == SourceKind.COMPLAINT:
        return Complaint.objects.filter(inspection=inspection, number=reference).first()
    if not reference.isdigit():
        return None
    pk = int(reference)
    if kind == SourceKind.DOCUMENT:
        return (
            RequestItem.objects.filter(request__inspection=inspection, pk=pk)
            .select_related("request")
            .first()
        )
    if kind == SourceKind.INTERVIEW:
        return Interview.objects.filter(inspection=inspection, pk=pk).first()
    if kind == SourceKind.SITE:
        return SiteVisit.objects.filter(inspection=inspection, pk=pk).first()
    if kind == SourceKind.FIELD_CHECK:
        from fieldchecks.models import Problem

        return (
            Problem.objects.filter(site__field_check__inspection=inspection, pk=pk)
            .select_related("site__field_check")
            .first()
        )
    return None
