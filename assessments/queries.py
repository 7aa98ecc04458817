"""Reads of assessment. Everything starts from the schemes a user may see: the office's and the leaders'
own city; a county or department sees its own detail and the published rankings, not a neighbour's detail;
an assessor sees the schemes it scores for."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from assessments.models import Deduction, Publication, Result, Scheme, Subject

LINKS = {
    "rectification.action": "/rectification/actions/?id={pk}",
    "complaints.complaint": "/complaints/{pk}/",
    "rectification.task": "/rectification/tasks/{pk}/",
    "liaison.visit": "/liaison/visits/{pk}/",
    "accountability.record": "/accountability/{pk}/",
    "organisations.region": "/liaison/",
}


def is_overseer(user) -> bool:
    """Who sees every unit's detail: the office, the leaders and the discipline group of the city."""
    return user.is_superuser or user.has_role("office", "leader", "discipline")


def schemes_for(user):
    if user.is_superuser:
        return Scheme.objects.all()
    if user.has_role("assessor") and user.unit_id:
        return Scheme.objects.filter(indicators__assessor_id=user.unit_id).distinct()
    prefix = user.unit.region.prefix if user.unit_id else None
    if prefix is None:
        return Scheme.objects.none()
    # A county sees its city's schemes (for its own results and the published rankings).
    ancestors = [prefix[:n] for n in (2, 4, 6) if n <= len(prefix)]
    return Scheme.objects.filter(Q(region__prefix__startswith=prefix) | Q(region__prefix__in=ancestors))


def scheme_for_user(user, pk: int) -> Scheme:
    return get_object_or_404(schemes_for(user).select_related("region"), pk=pk)


def visible_subjects(user, scheme: Scheme):
    """Subjects whose detail the user may open: all for an overseer or the scheme's assessor, else its own."""
    rows = scheme.subjects.select_related("unit")
    if is_overseer(user) or (
        user.has_role("assessor") and scheme.indicators.filter(assessor_id=user.unit_id).exists()
    ):
        return rows
    return rows.filter(unit_id=user.unit_id)


def results(user, scheme: Scheme, period: str):
    """The ranking: every row for an overseer, else every row once published, else the user's own."""
    rows = (
        Result.objects.filter(scheme=scheme, period=period)
        .select_related("subject__unit")
        .order_by("rank", "subject__unit__name")
    )
    if is_overseer(user) or Publication.objects.filter(scheme=scheme, period=period).exists():
        return rows
    return rows.filter(subject__unit_id=user.unit_id)


def subject_for(user, scheme: Scheme, pk: int) -> Subject:
    return get_object_or_404(visible_subjects(user, scheme), pk=pk)


def deductions(scheme: Scheme, period: str, subject: Subject):
    rows = Deduction.objects.filter(scheme=scheme, period=period, subject=subject).select_related(
        "rule", "indicator"
    )
    return rows.order_by("indicator__sort_order", "day", "pk")


def link_of(deduction: Deduction) -> str:
    return LINKS.get(deduction.link_label, "#").format(pk=deduction.link_pk)


def trend(scheme: Scheme, subject: Subject) -> list[dict]:
    return [
        {"period": r.period, "score": float(r.score), "rank": r.rank}
        for r in Result.objects.filter(
            scheme__code=scheme.code, subject__unit=subject.unit, period__startswith=str(scheme.year)
        ).order_by("period")
    ]


def public_rankings():
    return Publication.objects.select_related("scheme__region").order_by("-published_at")


def report_rows(scheme: Scheme, period: str) -> list[dict]:
    """Every unit's score, rank, grade, deductions by rule and veto: the command's and the API's answer."""
    from django.db.models import Sum

    by_rule = {}
    for row in (
        Deduction.objects.filter(scheme=scheme, period=period)
        .values("subject_id", "rule__event")
        .annotate(n=Sum("points"))
    ):
        by_rule.setdefault(row["subject_id"], {})[row["rule__event"]] = float(row["n"])
    return [
        {
            "unit": r.subject.unit.name,
            "unit_id": r.subject.unit_id,
            "subject_id": r.subject_id,
            "score": float(r.score),
            "rank": r.rank,
            "grade": r.grade,
            "grade_name": r.get_grade_display(),
            "deducted": float(r.deducted),
            "vetoed": r.vetoed,
            "deductions": by_rule.get(r.subject_id, {}),
        }
        for r in Result.objects.filter(scheme=scheme, period=period)
        .select_related("subject__unit")
        .order_by("rank", "subject__unit__name")
    ]
