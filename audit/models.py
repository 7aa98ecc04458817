"""The event log: one row for every transition or change, shown as a timeline on its subject."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet


class EventQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region_prefix"

    def about(self, obj):
        return self.filter(subject_type=obj._meta.label_lower, subject_id=str(obj.pk))


class Event(models.Model):
    """Who did what to which record, when, from which state to which, and why.

    `subject_type`/`subject_id` name any record (an inspection today; complaints, tasks and
    accountability records later). `region_prefix` is the subject's region so that the event log is
    scoped like everything else."""

    subject_type = models.CharField(_("对象类型"), max_length=60)
    subject_id = models.CharField(_("对象编号"), max_length=40)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, blank=True)
    action = models.CharField(_("动作"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=40, blank=True)
    to_state = models.CharField(_("新状态"), max_length=40, blank=True)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("事件")
        verbose_name_plural = _("事件")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"], name="event_subject_time")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
