"""Acceptance and closure: applications, sign-offs level by level, public notices and objections."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectification.models.ledger import Task
from rectification.models.vocabulary import SignLevel


class AcceptanceStatus(models.TextChoices):
    CHECKING = "checking", _("待现场核查")
    SIGNING = "signing", _("逐级审核")
    NOTICE = "notice", _("公示中")
    PASSED = "passed", _("已销号")
    REJECTED = "rejected", _("未通过")


class Acceptance(models.Model):
    """One application for acceptance and closure (验收销号), from application to the end of notice."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="acceptances"
    )
    round = models.PositiveSmallIntegerField(_("轮次"))
    status = models.CharField(
        _("状态"), max_length=10, choices=AcceptanceStatus.choices, default=AcceptanceStatus.CHECKING
    )
    summary = models.TextField(_("整改完成情况"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    checked_on = models.DateField(_("核查日期"), null=True, blank=True)
    inspectors = models.CharField(_("核查人员"), max_length=200, blank=True)
    check_record = models.TextField(_("现场核查记录"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查录入人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notice_from = models.DateField(_("公示开始"), null=True, blank=True)
    notice_until = models.DateField(_("公示截止"), null=True, blank=True)
    notice_text = models.TextField(_("公示内容"), blank=True)
    outcome_note = models.TextField(_("结论"), blank=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("验收销号")
        verbose_name_plural = _("验收销号")
        ordering = ["task", "-round"]
        constraints = [models.UniqueConstraint(fields=["task", "round"], name="acceptance_round_once")]

    def __str__(self):
        return f"{self.task.code} 第{self.round}次验收"


class SignOff(models.Model):
    """One level's decision in the sign-off chain (县 → 市 → 省/行业)."""

    acceptance = models.ForeignKey(
        Acceptance, verbose_name=_("验收"), on_delete=models.CASCADE, related_name="signoffs"
    )
    level = models.CharField(_("层级"), max_length=12, choices=SignLevel.choices)
    approved = models.BooleanField(_("同意销号"))
    comment = models.TextField(_("意见"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签署人"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签署时间"), default=timezone.now)

    class Meta:
        verbose_name = _("逐级审核")
        verbose_name_plural = _("逐级审核")
        ordering = ["acceptance", "signed_at"]

    def __str__(self):
        return f"{self.get_level_display()} {'同意' if self.approved else '不同意'}"


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待核实")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(models.Model):
    """An objection from the public during the notice window (公示异议)."""

    acceptance = models.ForeignKey(
        Acceptance, verbose_name=_("验收"), on_delete=models.CASCADE, related_name="objections"
    )
    text = models.TextField(_("异议内容"))
    contact_secret = models.TextField(_("联系方式（密文）"), blank=True)
    contact_masked = models.CharField(_("联系方式"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    response = models.TextField(_("核实情况"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    intake_key = models.CharField(_("幂等键"), max_length=120, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["acceptance", "submitted_at"]

    def __str__(self):
        return self.text[:40]
