"""Joint complaints (县市区合办件): one complaint led by one county with co-counties, as in "其余1件属县市区合办件，
涉及兖州区和邹城市". It is counted once, in its lead county; each co-county sees it, lists it with a mark and
feeds back its own part here; the lead county's feedback closes it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JointShare(models.Model):
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="joint_shares"
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("合办单位"), on_delete=models.PROTECT, related_name="+"
    )
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    answer = models.TextField(_("本县（市、区）办理情况"), blank=True)
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("合办件")
        verbose_name_plural = _("合办件")
        ordering = ["complaint", "region_prefix"]
        constraints = [models.UniqueConstraint(fields=["complaint", "unit"], name="joint_share_once")]

    def __str__(self):
        return f"{self.complaint_id} · {self.unit_id}"
