"""Warnings and supervision: notices, letters, interviews and circulars."""

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
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


class Series(models.TextChoices):
    MONTHLY = "monthly", _("月度")
    SPECIAL = "special", _("专项")


# Who receives each kind of notice when the office names nobody else: the unit (主送) and these (抄送).
DEFAULT_COPIES = {
    "yellow": [],
    "red": ["{discipline}"],
    "letter": ["{discipline}", "{city}委组织部"],
    "interview": ["{discipline}", "{city}委组织部"],
    "circular": ["{city}委办公室", "{city}人民政府办公室", "{discipline}", "{city}委组织部"],
}
CIRCULAR_ADDRESSEES = ["各县区党委和政府", "市直有关部门"]


def default_copy_count(kind: str) -> int:
    """份数 of a notice whose distribution was not edited: one per addressee and one per copy."""
    main = len(CIRCULAR_ADDRESSEES) if kind == "circular" else 1
    return main + len(DEFAULT_COPIES.get(kind, []))


def copies_sum():
    """份数 summed in SQL: each notice's stored count, else its kind's default distribution."""
    default = Case(
        *(When(kind=k, then=Value(default_copy_count(k))) for k in DEFAULT_COPIES),
        default=Value(1),
        output_field=IntegerField(),
    )
    return Sum(Coalesce("copies", default))


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
    series = models.CharField(
        _("通报类别"), max_length=8, choices=Series.choices, default="monthly", db_default="monthly"
    )
    title = models.CharField(_("标题"), max_length=200, blank=True, db_default="")
    # The distribution (主送 / 抄送, one name per line) and the number of copies (份数). Empty lists and
    # no count: the kind's usual distribution (DEFAULT_COPIES), which the document prints.
    main_to = models.TextField(_("主送"), blank=True, db_default="")
    copy_to = models.TextField(_("抄送"), blank=True, db_default="")
    copies = models.PositiveSmallIntegerField(_("份数"), null=True, blank=True)
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
            # One monthly circular per report and month; special circulars as many as needed.
            models.UniqueConstraint(
                fields=["report", "kind", "period"],
                condition=Q(task__isnull=True, series="monthly"),
                name="circular_once_per_month",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.issued_on}"

    def distribution(self) -> tuple[list[str], list[str]]:
        """(主送, 抄送) as the document prints them."""
        from organisations.queries import discipline_name

        city = self.report.region.name
        main = [line.strip() for line in self.main_to.splitlines() if line.strip()]
        copy = [line.strip() for line in self.copy_to.splitlines() if line.strip()]
        if not main:
            main = (
                list(CIRCULAR_ADDRESSEES)
                if self.kind == "circular"
                else [self.unit.name if self.unit_id else city]
            )
        if not copy and not self.copy_to:
            lines = DEFAULT_COPIES.get(self.kind, [])
            discipline = (
                discipline_name(self.report.region) if any("{discipline}" in x for x in lines) else ""
            )
            copy = [line.format(city=city, discipline=discipline) for line in lines]
        return main, copy

    @property
    def copy_count(self) -> int:
        if self.copies is not None:
            return self.copies
        main, copy = self.distribution()
        return len(main) + len(copy)

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


class SpecialSupervision(models.Model):
    """A special supervision (专项督查) by the party committee's or the government's supervision office
    (市委督查室、市政府督查室) of how the rectification goes: seed 002 counts 30 余次."""

    report = models.ForeignKey(
        FeedbackReport,
        verbose_name=_("反馈意见"),
        on_delete=models.CASCADE,
        related_name="special_supervisions",
    )
    by_unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("督查单位"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("督查日期"))
    subject = models.CharField(_("督查事项"), max_length=200)
    units = models.ManyToManyField(
        "organisations.Unit", verbose_name=_("被督查单位"), blank=True, related_name="+"
    )
    findings = models.TextField(_("督查发现"))
    follow_up = models.TextField(_("督办要求"), blank=True)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = PrefixScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("专项督查")
        verbose_name_plural = _("专项督查")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.by_unit} {self.held_on} {self.subject}"
