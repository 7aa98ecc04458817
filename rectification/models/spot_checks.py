"""Spot checks and look-backs, and the month helper."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectification.models.ledger import FeedbackReport, PrefixScopedQuerySet, Task


class Finding(models.TextChoices):
    SOUND = "sound", _("整改到位")
    SUPERFICIAL = "superficial", _("表面整改")
    FAKE = "fake", _("虚假整改")
    PERFUNCTORY = "perfunctory", _("敷衍整改")
    REBOUNDED = "rebounded", _("问题反弹")


FAILED_FINDINGS = [Finding.SUPERFICIAL, Finding.FAKE, Finding.PERFUNCTORY, Finding.REBOUNDED]


class SpotCheck(models.Model):
    """A reproducible sample of closed tasks (抽查、回头看): same seed and pool, same sample."""

    report = models.ForeignKey(
        FeedbackReport, verbose_name=_("反馈意见"), on_delete=models.CASCADE, related_name="spot_checks"
    )
    title = models.CharField(_("名称"), max_length=120)
    seed = models.BigIntegerField(_("随机种子"))
    size = models.PositiveIntegerField(_("抽取数量"))
    pool_size = models.PositiveIntegerField(_("已销号任务数"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("抽取人"), on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("抽取时间"), default=timezone.now)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)

    objects = PrefixScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("抽查")
        verbose_name_plural = _("抽查")
        ordering = ["-drawn_at"]

    def __str__(self):
        return self.title


class SpotCheckItem(models.Model):
    spot_check = models.ForeignKey(
        SpotCheck, verbose_name=_("抽查"), on_delete=models.CASCADE, related_name="items"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="spot_items"
    )
    finding = models.CharField(_("结论"), max_length=12, choices=Finding.choices, blank=True)
    note = models.TextField(_("抽查情况"), blank=True)
    checked_on = models.DateField(_("核查日期"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("抽查任务")
        verbose_name_plural = _("抽查任务")
        ordering = ["spot_check", "pk"]
        constraints = [models.UniqueConstraint(fields=["spot_check", "task"], name="spot_item_once")]

    def __str__(self):
        return f"{self.task.code} {self.get_finding_display()}"


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)
