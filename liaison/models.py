"""Leader liaison (包联, seed 004): who covers which county, township or department, the liaison visits
(督导检查) and what they find.

A plan belongs to a city or a county (`plan_region`). Each assignment ties a leader's post to one
county or township (a region) or one department (a unit). Special supervision groups (专项督导检查组)
are assignments of kind `group`, led by a group leader's post; they do not count towards leader coverage.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet


class AssignmentKind(models.TextChoices):
    LEADER = "leader", _("领导包联")
    GROUP = "group", _("专项督导检查组")


class AssignmentQuerySet(ScopedQuerySet):
    region_prefix_lookup = "plan_region__prefix"

    def active(self):
        return self.filter(is_active=True)


class Assignment(models.Model):
    plan_region = models.ForeignKey(
        "organisations.Region", verbose_name=_("包联方案所属区域"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("类别"), max_length=8, choices=AssignmentKind.choices, default=AssignmentKind.LEADER
    )
    post = models.ForeignKey(
        "organisations.Post", verbose_name=_("包联领导"), on_delete=models.PROTECT, related_name="liaisons"
    )
    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("包联区域"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="liaisons",
    )  # fmt: skip
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("包联部门"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="liaisons",
    )  # fmt: skip
    portfolio = models.CharField(_("分管领域"), max_length=80, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("包联关系")
        verbose_name_plural = _("包联关系")
        ordering = ["plan_region", "post__unit", "post__sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, unit__isnull=True)
                | Q(region__isnull=True, unit__isnull=False),
                name="liaison_one_target",
            ),
            models.UniqueConstraint(
                fields=["post", "region"], condition=Q(is_active=True), name="liaison_region_once"
            ),
            models.UniqueConstraint(
                fields=["post", "unit"], condition=Q(is_active=True), name="liaison_unit_once"
            ),
        ]

    def __str__(self):
        return f"{self.post.person} → {self.target_name}"

    @property
    def target_name(self) -> str:
        return self.region.name if self.region_id else self.unit.name


class FindingKind(models.TextChoices):
    """What a liaison check aims at (seed 004)."""

    SURFACE = "surface", _("表面整改")
    FAKE = "fake", _("虚假整改")
    PERFUNCTORY = "perfunctory", _("敷衍整改")
    REBOUND = "rebound", _("整改反弹")
    OTHER = "other", _("其他问题")


class VisitQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region__prefix"


class Visit(models.Model):
    """督导检查: a liaison leader's (or a special group's) visit to a covered place."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("包联关系"), on_delete=models.PROTECT, related_name="visits"
    )
    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("检查区域"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("检查日期"))
    place = models.CharField(_("检查地点"), max_length=200)
    summary = models.TextField(_("检查情况"), blank=True)
    tasks = models.ManyToManyField(
        "rectification.Task", verbose_name=_("检查的整改任务"), blank=True, related_name="liaison_visits"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("包联督导检查")
        verbose_name_plural = _("包联督导检查")
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"{self.visited_on} {self.place}"


class FindingQuerySet(ScopedQuerySet):
    region_prefix_lookup = "visit__region__prefix"


class Finding(models.Model):
    """One problem found on a visit. A finding about a task reopens it; one about something the ledger
    does not hold opens a new task; either may call for accountability."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("督导检查"), on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(_("问题类别"), max_length=12, choices=FindingKind.choices)
    description = models.TextField(_("问题描述"))
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        "rectification.Task", verbose_name=_("涉及整改任务"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="liaison_findings",
    )  # fmt: skip
    opened_task = models.BooleanField(_("新开任务"), default=False)
    needs_accountability = models.BooleanField(_("需问责"), default=False)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导发现问题")
        verbose_name_plural = _("督导发现问题")
        ordering = ["visit", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.description[:30]}"
