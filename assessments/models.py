"""Assessment (考核, seeds 000, 002, 003): schemes of indicators per year, scores from what happened in
ducha, third-party and manual scores, 一票否优, and the ranked results with their objections.

A `Scheme` is one version of a city's scheme for its counties or its departments; revising it makes a new
version that applies from a given period on, so scores already computed stay reproducible. Periods are
strings: "2018" (the year) or "2018Q4" (a quarter).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet


class SubjectKind(models.TextChoices):
    COUNTY = "county", _("县（市、区）")
    DEPARTMENT = "department", _("市直部门")


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", _("按季度和年度")
    ANNUAL = "annual", _("按年度")


class SchemeQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region__prefix"


class Scheme(models.Model):
    code = models.SlugField(
        _("方案编号"), max_length=40, help_text=_("同一方案各版本共用，如 QY-2018-COUNTY")
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    starts_with = models.CharField(_("适用起始考核期"), max_length=8, help_text=_("如 2018 或 2018Q3"))
    name = models.CharField(_("名称"), max_length=120)
    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    subject_kind = models.CharField(_("考核对象"), max_length=12, choices=SubjectKind.choices)
    frequency = models.CharField(
        _("考核周期"), max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    excellent_from = models.DecimalField(_("优秀分数线"), max_digits=5, decimal_places=1, default=90)
    good_from = models.DecimalField(_("良好分数线"), max_digits=5, decimal_places=1, default=80)
    pass_from = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=1, default=60)
    objection_days = models.PositiveSmallIntegerField(_("异议期（天）"), default=7)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="scheme_version_once")]

    def __str__(self):
        return f"{self.name}（第{self.version}版）" if self.version > 1 else self.name


class Subject(models.Model):
    """A unit the scheme assesses; `prefix` is the county's region prefix for a county scheme (events are
    matched by place), empty for a department (events are matched by unit)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="subjects")
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("考核对象"), on_delete=models.PROTECT, related_name="+"
    )
    prefix = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["scheme", "prefix", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit"], name="subject_once")]
        indexes = [models.Index(fields=["scheme", "prefix"], name="subject_place")]

    def __str__(self):
        return self.unit.name


class IndicatorKind(models.TextChoices):
    GROUP = "group", _("分类")
    AUTOMATIC = "automatic", _("系统自动扣分")
    THIRD_PARTY = "third_party", _("第三方评分")
    MANUAL = "manual", _("督察办评分")


class Indicator(models.Model):
    """A node of the scheme's tree. A leaf's score is between 0 and `max_points`; an automatic leaf starts
    at its maximum and loses its rules' deductions up to `cap`; its contribution is score × weight."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("编号"), max_length=20)
    name = models.CharField(_("指标"), max_length=120)
    kind = models.CharField(_("计分方式"), max_length=12, choices=IndicatorKind.choices)
    max_points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, default=0)
    weight = models.DecimalField(_("权重"), max_digits=4, decimal_places=2, default=1)
    cap = models.DecimalField(_("扣分上限"), max_digits=6, decimal_places=2, null=True, blank=True)
    assessor = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("评分机构"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scheme", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="indicator_code_once")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def deduction_cap(self):
        return self.cap if self.cap is not None else self.max_points


class EventKind(models.TextChoices):
    """What ducha records that costs points (DOMAIN.md: a letter −1, a red warning or interview −2)."""

    LETTER = "letter", _("督办函")
    RED_WARNING = "red_warning", _("红色预警")
    INTERVIEW = "interview", _("约谈")
    LATE_FEEDBACK = "late_feedback", _("举报件反馈超时")
    OVERDUE_COMPLAINT = "overdue_complaint", _("举报件办理逾期")
    LATE_REPORT = "late_report", _("整改调度迟报")
    FAILED_SPOT_CHECK = "failed_spot_check", _("抽查发现整改不到位")
    LIAISON_FINDING = "liaison_finding", _("包联督导发现整改不到位")
    RETURNED_FEEDBACK = "returned_feedback", _("反馈被退回重办")
    ACCOUNTABILITY_MISSING = "accountability_missing", _("追责不到位")
    LIAISON_GAP = "liaison_gap", _("包联覆盖缺口")


class Rule(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="rules")
    event = models.CharField(_("扣分事项"), max_length=24, choices=EventKind.choices)
    points = models.DecimalField(_("每次扣分"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("扣分规则")
        verbose_name_plural = _("扣分规则")
        constraints = [models.UniqueConstraint(fields=["indicator", "event"], name="rule_once")]

    def __str__(self):
        return f"{self.get_event_display()} −{self.points}"


class Deduction(models.Model):
    """One event costing one subject points in one period; `event_key` names the event (one row per event,
    rule and subject, guarded by a unique key; the recomputation deletes the period's rows first).
    `link_label`/`link_pk` name what to open (the letter, the complaint, the task …)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="deductions")
    event_key = models.CharField(max_length=60)
    link_label = models.CharField(max_length=40)
    link_pk = models.BigIntegerField()
    day = models.DateField()
    points = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "period", "rule", "subject", "event_key"], name="deduction_once"
            )
        ]
        indexes = [models.Index(fields=["scheme", "period", "subject"], name="deduction_subject")]

    def __str__(self):
        return f"{self.event_key} −{self.points}"


