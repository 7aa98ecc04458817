"""E-mail and SMS copies of inbox messages, sent in batches after the transactions that stored them.

One run takes the pending messages in chunks, groups them per recipient and sends each recipient one
e-mail (a digest when there are several) and, where any of them asks for it, one SMS. A recipient whose
sending fails keeps their messages pending for the next run; the others are marked sent. Runs are
locked, so a burst of senders queues one delivery, not one per message."""

import logging
from itertools import groupby

from django.core.mail import send_mail
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from notices.models import Notification
from notices.sms import get_backend

logger = logging.getLogger("ducha.notices")
CHUNK = 2000


def deliver() -> dict[str, int]:
    """Send what is pending; returns the counts (recipients, e-mails, SMS, messages, failures)."""
    counts = {"recipients": 0, "emails": 0, "sms": 0, "messages": 0, "failed": 0}
    backend, failed = None, set()
    while True:
        rows = list(
            Notification.objects.filter(delivered_at__isnull=True)
            .exclude(user_id__in=failed)
            .select_related("user")
            .order_by("user_id", "pk")[:CHUNK]
        )
        if not rows:
            break
        done = []
        for user_id, group in groupby(rows, key=lambda n: n.user_id):
            notes = list(group)
            user = notes[0].user
            try:
                if user.email:
                    subject, body = _email(notes)
                    send_mail(subject, body, None, [user.email], fail_silently=False)
                    counts["emails"] += 1
                if user.phone and any(n.sms for n in notes):
                    backend = backend or get_backend()
                    backend.send(user.phone, _sms(notes))
                    counts["sms"] += 1
            except Exception:  # one recipient's failure must not hold back the others
                logger.exception("sending to user %s failed; kept for the next run", user_id)
                failed.add(user_id)
                counts["failed"] += 1
                continue
            counts["recipients"] += 1
            counts["messages"] += len(notes)
            done += [n.pk for n in notes]
        Notification.objects.filter(pk__in=done).update(delivered_at=timezone.now())
    return counts


def _email(notes) -> tuple[str, str]:
    if len(notes) == 1:
        note = notes[0]
        return note.title, f"{note.body}\n\n{note.link}".strip()
    lines = [f"· {n.title}{('：' + n.body) if n.body else ''}  {n.link}".rstrip() for n in notes]
    return f"【督察系统】{len(notes)} 条新消息", "\n".join(lines)


def _sms(notes) -> str:
    urgent = [n for n in notes if n.sms] or notes
    if len(urgent) == 1:
        return f"【督察系统】{urgent[0].title}"
    return f"【督察系统】{urgent[0].title}等 {len(urgent)} 条消息，请登录查看"


@db_task(retries=3, retry_delay=60)
@lock_task("deliver-notifications")
def deliver_pending() -> dict[str, int]:
    return deliver()


@db_periodic_task(crontab(minute="*"))
@lock_task("deliver-notifications")
def deliver_periodically() -> dict[str, int]:
    """What a failed run left, or a message stored without a queue."""
    return deliver()
