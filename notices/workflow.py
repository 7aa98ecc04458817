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
        Notification(user=u, title=title, body=body, link=link, level=level, key=key, created_at=stamp)
        for u in users
    ]
    # A concurrent sender with the same key loses quietly to the unique constraint.
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    ids = list(
        Notification.objects.filter(user__in=users, created_at=stamp, title=title).values_list(
            "pk", flat=True
        )
    )
    if ids:
        from notices.tasks import deliver_notifications

        transaction.on_commit(lambda: deliver_notifications(ids, sms=sms))
    return len(ids)


def notify_units(unit_ids, roles, **message) -> int:
    """Notify the active users with any of `roles` in the given units."""
    users = (
        User.objects.filter(unit_id__in=list(unit_ids), roles__code__in=list(roles), is_active=True)
        .distinct()
        .order_by("pk")
    )
    return notify(list(users), **message)


def mark_read(user, ids=None) -> int:
    rows = Notification.objects.filter(user=user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
