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
