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


def workbench_items(user) -> list[dict]:
    """The office: objections to decide and vetoes to approve; an assessor: scores still to enter for the
    quarters gone by; a unit: its published results whose objection window is open."""
    from django.utils import timezone
    from django.utils.translation import gettext_noop

    from assessments.models import Frequency, IndicatorKind, Objection, Score, Veto

    items = []
    if user.has_role("office"):
        schemes = schemes_for(user).filter(
            region__prefix__startswith=user.unit.region.prefix if user.unit_id else ""
        )
        objections = Objection.objects.filter(result__scheme__in=schemes, status="open").count()
        vetoes = Veto.objects.filter(scheme__in=schemes, approved_at__isnull=True).count()
        if objections or vetoes:
            items.append(
                {
                    "label": gettext_noop("件考核异议待处理"),
                    "n": objections,
                    "url": "/assessments/",
                    "red": True,
                }
            )
            items.append(
                {"label": gettext_noop("项一票否优待批准"), "n": vetoes, "url": "/assessments/", "red": False}
            )
    if user.has_role("assessor") and user.unit_id:
        today = timezone.localdate()
        missing = 0
        for scheme in schemes_for(user).filter(year=today.year):
            done = [
                f"{scheme.year}Q{q}"
                for q in range(1, 5)
                if scheme.frequency == Frequency.QUARTERLY and (3 * q) < today.month
            ]
            own = scheme.indicators.filter(kind=IndicatorKind.THIRD_PARTY, assessor_id=user.unit_id)
            expected = own.count() * scheme.subjects.count() * len(done)
            missing += expected - Score.objects.filter(indicator__in=own, period__in=done).count()
        if missing:
            items.append(
                {
                    "label": gettext_noop("项第三方评分待录入"),
                    "n": missing,
                    "url": "/assessments/",
                    "red": True,
                }
            )
    if user.unit_id and user.has_role("handler", "signer"):
        open_window = Publication.objects.filter(
            objections_until__gte=timezone.localdate(), scheme__subjects__unit_id=user.unit_id
        ).count()
        if open_window:
            items.append(
                {
                    "label": gettext_noop("份考核结果已公布（异议期内）"),
                    "n": open_window,
                    "url": "/assessments/",
                    "red": False,
                }
            )
    return items