class Score(models.Model):
    """A third-party or manual score of one indicator for one subject and period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="scores")
    period = models.CharField(_("考核期"), max_length=8)
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    note = models.CharField(_("评分说明"), max_length=500, blank=True)
    evidence = models.FileField(_("佐证材料"), upload_to="assessments/%Y/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评分人"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("评分时间"), default=timezone.now)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        constraints = [models.UniqueConstraint(fields=["indicator", "subject", "period"], name="score_once")]

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.points}"


class VetoCondition(models.TextChoices):
    """一票否优 (seed 003)."""

    INCIDENT = "incident", _("发生较大以上环境事故")
    CONCEALMENT = "concealment", _("环境事故隐瞒不报、组织救援不力")
    RECTIFICATION = "rectification", _("突出环境问题整改不力")


class Veto(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="vetoes")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="vetoes")
    period = models.CharField(_("考核期"), max_length=8)
    condition = models.CharField(_("否优情形"), max_length=14, choices=VetoCondition.choices)
    description = models.TextField(_("情况说明"))
    evidence = models.FileField(_("佐证材料"), upload_to="assessments/%Y/", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("一票否优")
        verbose_name_plural = _("一票否优")

    def __str__(self):
        return f"{self.get_condition_display()}（{self.period}）"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ResultQuerySet(ScopedQuerySet):
    region_prefix_lookup = "subject__unit__region__prefix"


class Result(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="results")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="results")
    period = models.CharField(_("考核期"), max_length=8)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    deducted = models.DecimalField(_("扣分"), max_digits=6, decimal_places=2, default=0)
    rank = models.PositiveSmallIntegerField(_("排名"))
    grade = models.CharField(_("等次"), max_length=10, choices=Grade.choices)
    vetoed = models.BooleanField(_("一票否优"), default=False)
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["scheme", "period", "rank"]
        constraints = [models.UniqueConstraint(fields=["scheme", "subject", "period"], name="result_once")]

    def __str__(self):
        return f"{self.period} 第{self.rank}名 {self.score}"


class Publication(models.Model):
    """The office publishes a period's ranking on the portal; objections are open until `objections_until`."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="publications")
    period = models.CharField(_("考核期"), max_length=8)
    published_at = models.DateTimeField(_("公布时间"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    objections_until = models.DateField(_("异议截止日期"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "period"], name="assessment_published_once")]

    def __str__(self):
        return f"{self.scheme} {self.period}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="objections")
    reason = models.TextField(_("异议理由"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    decision = models.TextField(_("处理意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考核异议")
        verbose_name_plural = _("考核异议")

    def __str__(self):
        return self.reason[:30]
