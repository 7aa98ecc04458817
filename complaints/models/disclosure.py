"""Publication snapshots for the public, and the daily acceptance-number counter."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models.complaint import Batch, Complaint


class Publication(models.Model):
    """One publication of a batch's disclosure table; a later one republishes what has changed."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="publications")
    sequence = models.PositiveSmallIntegerField(_("公开次序"))
    published_at = models.DateTimeField(_("公开时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("公开")
        verbose_name_plural = _("公开")
        ordering = ["batch", "sequence"]
        constraints = [models.UniqueConstraint(fields=["batch", "sequence"], name="publication_once")]

    def __str__(self):
        return f"{self.batch} 第{self.sequence}次公开"


class PublishedItem(models.Model):
    """A row of the public table exactly as published: a snapshot, so later internal edits never
    leak before the next publication. Holds no reporter data by construction."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="items")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="published_items")
    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="+")
    batch_number = models.PositiveIntegerField(_("批次"))
    number = models.CharField(_("受理编号"), max_length=40)
    text = models.TextField(_("交办问题基本情况"))
    region_name = models.CharField(_("行政区域"), max_length=64)
    pollution_types = models.CharField(_("污染类型"), max_length=200)
    findings = models.TextField(_("调查核实情况"))
    verdict = models.CharField(_("是否属实"), max_length=8)
    measures = models.TextField(_("处理和整改情况"))
    accountability = models.TextField(_("责任追究情况"))
    handling_state = models.CharField(_("办结状态"), max_length=16)
    is_current = models.BooleanField(_("现行"), default=True)

    class Meta:
        verbose_name = _("公开条目")
        verbose_name_plural = _("公开条目")
        ordering = ["batch_number", "number"]
        indexes = [
            models.Index(
                fields=["inspection", "batch_number", "number"],
                name="published_current",
                condition=Q(is_current=True),
            )
        ]

    def __str__(self):
        return self.number


class NumberCounter(models.Model):
    """The last serial used for acceptance numbers of one inspection on one day (row-locked)."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "day"], name="number_counter_once")]

    def __str__(self):
        return f"{self.day}: {self.last}"
