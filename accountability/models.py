"""Loop C's first record: who was held accountable (责任追究/问责), for what, and by whom.

A record links to what caused it (a rectification task today; complaints and field inspections
later) so that discipline inspectors (督办监察组) can audit that each finding led somewhere.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet


class Form(models.TextChoices):
    """Forms of accountability, mildest first (DOMAIN.md, loop C)."""

    ADMONITION = "admonition", _("诫勉谈话")
    CIRCULATED = "circulated", _("通报批评")
    WARNING = "warning", _("警告")
    DEMERIT = "demerit", _("记过")
    MAJOR_DEMERIT = "major_demerit", _("记大过")
    DEMOTION = "demotion", _("降级")
    DISMISSAL = "dismissal", _("撤职")
    OTHER = "other", _("其他")


class RecordStatus(models.TextChoices):
    PROPOSED = "proposed", _("待处理")
    DECIDED = "decided", _("已作出决定")


class RecordQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region_prefix"


class Record(models.Model):
    person_name = models.CharField(_("被问责人"), max_length=40)
    post = models.CharField(_("职务"), max_length=80, blank=True)
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    form = models.CharField(_("问责方式"), max_length=16, choices=Form.choices, blank=True)
    reason = models.TextField(_("问责事由"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.PROPOSED
    )
    decided_by = models.CharField(_("决定机关"), max_length=120, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    task = models.ForeignKey(
        "rectification.Task",
        verbose_name=_("整改任务"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accountability_records",
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("信访举报件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accountability_records",
    )
    source = models.CharField(_("线索来源"), max_length=120, blank=True)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("责任追究")
        verbose_name_plural = _("责任追究")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.person_name}（{self.unit}）"
