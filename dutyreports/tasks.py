"""The reminder sweep of the annual duty reports: a reminder in the inbox of the units whose report is due
within REMIND_DAYS or late, once per report, stage and week. Set-based: one query finds the reports, one
the recipients, one INSERT stores every reminder; the same key twice stores nothing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from accounts.models import User
from dutyreports.models import Report, ReportStatus
from notices.models import Notification

REMIND_DAYS = 7
UNIT_ROLES = ("handler", "signer")


def remind_duty_reports(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    week = today.isocalendar()
    pending = Report.objects.filter(status__in=[ReportStatus.DUE, ReportStatus.RETURNED])
    due = pending.filter(cycle__due_on__gte=today, cycle__due_on__lte=today + dt.timedelta(days=REMIND_DAYS))
    late = pending.filter(cycle__due_on__lt=today)
    reports = {
        unit_id: (stage, year, due_on)
        for stage, rows in (("soon", due), ("late", late))
        for unit_id, year, due_on in rows.values_list("unit_id", "cycle__year", "cycle__due_on")
    }
    if not reports:
        return 0
    users = User.objects.with_role(*UNIT_ROLES).filter(unit_id__in=reports, is_active=True)
    stamp = timezone.now()
    rows = []
    for user_id, unit_id in users.values_list("pk", "unit_id"):
        stage, year, due_on = reports[unit_id]
        late_days = (today - due_on).days
        title = (
            f"{year}年度环保履职报告已逾期 {late_days} 天，请尽快报送"
            if stage == "late"
            else f"{year}年度环保履职报告请于 {due_on:%m月%d日} 前报送"
        )
        rows.append(Notification(
            user_id=user_id, title=title, link="/duty-reports/", level="danger" if stage == "late" else "warn",
            key=f"duty-{stage}:{unit_id}:{year}:{week.year}-{week.week}", created_at=stamp,
        ))  # fmt: skip
    keys = Notification.objects.filter(key__in={row.key for row in rows})
    with transaction.atomic():
        before = set(keys.values_list("pk", flat=True))
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        new = sorted(set(keys.values_list("pk", flat=True)) - before)
        if new:
            from notices.workflow import deliver_after_commit

            deliver_after_commit()
    return len(new)


@db_periodic_task(crontab(hour="8", minute="5"))
@lock_task("remind-duty-reports")
def remind_duty_reports_daily():
    return remind_duty_reports()
