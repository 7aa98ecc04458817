"""Field inspections (现场检查: 夜查、晨查、突击检查、专项督查, seed 004): a check belongs to an inspection and
records its time window, context, teams, the sites visited and the problems found with their photos. When the
check is closed, its problems go to the city through the complaint loop (decision 0011) — registered, put in a
batch and issued with the usual feedback deadline — and the check gets its numbered 督办函."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet


class CheckKind(models.TextChoices):
    NIGHT = "night", _("夜查")
    MORNING = "morning", _("晨查")
    SURPRISE = "surprise", _("突击检查")
    SPECIAL = "special", _("专项督查")


class ProblemType(models.Model):
    """The editable list of what a field check finds (seeded from the Handan night check)."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("检查问题类型")
        verbose_name_plural = _("检查问题类型")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CheckQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region__prefix"


class FieldCheck(models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("督察"),
        on_delete=models.PROTECT,
        related_name="field_checks",
    )
    kind = models.CharField(_("检查方式"), max_length=10, choices=CheckKind.choices)
    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("被检查地区"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("检查日期"))
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    context = models.TextField(
        _("背景"), blank=True, help_text=_("如 邯郸市自2018年11月22日18时启动重污染天气Ⅱ级应急响应")
    )
    teams = models.TextField(_("检查组"), help_text=_("每行一个组：组名｜带队领导｜成员"))
    letter_to = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("督办对象"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    letter_number = models.CharField(_("督办函文号"), max_length=40, blank=True)
    letter_sequence = models.PositiveIntegerField(null=True, blank=True)
    batch = models.OneToOneField(
        "complaints.Batch",
        verbose_name=_("交办批次"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="field_check",
    )
    closed_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("现场检查")
        verbose_name_plural = _("现场检查")
        ordering = ["-day", "-starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "letter_sequence"], name="field_letter_once")
        ]

    def __str__(self):
        return f"{self.day} {self.get_kind_display()}"

    @property
    def team_rows(self) -> list[list[str]]:
        return [
            [part.strip() for part in line.replace("|", "｜").split("｜")]
            for line in self.teams.splitlines()
            if line.strip()
        ]


class SiteQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region__prefix"


class Site(models.Model):
    field_check = models.ForeignKey(FieldCheck, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("检查点"), max_length=120)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("所在县（区）"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=40, blank=True, help_text=_("如 建筑工地、企业、渣土车"))

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查点")
        verbose_name_plural = _("检查点")
        ordering = ["field_check", "pk"]

    def __str__(self):
        return self.name


class Problem(models.Model):
    site = models.ForeignKey(
        Site, verbose_name=_("检查点"), on_delete=models.CASCADE, related_name="problems"
    )
    kind = models.ForeignKey(
        ProblemType, verbose_name=_("问题类型"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("问题描述"))
    complaint = models.OneToOneField(
        "complaints.Complaint",
        verbose_name=_("交办件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="field_problem",
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("发现问题")
        verbose_name_plural = _("发现问题")
        ordering = ["site", "pk"]

    def __str__(self):
        return f"{self.kind}：{self.description[:20]}"


class Photo(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to="fieldchecks/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    taken_at = models.DateTimeField(
        _("拍摄时间"), null=True, blank=True, help_text=_("照片自带的拍摄时间（EXIF）")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["problem", "pk"]

    def __str__(self):
        return self.name
