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
    # No database constraint and no cascade: deleting a user never rewrites the trail; the name the
    # actor had is kept beside the reference.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=120, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # The chain (audit.chain): position and keyed hash, set when the event is sealed.
    seq = models.BigIntegerField(_("链序号"), null=True, blank=True, unique=True, editable=False)
    chain_hash = models.CharField(_("链哈希"), max_length=64, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("事件")
        verbose_name_plural = _("事件")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"], name="event_subject_time")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class ChainHead(models.Model):
    """The last sealed event of the chain (one row): where the next seal continues, and what a check
    expects to find at the end."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("审计链末端")
        verbose_name_plural = _("审计链末端")

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]}"


class ChainCheck(models.Model):
    """The result of one verification of the whole chain (periodic, or `verify_audit`)."""

    checked_at = models.DateTimeField(_("核验时间"), default=timezone.now, db_index=True)
    ok = models.BooleanField(_("完好"))
    checked = models.BigIntegerField(_("核验条数"), default=0)
    unsealed = models.BigIntegerField(_("待封存条数"), default=0)
    head_seq = models.BigIntegerField(_("链末序号"), default=0)
    head_hash = models.CharField(_("链末哈希"), max_length=64, blank=True)
    broken_seq = models.BigIntegerField(_("首个断点序号"), null=True, blank=True)
    broken_event_id = models.BigIntegerField(_("首个断点事件"), null=True, blank=True)
    message = models.TextField(_("结论"), blank=True)
    seconds = models.FloatField(_("用时（秒）"), default=0)

    class Meta:
        verbose_name = _("审计链核验")
        verbose_name_plural = _("审计链核验")
        ordering = ["-checked_at", "-id"]

    def __str__(self):
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'完好' if self.ok else '异常'}"
