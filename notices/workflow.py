"""Sending messages: an inbox row per user now, e-mail and SMS copies once the transaction commits."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notices.models import Notification


def notify(
    users,
    *,
    title: str,
    body: str = "",
    link: str = "",
    level: str = "info",
    key: str = "",
    sms: bool = False,
) -> int:
    """Store one notification per user (once per `key`) and queue its e-mail and SMS copies."""
    stamp = timezone.now()
    users = list(users)
    if key:
        already = set(Notification.objects.filter(key=key, user__in=users).values_list("user_id", flat=True))
        users = [u for u in users if u.pk not in already]
    if not users:
        return 0
    rows = [
        Notification(
            user=u, title=title, body=body, link=link, level=level, key=key, created_at=stamp, sms=sms
        )
        for u in users
    ]
    # A concurrent sender with the same key loses quietly to the unique constraint.
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    count = (
        Notification.objects.filter(user__in=users, created_at=stamp, title=title).count()
        if key
        else len(rows)
    )
    if count:
        deliver_after_commit()
    return count


def deliver_after_commit() -> None:
    """Queue the e-mail and SMS copies of whatever is pending, once the transaction has committed."""
    from notices.tasks import deliver_pending

    transaction.on_commit(lambda: deliver_pending())


def notify_units(unit_ids, roles, **message) -> int:
    """Notify the active users with any of `roles` in the given units."""
    users = User.objects.with_role(*roles).filter(unit_id__in=list(unit_ids), is_active=True).order_by("pk")
    return notify(list(users), **message)


def mark_read(user, ids=None) -> int:
    rows = Notification.objects.filter(user=user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


# The detail page of each kind of record notifications point to: when the record moves on, what was
# sent about its previous state is done.
DETAIL_LINKS = {
    "complaints.complaint": "/complaints/{pk}/",
    "rectification.task": "/rectification/tasks/{pk}/",
}


def settle(subject_type: str, ids, *, at=None) -> int:
    """Mark done (read) the unread notifications sent, before `at`, about these records: the work they
    asked for was done, or the record moved past it. One UPDATE."""
    pattern = DETAIL_LINKS.get(subject_type)
    if pattern is None:
        return 0
    links = [pattern.format(pk=pk) for pk in ids]
    if not links:
        return 0
    at = at or timezone.now()
    return Notification.objects.filter(link__in=links, read_at__isnull=True, created_at__lt=at).update(
        read_at=at
    )


def settle_rows(subject_type: str, source: str, params, *, at) -> int:
    """`settle` for the rows an SQL `source` selects (columns `subject`, `prefix`), in one UPDATE."""
    from django.db import connection

    pattern = DETAIL_LINKS.get(subject_type)
    if pattern is None:
        return 0
    head, tail = pattern.split("{pk}")
    table = Notification._meta.db_table
    stamp = connection.ops.adapt_datetimefield_value(at)
    sql = f"""
        UPDATE {table} SET read_at = %s
        WHERE read_at IS NULL AND created_at < %s
          AND link IN (SELECT %s || CAST(s.subject AS VARCHAR(40)) || %s FROM ({source}) s)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [stamp, stamp, head, tail, *params])
        return max(cursor.rowcount, 0)


def settle_empty_queues(user) -> int:
    """Notifications that point to one of the user's complaint queues (/complaints/?queue=to_confirm) are
    done once that queue is empty for the user."""
    from urllib.parse import parse_qs, urlparse

    from complaints.queries import QUEUES, queue_counts

    links = set(
        Notification.objects.filter(user=user, read_at__isnull=True, link__startswith="/complaints/?queue=")
        .values_list("link", flat=True)
        .distinct()
    )
    queues = {link: parse_qs(urlparse(link).query).get("queue", [""])[0] for link in links}
    names = [q for q in set(queues.values()) if q in QUEUES]
    if not names:
        return 0
    counts = queue_counts(user, names)
    empty = [link for link, queue in queues.items() if queue in QUEUES and not counts.get(queue)]
    if not empty:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True, link__in=empty).update(
        read_at=timezone.now()
    )
