"""Photos the public attaches to an online report: checked like other evidence, seen by staff only."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportPhoto(models.Model):
    complaint = models.ForeignKey(
        "complaints.Complaint", verbose_name=_("举报件"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("照片"), upload_to="complaints/photos/%Y/%m/")
    name = models.CharField(_("原文件名"), max_length=200)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("举报照片")
        verbose_name_plural = _("举报照片")
        ordering = ["complaint", "pk"]

    def __str__(self):
        return self.name
