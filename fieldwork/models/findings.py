"""From what was found to what is delivered and kept: findings with their source and evidence, the feedback
report assembled from them (drafted, reviewed, signed, delivered into loop B), and the archive."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fieldwork.models.evidence import PrefixQuerySet


class SourceKind(models.TextChoices):
    COMPLAINT = "complaint", _("群众举报")
    INTERVIEW = "interview", _("个别谈话、走访问询")
    DOCUMENT = "document", _("调阅资料")
    SITE = "site", _("实地检查")
    FIELD_CHECK = "field_check", _("现场检查")


class Finding(models.Model):
    """发现问题: one problem the team found, with where it was found and what shows it."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.PROTECT, related_name="findings"
    )
    number = models.PositiveIntegerField(_("序号"))
    text = models.TextField(_("问题"))
    source_kind = models.CharField(_("来源"), max_length=12, choices=SourceKind.choices)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("举报件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="team_findings",
    )
    interview = models.ForeignKey(
        "fieldwork.Interview",
        verbose_name=_("谈话问询"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    request_item = models.ForeignKey(
        "fieldwork.RequestItem",
        verbose_name=_("调阅资料"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    site_visit = models.ForeignKey(
        "fieldwork.SiteVisit",
        verbose_name=_("实地检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    field_problem = models.ForeignKey(
        "fieldchecks.Problem",
        verbose_name=_("现场检查问题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="team_findings",
    )
    focus = models.ForeignKey(
        "fieldwork.FocusArea",
        verbose_name=_("督察重点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    evidence = models.TextField(_("证据"), blank=True)
    is_clue = models.BooleanField(_("责任追究线索"), default=False)
    persons = models.CharField(_("涉及人员"), max_length=300, blank=True)
    report = models.ForeignKey(
        "fieldwork.Report",
        verbose_name=_("反馈报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    report_order = models.PositiveIntegerField(_("报告中序号"), null=True, blank=True)
    problem = models.OneToOneField(
        "rectification.Problem",
        verbose_name=_("整改问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="finding",
    )
    clue_transfer = models.ForeignKey(
        "accountability.ClueTransfer",
        verbose_name=_("移交移送"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    objects = PrefixQuerySet.as_manager()

    class Meta:
        verbose_name = _("发现问题")
        verbose_name_plural = _("发现问题")
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="finding_number_once")]

    def __str__(self):
        return f"{self.number}. {self.text[:40]}"


class ReportStatus(models.TextChoices):
    DRAFTING = "drafting", _("起草中")
    SUBMITTED = "submitted", _("待审核")
    REVIEWED = "reviewed", _("待签发")
    SIGNED = "signed", _("已签发")
    DELIVERED = "delivered", _("已反馈")


class Report(models.Model):
    """The feedback report (督察反馈意见) to one inspected region, assembled from findings. Delivered, it becomes
    loop B's feedback report with one problem per finding."""

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("督察"),
        on_delete=models.PROTECT,
        related_name="draft_reports",
    )
    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("被督察地区"), on_delete=models.PROTECT, related_name="+"
    )
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    addressee = models.CharField(_("主送"), max_length=200)
    copy_to = models.CharField(_("抄送"), max_length=300, blank=True)
    opening = models.TextField(_("总体情况"), blank=True)
    demands = models.TextField(_("整改要求"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFTING
    )
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    delivered_on = models.DateField(_("反馈日期"), null=True, blank=True)
    feedback_report = models.OneToOneField(
        "rectification.FeedbackReport",
        verbose_name=_("整改台账"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("起草时间"), default=timezone.now)

    objects = PrefixQuerySet.as_manager()

    class Meta:
        verbose_name = _("督察反馈报告")
        verbose_name_plural = _("督察反馈报告")
        ordering = ["inspection", "-created_at"]

    def __str__(self):
        return self.title


class Retention(models.TextChoices):
    PERMANENT = "permanent", _("永久")
    LONG = "30y", _("30年")
    SHORT = "10y", _("10年")


class ArchiveStatus(models.TextChoices):
    BUILDING = "building", _("正在组卷")
    READY = "ready", _("已归档")
    FAILED = "failed", _("组卷失败")


class Archive(models.Model):
    """立卷归档: the inspection's archive, a zip with an index, a manifest and SHA-256 checksums."""

    inspection = models.OneToOneField(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.PROTECT, related_name="archive"
    )
    retention = models.CharField(
        _("保管期限"), max_length=10, choices=Retention.choices, default=Retention.PERMANENT
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ArchiveStatus.choices, default=ArchiveStatus.BUILDING
    )
    done = models.PositiveIntegerField(_("已组卷"), default=0)
    total = models.PositiveIntegerField(_("共计"), default=0)
    file = models.FileField(_("档案包"), upload_to="fieldwork/archives/", blank=True)
    size = models.PositiveBigIntegerField(_("大小"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    entries = models.PositiveIntegerField(_("条目数"), default=0)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("组卷开始"), default=timezone.now)
    finished_at = models.DateTimeField(_("归档时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督察档案")
        verbose_name_plural = _("督察档案")

    def __str__(self):
        return f"{self.inspection} 档案"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0
