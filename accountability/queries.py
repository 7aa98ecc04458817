"""Reads of loop C's accountability: the records a user may see, the discipline group's queue of cases
where accountability is due but missing, and the figures. Everything starts from `visible_to(user)`."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accountability.models import AuditStatus, Record, RecordStatus, form_names

# A complaint found true in some part: its promised accountability is due.
TRUE_VERDICTS = ("true", "mostly", "partly")


def records_for(user, *, tab: str = "", q: str = "", unit: int | None = None):
    rows = Record.objects.visible_to(user).select_related("unit")
    if tab == "proposed":
        rows = rows.filter(status=RecordStatus.PROPOSED)
    elif tab == "to_verify":
        rows = rows.exclude(status=RecordStatus.PROPOSED).filter(audit_status=AuditStatus.PENDING)
    elif tab == "insufficient":
        rows = rows.filter(audit_status=AuditStatus.INSUFFICIENT)
    elif tab == "overdue":
        rows = overdue_decisions(user)
    if unit:
        rows = rows.filter(unit_id=unit)
    if q:
        rows = rows.filter(
            Q(person_name__contains=q) | Q(reason__contains=q) | Q(document_number__contains=q)
        )
    return rows.order_by("-created_at", "-id")


def record_for(user, pk: int) -> Record:
    return get_object_or_404(
        Record.objects.visible_to(user).select_related("unit__region", "task", "interview", "created_by"),
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
        "overdue": overdue_decisions(user).count(),
        "to_verify": records_for(user, tab="to_verify").count(),
    }


def figures(user) -> dict:
    """Counts by form, cadre level, unit and month (SQL aggregates), for the page and its chart."""
    rows = Record.objects.visible_to(user)
    names = form_names()
    by_form = [
        {"name": names.get(r["form"], r["form"] or "待定"), "value": r["n"]}
        for r in rows.values("form").annotate(n=Count("id")).order_by("-n")
    ]
    by_level = list(rows.values("cadre_level").annotate(n=Count("id")).order_by("cadre_level"))
    by_unit = list(rows.values("unit__name").annotate(n=Count("id")).order_by("-n")[:15])
    by_month = [
        {"month": r["month"].strftime("%Y-%m"), "n": r["n"]}
        for r in rows.exclude(decided_on=None)
        .annotate(month=TruncMonth("decided_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
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
