"""Annual duty reports (环保履职年度报告, seed 003): every county party committee and government, and every
city department on the list, reports each year on how it carried its environmental duties (党政同责、
一岗双责). The office opens a year with its due date and the units that owe a report; units submit, the
office reads, comments, accepts or returns a report for revision."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet

# The sections a report must cover (seed 003, 四（三）3 and 七（一）), in order.
SECTIONS = [
    ("deployment", _("研究部署情况")),
    ("systems", _("制度建设情况")),
    ("responsibility", _("责任落实情况（党政同责、一岗双责）")),
    ("supervision", _("督促检查情况")),
    ("results", _("工作成效")),
    ("accountability", _("责任追究情况")),
    ("mechanisms", _("长效机制建立情况")),
    ("problems", _("存在问题和下一步打算")),
]


class ReportStatus(models.TextChoices):
    DUE = "due", _("待提交")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    ACCEPTED = "accepted", _("已审阅")


class Cycle(models.Model):
    """One year's round of reports in one region (a city), with its due date."""

    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    due_on = models.DateField(_("报送截止日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("履职报告年度")
        verbose_name_plural = _("履职报告年度")
        ordering = ["-year", "region"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="duty_cycle_once")]

    def __str__(self):
        return f"{self.region.name}{self.year}年度环保履职报告"


class ReportQuerySet(ScopedQuerySet):
    region_prefix_lookup = "unit__region__prefix"

    def late(self, day):
        """Not submitted (or returned and not resubmitted) after the due date."""
        return self.filter(status__in=[ReportStatus.DUE, ReportStatus.RETURNED], cycle__due_on__lt=day)


class Report(models.Model):
    cycle = models.ForeignKey(Cycle, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("报告单位"),
        on_delete=models.PROTECT,
        related_name="duty_reports",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    title = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("报告正文"), blank=True)
    attachment = models.FileField(_("报告文件"), upload_to="duty-reports/%Y/", blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_late = models.BooleanField(_("逾期提交"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    comment = models.TextField(_("审阅意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审阅时间"), null=True, blank=True)
    returns = models.PositiveSmallIntegerField(_("退回次数"), default=0)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("环保履职年度报告")
        verbose_name_plural = _("环保履职年度报告")
        ordering = ["cycle", "unit__region__code", "unit__sort_order", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["cycle", "unit"], name="duty_report_once")]

    def __str__(self):
        return f"{self.unit.name}{self.cycle.year}年度环保履职报告"

    def is_late(self, day) -> bool:
        return self.status in (ReportStatus.DUE, ReportStatus.RETURNED) and self.cycle.due_on < day
