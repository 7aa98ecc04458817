"""A lead unit's request for more time on a task (延期申请), decided by the rectification office."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectification.models.ledger import Task


class TaskExtension(models.Model):
    """The unit asks for a later deadline with a reason; the office approves (the deadline moves, with
    an event, and the warnings are recomputed) or refuses with a reason."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    due_on = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    state = models.CharField(
        _("审批状态"),
        max_length=8,
        choices=[("pending", _("待审批")), ("approved", _("已批准")), ("refused", _("不予批准"))],
        default="pending",
    )
    due_before = models.DateField(_("原完成时限"), null=True, blank=True)
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

    class Meta:
        verbose_name = _("任务延期申请")
        verbose_name_plural = _("任务延期申请")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=models.Q(state="pending"), name="task_extension_one_pending"
            )
        ]

    def __str__(self):
        return f"{self.task.code} → {self.due_on}"
