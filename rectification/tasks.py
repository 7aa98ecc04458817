"""The rectification sweep: warnings, supervision letters, interviews, late reports and the end of
public notices. Each step is one set-based statement whose condition excludes the rows it already
handled (or a unique constraint refuses the second copy), so a second run changes nothing."""

import datetime as dt

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from audit.workflow import record_events_for
from notices.bulk import notify_counted
from notices.workflow import deliver_after_commit
from rectification import schedule, workflow
from rectification.models import (
    Action,
    ActionKind,
    Cycle,
    Task,
    TaskStatus,
    WarningLevel,
    first_of_month,
)

REASONS = {
    ActionKind.RED: "整改任务已超过完成时限或严重滞后于序时进度，无法按期完成",
    ActionKind.YELLOW: "整改任务滞后于序时进度",
    ActionKind.LETTER: "累计两次黄色预警，专函督办",
    ActionKind.INTERVIEW: "红色预警，约谈牵头单位主要负责人",
}


def _insert_actions(kind: str, condition: str, params: list, *, today: dt.date, stamp: dt.datetime) -> int:
    """INSERT … SELECT one notice of `kind` per rectifying task meeting `condition` (SQL over the
    task alias `t`), unless this month's is already there."""
    ops = connection.ops
    period = ops.adapt_datefield_value(first_of_month(today))
    sql = f"""
        INSERT INTO {Action._meta.db_table}
            (report_id, kind, task_id, unit_id, period, issued_on, reason, source, held_on, record,
             region_prefix, created_by_id, created_at, series, main_to, copy_to, copies)
        SELECT t.report_id, %s, t.id, t.lead_unit_id, %s, %s, %s, 'sweep', NULL, '', t.region_prefix, NULL, %s,
               'monthly', '', '', NULL
        FROM {Task._meta.db_table} t
        WHERE t.status = %s AND ({condition})
          AND NOT EXISTS (SELECT 1 FROM {Action._meta.db_table} a
                          WHERE a.task_id = t.id AND a.kind = %s AND a.period = %s)
        ON CONFLICT DO NOTHING
    """
    values = [
        kind, period, ops.adapt_datefield_value(today), REASONS[kind], ops.adapt_datetimefield_value(stamp),
        TaskStatus.RECTIFYING, *params, kind, period,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return max(cursor.rowcount, 0)


def _analyze_if_grown(inserted: int) -> None:
    """After a sweep that raised thousands of notices (the first of a month), refresh the planner's
    statistics at once rather than waiting for autovacuum, so that the next statements (and the next
    run) join against the notices with a hash rather than a loop."""
    if inserted >= 1000 and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Action._meta.db_table}")


def sweep_rectification(today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    stamp = timezone.now()
    ops = connection.ops
    day = ops.adapt_datefield_value(today)
    result = {}
    rectifying = Task.objects.filter(status=TaskStatus.RECTIFYING)
    red = Q(red_from__lte=today)
    yellow = Q(yellow_from__lte=today) & (Q(red_from__isnull=True) | Q(red_from__gt=today))
    calm = (Q(yellow_from__isnull=True) | Q(yellow_from__gt=today)) & (
        Q(red_from__isnull=True) | Q(red_from__gt=today)
    )

    with transaction.atomic():
        # 1. This month's warning notices.
        result["red_notices"] = _insert_actions(
            ActionKind.RED, "t.red_from <= %s", [day], today=today, stamp=stamp
        )
        result["yellow_notices"] = _insert_actions(
            ActionKind.YELLOW,
            "t.yellow_from <= %s AND (t.red_from IS NULL OR t.red_from > %s)",
            [day, day],
            today=today,
            stamp=stamp,
        )
        # 2. The task's level and its dispatch cycle (lagging tasks report more often).
        for level, condition in (
            (WarningLevel.RED, red),
            (WarningLevel.YELLOW, yellow),
            (WarningLevel.NONE, calm),
        ):
            rows = rectifying.filter(condition).exclude(warning_level=level)
            cycle = schedule.cycle_for(level)
            record_events_for(
                rows, action=f"warning_{level or 'lifted'}", to_state=level, note="系统预警", at=stamp
            )
            updates = {"warning_level": level, "cycle": cycle, "updated_at": stamp}
            if cycle != Cycle.MONTHLY:
                updates["next_report_due"] = Least(
                    Coalesce(F("next_report_due"), schedule.first_due(today, cycle)),
                    schedule.first_due(today, cycle),
                )
            result[f"level_{level or 'none'}"] = rows.update(**updates)
        # 3. Follow-ups: two yellows bring a letter, a red an interview (once per task).
        action_table = Action._meta.db_table
        _analyze_if_grown(result["red_notices"] + result["yellow_notices"])
        result["letters"] = _insert_actions(
            ActionKind.LETTER,
            f"t.id IN (SELECT task_id FROM {action_table} WHERE kind = 'yellow' GROUP BY task_id HAVING COUNT(*) >= 2) "
            f"AND (SELECT COUNT(*) FROM {action_table} y WHERE y.task_id = t.id AND y.kind = 'yellow') >= "
            f"2 * ((SELECT COUNT(*) FROM {action_table} l WHERE l.task_id = t.id AND l.kind = 'letter') + 1)",
            [],
            today=today,
            stamp=stamp,
        )
        result["interviews"] = _insert_actions(
            ActionKind.INTERVIEW,
            f"t.warning_level = 'red' AND NOT EXISTS (SELECT 1 FROM {action_table} i "
            f"WHERE i.task_id = t.id AND i.kind = 'interview')",
            [],
            today=today,
            stamp=stamp,
        )
        # 4. Missing dispatch reports.
        result["reports_late"] = rectifying.filter(next_report_due__lt=today, report_late=False).update(
            report_late=True, updated_at=stamp
        )
        # 5. Notices that ended with no objection left open: closed (销号).
        result["closed"] = workflow.close_ended_notices(today, at=stamp)
        # 6. Tell each unit once per kind: one INSERT … SELECT per kind, whatever the number of units.
        result["notifications"] = _notify(stamp, today)
        if result["notifications"]:
            deliver_after_commit()
    return result


def _notify(stamp: dt.datetime, today: dt.date) -> int:
    sent = 0
    for kind in (ActionKind.RED, ActionKind.YELLOW, ActionKind.LETTER, ActionKind.INTERVIEW):
        groups = (
            Action.objects.filter(created_at=stamp, source="sweep", kind=kind, unit__isnull=False)
            .values("unit_id")
            .annotate(subject_id=F("unit_id"), n=Count("pk"))
            .order_by()
        )
        urgent = kind in (ActionKind.RED, ActionKind.INTERVIEW)
        sent += notify_counted(
            groups,
            roles=["handler", "signer"],
            title=f"{kind.label}：{{n}} 项整改任务",
            link="/rectification/?tab=" + ("red" if urgent else "yellow"),
            level="danger" if urgent else "warn",
            key=f"rect-{kind}-{{subject}}-{today:%Y%m%d}",
            stamp=stamp,
            sms=urgent,
            body=REASONS[kind],
        )
    return sent


@db_periodic_task(crontab(minute="*/30"))
@lock_task("sweep-rectification")
def sweep_rectification_periodically():
    return sweep_rectification()
