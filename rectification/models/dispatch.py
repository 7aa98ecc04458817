"""Monthly dispatch: progress reports, the per-month tally, evidence files."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectification.models.ledger import FeedbackReport, Task
from rectification.models.vocabulary import Progress


class ProgressReport(models.Model):
    """One dispatch report (调度): what was done in a cycle, how far, with evidence."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports")
    period_end = models.DateField(_("调度期"), help_text=_("本次调度所属周期的截止日"))
    text = models.TextField(_("整改进展"))
    percent = models.PositiveSmallIntegerField(_("完成比例"))
    progress = models.CharField(_("进展状态"), max_length=12, choices=Progress.choices)
    schedule_percent = models.PositiveSmallIntegerField(_("序时进度"), default=0)
    late_days = models.PositiveIntegerField(_("迟报天数"), default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("填报时间"), default=timezone.now)
    idempotency_key = models.CharField(_("幂等键"), max_length=120, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("调度报告")
        verbose_name_plural = _("调度报告")
        ordering = ["task", "-reported_at"]
        indexes = [models.Index(fields=["task", "period_end"], name="progress_task_period")]

    def __str__(self):
        return f"{self.task.code} {self.period_end} {self.percent}%"


class DispatchTally(models.Model):
    """Dispatch reports per report and month, kept as they are filed, so that the dashboard's time
    line reads a few rows instead of counting a million reports."""

    report = models.ForeignKey(FeedbackReport, on_delete=models.CASCADE, related_name="tallies")
    month = models.DateField(_("月份"))
    reports = models.PositiveIntegerField(_("调度报告"), default=0)
    late = models.PositiveIntegerField(_("迟报"), default=0)

    class Meta:
        verbose_name = _("调度统计")
        verbose_name_plural = _("调度统计")
        constraints = [models.UniqueConstraint(fields=["report", "month"], name="tally_once_per_month")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.reports}"


class TaskFile(models.Model):
    """Evidence on a task: with a progress report, an acceptance application or a site check."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="files")
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("调度报告"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    acceptance = models.ForeignKey(
        "Acceptance",
        verbose_name=_("验收"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    file = models.FileField(_("文件"), upload_to="rectification/evidence/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name
