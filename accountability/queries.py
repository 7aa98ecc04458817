"""Reads of loop C's accountability: the records a user may see, the discipline group's queue of cases
where accountability is due but missing, and the figures. Everything starts from `visible_to(user)`."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_noop

from accountability.models import AuditStatus, CadreLevel, Record, RecordStatus, form_names

# A complaint found true in some part: its promised accountability is due.
TRUE_VERDICTS = ("true", "mostly", "partly")


def records_for(user, *, tab: str = "", q: str = "", unit: int | None = None):
    rows = Record.objects.visible_to(user).select_related("unit").with_form_names()
    if tab == "proposed":
        rows = rows.filter(status=RecordStatus.PROPOSED)
    elif tab == "to_verify":
        rows = rows.exclude(status=RecordStatus.PROPOSED).filter(audit_status=AuditStatus.PENDING)
    elif tab == "insufficient":
        rows = rows.filter(audit_status=AuditStatus.INSUFFICIENT)
    elif tab == "overdue":
        rows = overdue_decisions(user).select_related("unit").with_form_names()
    elif tab == "sampled":
        rows = rows.filter(sampled_at__isnull=False, audit_status=AuditStatus.PENDING)
    if unit:
        rows = rows.filter(unit_id=unit)
    if q:
        rows = rows.filter(
            Q(person_name__contains=q) | Q(reason__contains=q) | Q(document_number__contains=q)
        )
    return rows.order_by("-created_at", "-id")


def record_for(user, pk: int) -> Record:
    return get_object_or_404(
        Record.objects.visible_to(user)
        .select_related("unit__region", "task", "interview", "created_by")
        .with_form_names(),
        pk=pk,
    )


def complaints_missing_records(user):
    """Complaints verified (partly) true whose accepted feedback counts more people held accountable
    than there are records linked to them: the count the public table shows is not backed."""
    from complaints.models import Complaint

    return (
        Complaint.objects.visible_to(user)
        .filter(verdict__in=TRUE_VERDICTS, accountable_people__gt=0)
        .annotate(recorded=Count("accountability_records", distinct=True))
        .filter(accountable_people__gt=F("recorded"))
        .select_related("region", "lead_unit")
        .order_by("result_changed_at", "pk")
    )


def interviews_without_records(user):
    """Interviews (约谈) held whose task has no accountability record from them."""
    from rectification.models import Action, ActionKind

    return (
        Action.objects.visible_to(user)
        .filter(kind=ActionKind.INTERVIEW, held_on__isnull=False, accountability_records__isnull=True)
        .select_related("task", "unit")
        .order_by("held_on", "pk")
    )


def findings_without_records(user):
    """Spot-check findings of superficial, fake, perfunctory or rebounded work with no record."""
    from rectification.models import FAILED_FINDINGS, SpotCheckItem

    return (
        SpotCheckItem.objects.filter(
            task__in=_tasks_visible(user), finding__in=FAILED_FINDINGS, accountability_records__isnull=True
        )
        .select_related("task", "spot_check")
        .order_by("checked_on", "pk")
    )


def liaison_findings_without_records(user):
    """Liaison visits' findings (包联督导) that call for accountability and have no record yet."""
    from liaison.models import Finding

    return (
        Finding.objects.visible_to(user)
        .filter(needs_accountability=True, accountability_records__isnull=True)
        .select_related("visit__assignment__post__person", "unit", "task")
        .order_by("visit__visited_on", "pk")
    )


def urges_for(user, *, tab: str = ""):
    from accountability.models import Urge, UrgeStatus

    rows = Urge.objects.visible_to(user).select_related("unit", "issuer", "complaint", "task")
    if tab == "open":
        rows = rows.filter(status=UrgeStatus.OPEN)
    elif tab == "overdue":
        rows = rows.filter(status=UrgeStatus.OPEN, due_on__lt=timezone.localdate())
    elif tab == "answered":
        rows = rows.filter(status=UrgeStatus.ANSWERED)
    return rows.order_by("-created_at", "-pk")


def open_urges_by_case(user, cases: dict[str, list[int]]) -> dict[tuple[str, int], object]:
    """Open letters about the cases on screen, keyed by (field, case id): one query, only those cases."""
    from accountability.models import Urge, UrgeStatus

    match = Q()
    for field, ids in cases.items():
        if ids:
            match |= Q(**{f"{field}_id__in": ids})
    if not match:
        return {}
    found = {}
    for urge in Urge.objects.visible_to(user).filter(match, status=UrgeStatus.OPEN).order_by("created_at"):
        for field in cases:
            if (value := getattr(urge, f"{field}_id")) is not None:
                found[(field, value)] = urge
    return found


def requests_for(user, *, tab: str = ""):
    """Supervision requests: the discipline group sees those about its area; a group sees its own."""
    from accountability.models import SupervisionRequest

    rows = SupervisionRequest.objects.visible_to(user)
    if not user.is_superuser and not user.has_role("discipline", "office"):
        rows = rows.filter(from_unit_id=user.unit_id)
    if tab == "open":
        rows = rows.filter(replied_at__isnull=True)
    return rows.select_related("from_unit", "subject_unit").order_by("-created_at", "-pk")


