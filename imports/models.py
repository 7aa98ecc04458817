"""Import jobs: an uploaded workbook imported in the background, with progress and a result page."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet, scope_of


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已导入")
    FAILED = "failed", _("未导入")


class ImportJobQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region_prefix"

    def visible_to(self, user):
        """A job is seen by whoever started it, and by the offices over its region."""
        rows = self.within(scope_of(user))
        if user.is_superuser or user.has_role("office"):
            return rows
        return rows.filter(created_by=user)


class ImportJob(models.Model):
    """One upload to import: what kind, into what, by whom; its progress lives in Huey's storage while it
    runs (imports.workflow.progress_of) and its outcome here. All-or-nothing: `created` is 0 when
    `errors` is not empty."""

    kind = models.CharField(_("类型"), max_length=20)
    subject_id = models.BigIntegerField(_("导入到"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    estimated_rows = models.PositiveIntegerField(_("预计行数"), null=True, blank=True)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    message = models.TextField(_("结论"), blank=True)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.original_name} {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
