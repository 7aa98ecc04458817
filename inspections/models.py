"""Inspections (督察) and the deadline rules in force for each."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from organisations.scope import Scope, ScopedQuerySet, scope_of
from workcalendar.deadlines import UNITS, Duration, add_duration


class InspectionLevel(models.TextChoices):
    CENTRAL = "central", _("中央")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")


class InspectionKind(models.TextChoices):
    ROUTINE = "routine", _("例行督察")
    SPECIAL = "special", _("专项督察")
    LOOK_BACK = "lookback", _("“回头看”")
    COMPREHENSIVE = "comprehensive", _("综合督查")


class InspectionStage(models.TextChoices):
    PREPARATION = "preparation", _("督察准备")
    STATIONED = "stationed", _("督察进驻")
    REPORT = "report", _("督察报告")
    FEEDBACK = "feedback", _("督察反馈")
    HANDOVER = "handover", _("移交移送")
    RECTIFICATION = "rectification", _("督察整改")
    ARCHIVED = "archived", _("立卷归档")


class InspectionQuerySet(ScopedQuerySet):
    def within(self, scope: Scope):
        """An inspection is visible to a user when it concerns their area: a target region lies in
        the user's subtree (the province office sees its city inspections) or above the user's region
        (a county handler sees the inspection of its city), or the organising office is in the
        user's subtree."""
        if scope.everything or scope.prefix == "":
            return self
        if scope.prefix is None:
            return self.none()
        targets = InspectionTarget.objects.filter(inspection=OuterRef("pk")).filter(
            Q(region__prefix__startswith=scope.prefix) | Q(region__prefix__in=scope.ancestor_prefixes)
        )
        return self.filter(Q(Exists(targets)) | Q(office__region__prefix__startswith=scope.prefix))

    def editable_by(self, user):
        """Inspections the user may change: an office user's, organised by a unit in their subtree."""
        if user.is_superuser:
            return self
        if not user.has_role("office"):
            return self.none()
        scope = scope_of(user)
        if scope.prefix is None:
            return self.none()
        return self.filter(office__region__prefix__startswith=scope.prefix)

    def stationed_on(self, day):
        return self.filter(stationed_from__lte=day, stationed_until__gte=day)


