"""Warnings and supervision: notices, letters, interviews and circulars."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import scope_of
from rectification.models.ledger import FeedbackReport, PrefixScopedQuerySet, Task


class ActionKind(models.TextChoices):
    """What the rectification office does to a lagging unit. Each is scored by the assessment
    module later, so each is one row, queryable by unit and period."""

    YELLOW = "yellow", _("黄色预警通知")
    RED = "red", _("红色预警通知")
    LETTER = "letter", _("督办函")
    INTERVIEW = "interview", _("约谈")
    CIRCULAR = "circular", _("通报")


class ActionQuerySet(PrefixScopedQuerySet):
    def visible_to(self, user):
        """The office sees every action in its region; a unit those about its own tasks or naming it."""
        rows = self.within(scope_of(user))
        if not user.is_authenticated or user.is_superuser or user.has_role("office", "team", "discipline"):
            return rows
        return rows.filter(
            Q(task__in=Task.objects.visible_to(user)) | Q(unit_id=user.unit_id) | Q(listed_units=user.unit_id)
        ).distinct()


class Action(models.Model):
    """A warning notice, supervision letter, interview or circular (预警通知 · 督办函 · 约谈 · 通报)."""

    report = models.ForeignKey(
        FeedbackReport, verbose_name=_("反馈意见"), on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ActionKind.choices)
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("对象单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    listed_units = models.ManyToManyField(
        "organisations.Unit", verbose_name=_("通报单位"), blank=True, related_name="circulars"
    )
    period = models.DateField(_("所属月份"), help_text=_("当月 1 日"))
    issued_on = models.DateField(_("印发日期"))
    reason = models.TextField(_("事由"), blank=True)
    source = models.CharField(
        _("来源"), max_length=8, choices=[("sweep", _("系统预警")), ("manual", _("人工"))], default="manual"
    )
    held_on = models.DateField(_("约谈日期"), null=True, blank=True)
    record = models.TextField(_("约谈记录"), blank=True)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["unit", "period"], name="action_unit_period")]
        constraints = [
            # The sweep may run every few minutes: one notice of a kind per task and month, one circular
            # per report and month.
            models.UniqueConstraint(
                fields=["task", "kind", "period"],
                condition=Q(task__isnull=False),
                name="action_once_per_month",
            ),
            models.UniqueConstraint(
                fields=["report", "kind", "period"],
                condition=Q(task__isnull=True),
                name="circular_once_per_month",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.issued_on}"

    @property
    def serial(self) -> int:
        """The notice's number within its kind and year (〔2017〕12号), in issuing order."""
        return (
            Action.objects.filter(
                report_id=self.report_id, kind=self.kind, issued_on__year=self.issued_on.year
            )
            .filter(Q(issued_on__lt=self.issued_on) | Q(issued_on=self.issued_on, pk__lte=self.pk))
            .count()
        )
