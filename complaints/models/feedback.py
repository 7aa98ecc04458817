"""Feedback rounds and their evidence."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models.complaint import Complaint
from complaints.models.vocabulary import CounterFields, HandlingState, Verdict


class Feedback(CounterFields):
    """One round of feedback (反馈) on a complaint: written by the handler, signed by the county's
    principal leader, then accepted or returned by the office. Every round is kept."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="feedbacks")
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    findings = models.TextField(_("调查核实情况"))
    verdict = models.CharField(_("是否属实"), max_length=8, choices=Verdict.choices)
    measures = models.TextField(_("处理和整改情况"))
    accountability = models.TextField(_("责任追究情况"), blank=True)
    handling_state = models.CharField(_("办结状态"), max_length=16, choices=HandlingState.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("填报时间"), default=timezone.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签字领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签字时间"), null=True, blank=True)
    # Seconds past each deadline when the signed feedback went up; 0 when on time.
    late_local_seconds = models.PositiveIntegerField(_("超本地时限(秒)"), default=0)
    late_team_seconds = models.PositiveIntegerField(_("超督察组时限(秒)"), default=0)
    decision = models.CharField(
        _("审核结论"),
        max_length=10,
        blank=True,
        choices=[("accepted", _("审核通过")), ("returned", _("退回重办")), ("declined", _("领导退回"))],
    )
    decision_reason = models.TextField(_("审核意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("反馈")
        verbose_name_plural = _("反馈")
        ordering = ["complaint", "round"]
        constraints = [models.UniqueConstraint(fields=["complaint", "round"], name="feedback_round_once")]

    def __str__(self):
        return f"{self.complaint.number} 第{self.round}轮反馈"

    @property
    def is_late(self) -> bool:
        return self.late_local_seconds > 0 or self.late_team_seconds > 0


class Evidence(models.Model):
    """A file that supports a feedback: photo, scanned document, video still, spreadsheet."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to="evidence/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name
