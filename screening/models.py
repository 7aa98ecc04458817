"""What screening learns from offices: place names people use, the phrases that name a pollution type,
and the index of named things that finds repeat complaints."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet


class AliasKind(models.TextChoices):
    FORMER = "former", _("曾用名")
    SHORT = "short", _("简称、俗称")
    ZONE = "zone", _("开发区、园区")
    SCENIC = "scenic", _("景区")
    VILLAGE = "village", _("村、社区")
    LANDMARK = "landmark", _("地标")


class PlaceAliasQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region__prefix"


class PlaceAlias(models.Model):
    """A name callers use for a place, registered by an office: 邢台经济开发区 is managed by 襄都区,
    西关村 lies in 皇寺镇. Former county names from GB/T 2260 need no entry (screening/data)."""

    name = models.CharField(_("名称"), max_length=60)
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("所在（管辖）区域"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("区县或乡镇（街道）"),
    )
    kind = models.CharField(_("类别"), max_length=10, choices=AliasKind.choices, default=AliasKind.LANDMARK)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PlaceAliasQuerySet.as_manager()

    class Meta:
        verbose_name = _("地名别称")
        verbose_name_plural = _("地名别称")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "region"], name="place_alias_once")]

    def __str__(self):
        return f"{self.name} → {self.region}"


class TypeRule(models.Model):
    """A phrase that names a pollution type in complaints (黑烟 → 大气污染/工业废气). The list ships with
    ducha (screening/data/type_rules.csv) and offices extend it."""

    phrase = models.CharField(_("词语"), max_length=30)
    pollution_type = models.ForeignKey(
        "complaints.PollutionType", verbose_name=_("污染类型"), on_delete=models.CASCADE, related_name="rules"
    )
    weight = models.PositiveSmallIntegerField(_("权重"), default=2, help_text=_("1 旁证，2 一般，3 明确"))
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("污染类型识别词")
        verbose_name_plural = _("污染类型识别词")
        ordering = ["pollution_type", "phrase"]
        constraints = [models.UniqueConstraint(fields=["phrase", "pollution_type"], name="type_rule_once")]

    def __str__(self):
        return f"{self.phrase} → {self.pollution_type}"


class ComplaintKey(models.Model):
    """One named thing (a firm, a village, a road, a landmark) a complaint mentions, as a 64-bit hash:
    the candidate filter for duplicates. Rows are written with the complaint and rewritten when its text
    or address changes (screening.duplicates.index)."""

    inspection_id = models.BigIntegerField()
    key = models.BigIntegerField()
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("举报件索引词")
        verbose_name_plural = _("举报件索引词")
        indexes = [models.Index(fields=["inspection_id", "key", "complaint"], name="complaint_key_lookup")]
        constraints = [models.UniqueConstraint(fields=["complaint", "key"], name="complaint_key_once")]

    def __str__(self):
        return f"{self.complaint_id}:{self.key}"
