"""After the feedback: extension requests (延期申请) and on-site verification (现场核实, 验收)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models.complaint import Complaint


class RequestState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")


class ComplaintExtension(models.Model):
    """A handler asks for more time to close a complaint (12369: once, at most 30 days); the office
    approves or refuses. Approval moves the close clock and is recorded as an event."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="extensions")
    reason = models.TextField(_("延期理由"))
    state = models.CharField(_("审批状态"), max_length=8, choices=RequestState.choices, default="pending")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    due_before = models.DateTimeField(_("原办结时限"), null=True, blank=True)
    due_after = models.DateTimeField(_("延期后时限"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=models.Q(state="pending"),
                name="complaint_extension_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.complaint.number} {self.get_state_display()}"


class VerificationKind(models.TextChoices):
    RECHECK = "recheck", _("现场核实")
    ACCEPTANCE = "acceptance", _("验收")


class Verification(models.Model):
    """The verification group's visit (核查组现场核实) to a key case, or the acceptance check of a
    closed one. A finding that the work is not done returns the complaint to the county."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="verifications")
    kind = models.CharField(_("类型"), max_length=12, choices=VerificationKind.choices)
    visited_on = models.DateField(_("核实日期"))
    inspectors = models.CharField(_("核查人员"), max_length=200)
    findings = models.TextField(_("核实情况"))
    confirmed = models.BooleanField(_("核实结论"), help_text=_("是：与反馈一致，整改到位；否：退回重办"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("现场核实")
        verbose_name_plural = _("现场核实")
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"{self.complaint.number} {self.get_kind_display()} {self.visited_on}"
