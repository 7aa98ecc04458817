"""Notifications written set-based: one INSERT … SELECT for many groups (a sweep's thousands of lead
units), never a call per group. The e-mail and SMS copies follow in batches (notices.tasks)."""

from django.db import connection

from accounts.models import User
from notices.models import Notification
from organisations.models import UnitDuty, duties_giving


def notify_counted(
    groups, *, roles, title: str, link: str, level: str, key: str, stamp, sms: bool = False, body: str = ""
) -> int:
    """`groups`: a queryset of values `unit_id`, `subject_id`, `n`. Each active user holding one of `roles`
    in a group's unit gets one message: `title` with {n} the group's count, `key` with {subject} its
    subject, so that a second run with the same key adds nothing. Returns how many were written."""
    groups_sql, groups_params = groups.query.sql_with_params()
    head, tail = title.split("{n}", 1) if "{n}" in title else (title, "")
    key_head, key_tail = key.split("{subject}", 1) if "{subject}" in key else (key, "")
    users, user_roles, duties = (
        User._meta.db_table,
        User.roles.through._meta.db_table,
        UnitDuty._meta.db_table,
    )
    role_column = User.roles.through._meta.get_field("role").column
    placeholders = ", ".join(["%s"] * len(roles))
    given = duties_giving(*roles)
    by_duty = (
        f" OR EXISTS (SELECT 1 FROM {duties} d WHERE d.unit_id = u.unit_id AND d.duty IN "
        f"({', '.join(['%s'] * len(given))}))"
        if given
        else ""
    )
    sql = f"""
        INSERT INTO {Notification._meta.db_table}
            (user_id, level, title, body, link, key, created_at, read_at, sms, delivered_at)
        SELECT u.id, %s, %s || CAST(g.n AS VARCHAR(20)) || %s, %s, %s,
               %s || CAST(g.subject_id AS VARCHAR(20)) || %s, %s, NULL, %s, NULL
        FROM ({groups_sql}) g
        JOIN {users} u ON u.unit_id = g.unit_id AND u.is_active
        WHERE (EXISTS (SELECT 1 FROM {user_roles} r WHERE r.user_id = u.id AND r.{role_column} IN ({placeholders})){by_duty})
        ON CONFLICT DO NOTHING
    """
    params = [
        level, head, tail, body, link, key_head, key_tail, connection.ops.adapt_datetimefield_value(stamp), sms,
        *groups_params, *roles, *given,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


__all__ = ["notify_counted"]
