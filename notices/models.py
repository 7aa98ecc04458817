"""The in-app inbox: one row per message per user; e-mail and SMS copies are sent by tasks."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user: what happened, where to look (`link`), whether it has been read.

    `key` makes a sender idempotent: the same key for the same user is stored once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    level = models.CharField(
        _("级别"),
        max_length=8,
        default="info",
        choices=[("info", _("提示")), ("warn", _("临期")), ("danger", _("逾期"))],
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    key = models.CharField(_("去重键"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    # E-mail and SMS copies: sent in batches per recipient by notices.tasks.deliver_pending.
    sms = models.BooleanField(_("短信提醒"), default=False, db_default=False)
    delivered_at = models.DateTimeField(_("外发时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_inbox"),
            models.Index(fields=["link", "read_at"], name="notification_by_link"),
            # The delivery task reads what is still to be sent; a partial index keeps that small.
            models.Index(
                fields=["user"],
                name="notification_undelivered",
                condition=models.Q(delivered_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_key_once"
            )
        ]

    def __str__(self):
        return self.title