class Inspection(models.Model):
    """One inspection: who inspects whom, when the team is stationed, how the public reaches it, and
    the deadline rules that the complaint and rectification loops apply."""

    code = models.SlugField(
        _("编号"),
        max_length=40,
        unique=True,
        allow_unicode=False,
        help_text=_("简短唯一编号，如 HB-2018-HTK-12（字母、数字、连字符）"),
    )
    name = models.CharField(_("名称"), max_length=200)
    level = models.CharField(_("层级"), max_length=12, choices=InspectionLevel.choices)
    kind = models.CharField(_("类型"), max_length=16, choices=InspectionKind.choices)
    round_number = models.PositiveSmallIntegerField(_("轮次"), null=True, blank=True)
    team_name = models.CharField(_("督察组"), max_length=120, help_text=_("如 中央第四环境保护督察组"))
    office = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("组织单位"),
        on_delete=models.PROTECT,
        related_name="organised_inspections",
        help_text=_("负责本次督察的督察办或协调联络组"),
    )
    teams = models.ManyToManyField(
        "organisations.Unit", verbose_name=_("督察组及工作组"), blank=True, related_name="team_inspections"
    )
    target_regions = models.ManyToManyField(
        "organisations.Region",
        verbose_name=_("被督察区域"),
        through="InspectionTarget",
        related_name="inspections",
    )
    # An inspection may cover departments as well as places (丽水: 各县（市、区）党委、政府及市直相关部门).
    target_units = models.ManyToManyField(
        "organisations.Unit", verbose_name=_("被督察单位"), blank=True, related_name="inspected_in"
    )
    stationed_from = models.DateField(_("进驻开始"))
    stationed_until = models.DateField(_("进驻结束"))
    hotline = models.CharField(_("值班电话"), max_length=60, blank=True)
    postal_box = models.CharField(_("邮政信箱"), max_length=120, blank=True)
    accepting_from = models.TimeField(_("受理开始时间"), default="08:00")
    accepting_until = models.TimeField(_("受理结束时间"), default="20:00")
    duplicate_threshold = models.DecimalField(
        _("疑似重复提示阈值"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        help_text=_("0.30–0.95；越高越少误报，越低越少漏报"),
    )
    stage = models.CharField(
        _("阶段"), max_length=16, choices=InspectionStage.choices, default=InspectionStage.PREPARATION
    )
    description = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("督察")
        verbose_name_plural = _("督察")
        ordering = ["-stationed_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stationed_until__gte=models.F("stationed_from")),
                name="inspection_stationing_order",
            ),
            models.CheckConstraint(
                condition=Q(accepting_until__gt=models.F("accepting_from")),
                name="inspection_accepting_hours_order",
            ),
        ]

    def __str__(self):
        return self.name

    @cached_property
    def target_region_list(self) -> list:
        """The target regions, read once per instance (intake checks them twice per complaint)."""
        return list(self.target_regions.all())

    def rule(self, key: str, region_prefix: str | None = None):
        """The active rule `key` in force for a place: the local rule of the nearest region that
        contains it (邢台's 3 days for 信都区), else the inspection's own rule, else None."""
        rules = list(self.deadline_rules.filter(key=key, is_active=True).select_related("region", "set_by"))
        local = [
            r for r in rules if r.region_id and region_prefix is not None
            and region_prefix.startswith(r.region.prefix)
        ]  # fmt: skip
        if local:
            return max(local, key=lambda r: len(r.region.prefix))
        return next((r for r in rules if r.region_id is None), None)

    def deadline(self, key: str, start, region_prefix: str | None = None):
        """The due moment of the rule `key` in force (for a place, when given) counted from `start`,
        or None when there is no such rule."""
        rule = self.rule(key, region_prefix)
        return add_duration(start, rule.duration) if rule else None

    def accepts_calls_at(self, moment) -> bool:
        """Whether a call at this moment falls within the team's accepting hours (每天 8:00–20:00 by default)."""
        import datetime as dt

        from django.utils import timezone as tz

        def as_time(value):
            return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))

        clock = tz.localtime(moment).time()
        return as_time(self.accepting_from) <= clock < as_time(self.accepting_until)

    def covers(self, prefix: str) -> bool:
        """Whether a place (its region prefix) lies within one of the target regions."""
        return any(prefix.startswith(r.prefix) for r in self.target_region_list)

    def concerns(self, region) -> bool:
        """Whether a locality's rule may apply here: the region lies within a target region, or contains one."""
        targets = [t.prefix for t in self.target_regions.all()]
        return any(region.prefix.startswith(t) or t.startswith(region.prefix) for t in targets)

    def is_stationed_on(self, day) -> bool:
        return self.stationed_from <= day <= self.stationed_until

    def days_left_on(self, day) -> int:
        return (self.stationed_until - day).days