def transfers_for(user, *, inspection: int | None = None):
    from accountability.models import ClueTransfer

    rows = ClueTransfer.objects.visible_to(user).select_related("inspection")
    if inspection:
        rows = rows.filter(inspection_id=inspection)
    return rows.order_by("inspection", "sequence")


def _tasks_visible(user):
    from rectification.models import Task

    return Task.objects.visible_to(user).values("pk")


def overdue_decisions(user):
    """Records proposed more than ACCOUNTABILITY_DECISION_DAYS ago with no decision yet."""
    cutoff = timezone.now() - dt.timedelta(days=settings.ACCOUNTABILITY_DECISION_DAYS)
    return Record.objects.visible_to(user).filter(status=RecordStatus.PROPOSED, created_at__lt=cutoff)


def queue_counts(user) -> dict[str, int]:
    """The discipline group's queue, one count per kind of missing accountability."""
    return {
        "complaints": complaints_missing_records(user).count(),
        "interviews": interviews_without_records(user).count(),
        "findings": findings_without_records(user).count(),
        "liaison": liaison_findings_without_records(user).count(),
        "overdue": overdue_decisions(user).count(),
        "to_verify": records_for(user, tab="to_verify").count(),
        "sampled": records_for(user, tab="sampled").count(),
        "urges_overdue": urges_for(user, tab="overdue").count(),
        "requests": requests_for(user, tab="open").count(),
    }


def figures(user) -> dict:
    """Counts by form, cadre level, unit and month (SQL aggregates), for the page and its chart."""
    rows = Record.objects.visible_to(user)
    names = form_names()
    by_form = [
        {"name": names.get(r["form"], r["form"] or "待定"), "value": r["n"]}
        for r in rows.values("form").annotate(n=Count("id")).order_by("-n")
    ]
    by_level = [
        {"name": str(dict(CadreLevel.choices).get(r["cadre_level"], "")), "value": r["n"]}
        for r in rows.values("cadre_level").annotate(n=Count("id")).order_by("cadre_level")
    ]
    by_unit = list(rows.values("unit__name").annotate(n=Count("id")).order_by("-n")[:15])
    levels = dict(CadreLevel.choices)
    by_month = [
        {"month": r["month"].strftime("%Y-%m"), "level": str(levels.get(r["cadre_level"], "")), "n": r["n"]}
        for r in rows.exclude(decided_on=None)
        .annotate(month=TruncMonth("decided_on"))
        .values("month", "cadre_level")
        .annotate(n=Count("id"))
        .order_by("month", "cadre_level")
    ]
    totals = rows.aggregate(
        total=Count("id"),
        decided=Count("id", filter=~Q(status=RecordStatus.PROPOSED)),
        verified=Count("id", filter=Q(audit_status=AuditStatus.VERIFIED)),
        insufficient=Count("id", filter=Q(audit_status=AuditStatus.INSUFFICIENT)),
    )
    return {
        "totals": totals,
        "by_form": by_form,
        "by_level": by_level,
        "by_unit": by_unit,
        "by_month": by_month,
    }


QUEUE_LABELS = {
    "complaints": gettext_noop("件举报问责无记录支撑"),
    "interviews": gettext_noop("次约谈未见问责"),
    "findings": gettext_noop("项抽查发现未问责"),
    "liaison": gettext_noop("项包联督导发现未问责"),
    "overdue": gettext_noop("条问责决定超期"),
    "urges_overdue": gettext_noop("份督促问责函逾期"),
    "requests": gettext_noop("件监察申请待答复"),
    "to_verify": gettext_noop("条问责待核实"),
    "sampled": gettext_noop("条抽查中"),
}


def workbench_items(user) -> list[dict]:
    """The discipline group's entries on the workbench; a unit's open urge letters for its handlers."""
    from django.urls import reverse

    items = []
    if user.has_role("discipline"):
        queue_url, list_url = reverse("accountability_queue"), reverse("accountability_list")
        urls = {
            "to_verify": f"{list_url}?tab=to_verify", "sampled": f"{list_url}?tab=sampled",
            "urges_overdue": f"{reverse('accountability_urges')}?tab=overdue",
            "requests": f"{reverse('accountability_requests')}?tab=open",
        }  # fmt: skip
        for name, n in queue_counts(user).items():
            red = name not in ("to_verify", "sampled")
            items.append(
                {
                    "label": QUEUE_LABELS[name],
                    "n": n,
                    "url": urls.get(name, f"{queue_url}#{name}"),
                    "red": red,
                }
            )
    elif user.has_role("handler", "signer") and user.unit_id:
        from accountability.models import Urge, UrgeStatus

        n = Urge.objects.filter(unit_id=user.unit_id, status=UrgeStatus.OPEN).count()
        if n:
            items.append({
                "label": gettext_noop("份督促问责函待落实"), "n": n,
                "url": f"{reverse('accountability_urges')}?tab=open", "red": True,
            })  # fmt: skip
    return items
