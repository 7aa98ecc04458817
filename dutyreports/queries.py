"""Reads of the annual duty reports: the office sees every report of its area, a unit its own."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_noop

from dutyreports.models import Cycle, Report, ReportStatus

PENDING = (ReportStatus.DUE, ReportStatus.RETURNED)


def reports_for(user):
    rows = Report.objects.visible_to(user).select_related("cycle__region", "unit__region")
    if not user.is_superuser and not user.has_role("office", "leader", "discipline"):
        rows = rows.filter(unit_id=user.unit_id)
    return rows


def report_for(user, pk: int) -> Report:
    return get_object_or_404(reports_for(user), pk=pk)


def cycles_for(user):
    prefix = "" if user.is_superuser else (user.unit.region.prefix if user.unit_id else None)
    if prefix is None:
        return Cycle.objects.none()
    ancestors = [prefix[:n] for n in (0, 2, 4, 6, 9) if n <= len(prefix)]
    return Cycle.objects.filter(
        Q(region__prefix__startswith=prefix) | Q(region__prefix__in=ancestors)
    ).select_related("region")


def counts(rows, today=None) -> dict:
    today = today or timezone.localdate()
    return rows.aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])),
        to_review=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
        accepted=Count("pk", filter=Q(status=ReportStatus.ACCEPTED)),
        returned=Count("pk", filter=Q(status=ReportStatus.RETURNED)),
        late=Count("pk", filter=Q(status__in=PENDING, cycle__due_on__lt=today)),
        submitted_late=Count("pk", filter=Q(submitted_late=True)),
    )


def workbench_items(user) -> list[dict]:
    from django.urls import reverse

    url = reverse("duty_reports")
    today = timezone.localdate()
    if user.has_role("office"):
        figures = counts(reports_for(user), today)
        if not figures["total"]:
            return []
        return [
            {
                "label": gettext_noop("份履职报告待审阅"),
                "n": figures["to_review"],
                "url": f"{url}?status=submitted",
                "red": False,
            },
            {
                "label": gettext_noop("个单位履职报告逾期未报"),
                "n": figures["late"],
                "url": f"{url}?status=late",
                "red": True,
            },
        ]
    if user.has_role("handler", "signer") and user.unit_id:
        rows = Report.objects.filter(unit_id=user.unit_id, status__in=PENDING)
        n = rows.count()
        if not n:
            return []
        late = rows.filter(cycle__due_on__lt=today).exists()
        label = gettext_noop("份履职报告逾期未报") if late else gettext_noop("份履职报告待提交")
        return [{"label": label, "n": n, "url": url, "red": late}]
    return []