class InspectionTarget(models.Model):
    """A region under inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="targets")
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("被督察区域")
        verbose_name_plural = _("被督察区域")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "region"], name="inspection_target_once")
        ]

    def __str__(self):
        return str(self.region)


class StartEvent(models.TextChoices):
    """Events that start a clock. The complaint and rectification loops record these events."""

    COMPLAINT_RECEIVED = "complaint_received", _("收到举报")
    BATCH_ISSUED = "batch_issued", _("批次交办")
    FORWARDED = "forwarded", _("转办至承办单位")
    FEEDBACK_REPORT = "feedback_report", _("督察反馈意见送达")
    EXTENSION_GRANTED = "extension_granted", _("批准延期")


class DeadlineRuleKey(models.TextChoices):
    FORWARD = "forward", _("转办至县（市、区）")
    FEEDBACK_TEAM = "feedback_team", _("向督察组反馈")
    FEEDBACK_LOCAL = "feedback_local", _("本地从严反馈")
    FEEDBACK_KEY = "feedback_key", _("重点件向督察组反馈")
    PLAN = "plan", _("报送整改方案")
    HOTLINE_ACCEPT = "hotline_accept", _("12369 受理")
    HOTLINE_CLOSE = "hotline_close", _("12369 办结")
    HOTLINE_EXTENSION = "hotline_extension", _("12369 延期")


# Keys a locality may set for its own region on an inspection (a city's stricter feedback).
LOCAL_KEYS = [DeadlineRuleKey.FEEDBACK_LOCAL]

HOTLINE_BASIS = "《环保举报热线工作管理办法》（环境保护部令第15号）"
# DOMAIN.md, "Deadlines": the rules every inspection starts with, and whose they are. A locality's
# stricter rule (Xingtai's 3 days) is not among them: its office adds it for its own region.
DEFAULT_RULES = [
    (DeadlineRuleKey.FORWARD, 1, "hour", StartEvent.BATCH_ISSUED, "督察组交办要求"),
    (DeadlineRuleKey.FEEDBACK_TEAM, 5, "day", StartEvent.BATCH_ISSUED, "督察组交办要求"),
    (DeadlineRuleKey.PLAN, 30, "workday", StartEvent.FEEDBACK_REPORT, "督察反馈意见"),
    (DeadlineRuleKey.HOTLINE_ACCEPT, 15, "day", StartEvent.COMPLAINT_RECEIVED, HOTLINE_BASIS),
    (DeadlineRuleKey.HOTLINE_CLOSE, 60, "day", StartEvent.COMPLAINT_RECEIVED, HOTLINE_BASIS),
    (DeadlineRuleKey.HOTLINE_EXTENSION, 30, "day", StartEvent.EXTENSION_GRANTED, HOTLINE_BASIS),
]
# Rules an inspection may switch on: a key case's own, stricter feedback (重点交办件), off until the team sets it.
OPTIONAL_RULES = [
    (DeadlineRuleKey.FEEDBACK_KEY, 3, "day", StartEvent.BATCH_ISSUED, "督察组交办要求（重点件）")
]


class DeadlineRule(models.Model):
    """A deadline in force for one inspection: amount, unit, and the event that starts the clock.
    A rule with a region is that locality's own (Xingtai's 3-day feedback for its counties), set by
    its office; a rule without one is the inspection's, for every place it covers."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="deadline_rules")
    key = models.CharField(_("规则"), max_length=20, choices=DeadlineRuleKey.choices)
    amount = models.PositiveIntegerField(_("时限"))
    unit = models.CharField(_("单位"), max_length=8, choices=list(UNITS.items()))
    start_event = models.CharField(_("起算事件"), max_length=24, choices=StartEvent.choices)
    is_active = models.BooleanField(_("启用"), default=True)
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("适用区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空：本次督察的规则；填写：该地区自定的从严规则"),
    )
    set_by = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("规定单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("时限规则")
        verbose_name_plural = _("时限规则")
        ordering = ["inspection", "region__code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "key"], condition=Q(region__isnull=True), name="deadline_rule_once"
            ),
            models.UniqueConstraint(
                fields=["inspection", "key", "region"],
                condition=Q(region__isnull=False),
                name="deadline_rule_once_per_region",
            ),
        ]

    def __str__(self):
        return f"{self.get_key_display()}：{self.duration}（{self.source}）"

    @property
    def source(self) -> str:
        """Whose rule this is, for every clock that runs on it: 邢台市保障工作组（邢台市）, or the
        inspection team, or the 12369 measure."""
        if self.region_id:
            owner = self.set_by.name if self.set_by_id else ""
            return f"{owner}（{self.region.name}）" if owner else self.region.name
        if self.basis == HOTLINE_BASIS:
            return "12369 环保举报热线规定"
        return self.inspection.team_name

    @property
    def duration(self) -> Duration:
        return Duration(self.amount, self.unit)
