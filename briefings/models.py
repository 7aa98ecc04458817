"""Work briefings (工作简报, seeds 000 and 004): a series per office, issues numbered per year and overall
(2016年第13期（总第27期）), each with a 目录 of articles, 主送 and 抄送; reviewed and signed off before it is
issued, and, when public, published on the portal. Numbers are given when an issue is issued, so a draft
that is dropped leaves no gap."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet


class SeriesQuerySet(ScopedQuerySet):
    region_prefix_lookup = "office__region__prefix"


class Series(models.Model):
    office = models.ForeignKey(
        "organisations.Unit", verbose_name=_("编发单位"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(
        _("简报名称"), max_length=80, help_text=_("如 清远市创建国家环保模范城市工作简报")
    )
    issued_before = models.PositiveIntegerField(
        _("此前已编发期数"), default=0, help_text=_("总期数从此数之后续编")
    )
    paper_year = models.PositiveSmallIntegerField(_("纸质续编年度"), null=True, blank=True)
    paper_year_count = models.PositiveSmallIntegerField(
        _("该年度此前已编发期数"), default=0, help_text=_("该年度期号从此数之后续编")
    )
    main_to = models.TextField(_("默认主送"), blank=True, help_text=_("每行一个"))
    copy_to = models.TextField(_("默认抄送"), blank=True, help_text=_("每行一个"))

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("简报系列")
        verbose_name_plural = _("简报系列")
        ordering = ["office", "name"]

    def __str__(self):
        return self.name


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("编辑中")
    REVIEWING = "reviewing", _("待审签")
    SIGNED = "signed", _("已审签")
    ISSUED = "issued", _("已印发")


class IssueQuerySet(ScopedQuerySet):
    region_prefix_lookup = "series__office__region__prefix"


class Issue(models.Model):
    series = models.ForeignKey(
        Series, verbose_name=_("简报系列"), on_delete=models.PROTECT, related_name="issues"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("年度期号"), null=True, blank=True)
    overall = models.PositiveIntegerField(_("总期号"), null=True, blank=True)
    date = models.DateField(_("印发日期"))
    main_to = models.TextField(_("主送"), blank=True)
    copy_to = models.TextField(_("抄送"), blank=True)
    is_public = models.BooleanField(_("在门户公开"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("编辑人"), on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审签人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("审签时间"), null=True, blank=True)
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("简报")
        verbose_name_plural = _("简报")
        ordering = ["-year", "-number", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "number"], name="briefing_number_once"),
            models.UniqueConstraint(fields=["series", "overall"], name="briefing_overall_once"),
        ]

    def __str__(self):
        return f"{self.series.name} {self.label}"

    @property
    def label(self) -> str:
        if self.number is None:
            return f"{self.year}年（待编号）"
        return f"{self.year}年第{self.number}期（总第{self.overall}期）"


class Article(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("正文"))
    source = models.CharField(_("来源"), max_length=60, blank=True, help_text=_("如 （广东环境保护）"))
    generator = models.CharField(_("生成方式"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("简报文章")
        verbose_name_plural = _("简报文章")
        ordering = ["issue", "position", "pk"]

    def __str__(self):
        return self.title


class ArticleTemplate(models.Model):
    """An editable wording for a generated article: {placeholders} are filled from ducha's figures."""

    key = models.SlugField(_("代码"), max_length=30, primary_key=True)
    name = models.CharField(_("名称"), max_length=60)
    title = models.CharField(_("标题模板"), max_length=200)
    body = models.TextField(_("正文模板"))

    class Meta:
        verbose_name = _("简报文章模板")
        verbose_name_plural = _("简报文章模板")
        ordering = ["key"]

    def __str__(self):
        return self.name


class CaseKind(models.TextChoices):
    SURFACE = "surface", _("表面整改")
    FAKE = "fake", _("假装整改")
    PERFUNCTORY = "perfunctory", _("敷衍整改")
    OTHER = "other", _("其他典型问题")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SUBMITTED = "submitted", _("待审核")
    PUBLISHED = "published", _("已公开")


class CaseQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region_prefix"


class TypicalCase(models.Model):
    """典型案例: a case of 表面 / 假装 / 敷衍整改 the office exposes on the portal, with text and before/after photos,
    drawn from a complaint, a rectification task or a field check, published only after a second office user
    reviews it."""

    kind = models.CharField(_("类型"), max_length=12, choices=CaseKind.choices)
    title = models.CharField(_("标题"), max_length=120)
    text = models.TextField(_("正文"))
    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+"
    )
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("举报件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    task = models.ForeignKey(
        "rectification.Task",
        verbose_name=_("整改任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    field_check = models.ForeignKey(
        "fieldchecks.FieldCheck",
        verbose_name=_("现场检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-published_at", "-created_at"]

    def __str__(self):
        return self.title


class CasePhoto(models.Model):
    class Stage(models.TextChoices):
        BEFORE = "before", _("整改前")
        AFTER = "after", _("整改后")

    case = models.ForeignKey(TypicalCase, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(_("时段"), max_length=6, choices=Stage.choices)
    file = models.FileField(_("照片"), upload_to="briefings/cases/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    taken_at = models.DateTimeField(_("拍摄时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("案例照片")
        verbose_name_plural = _("案例照片")
        ordering = ["case", "stage", "pk"]

    def __str__(self):
        return self.name
