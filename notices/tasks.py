"""Copies of inbox messages by e-mail and SMS, sent after the transaction that created them."""

from django.core.mail import send_mail
from huey.contrib.djhuey import task

from notices.models import Notification
from notices.sms import get_backend


@task(retries=3, retry_delay=60)
def deliver_notifications(ids: list[int], sms: bool = False) -> int:
    """E-mail (and optionally SMS) each notification to its user; returns how many were sent."""
    sent = 0
    backend = get_backend() if sms else None
    for note in Notification.objects.filter(pk__in=ids).select_related("user"):
        user = note.user
        if user.email:
            send_mail(
                note.title, f"{note.body}\n\n{note.link}".strip(), None, [user.email], fail_silently=False
            )
            sent += 1
        if backend is not None and user.phone:
            backend.send(user.phone, f"【督察系统】{note.title}")
    return sent
