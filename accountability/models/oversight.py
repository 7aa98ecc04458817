"""The discipline group's oversight around the records (督办监察组, seed 003): letters urging accountability
(督促问责), supervision requests from the other groups (监察申请), transfers of clues (移交移送), and the
rules for what the public table says about a person held accountable."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accountability.models.records import CadreLevel, RecordQuerySet


class PublicationRule(models.Model):
    """What the disclosure table's 责任追究情况 column says about one person, by cadre level. Public tables
    name the post and the form rather than the person (DOMAIN.md): the default pattern has no {name}."""

    PLACEHOLDERS = {"unit", "post", "name", "form"}

    cadre_level = models.CharField(_("干部层级"), max_length=10, choices=CadreLevel.choices, primary_key=True)
    pattern = models.CharField(
        _("公开表述"),
        max_length=80,
        default="对{unit}{post}{form}",
        help_text=_("可用 {unit} 单位、{post} 职务、{name} 姓名、{form} 问责方式"),
    )

    class Meta:
        verbose_name = _("问责公开规则")
        verbose_name_plural = _("问责公开规则")
        ordering = ["cadre_level"]

    def __str__(self):
        return f"{self.get_cadre_level_display()}：{self.pattern}"

    def clean(self):
        names = {field for _, field, _, _ in string.Formatter().parse(self.pattern) if field is not None}
        unknown = names - self.PLACEHOLDERS
        if unknown:
            raise ValidationError({"pattern": f"不认识的占位符：{'、'.join(sorted(unknown))}"})
        if "form" not in names:
            raise ValidationError({"pattern": "公开表述须包含 {form}（问责方式）"})


class UrgeStatus(models.TextChoices):
    OPEN = "open", _("督促中")
    ANSWERED = "answered", _("已问责")


class Urge(models.Model):
    """督促问责: a numbered letter from the discipline group telling a unit to hold someone accountable
    for a case by a date. Answered when a record for that case is registered."""

    number = models.CharField(_("文号"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    issuer = models.ForeignKey(
        "organisations.Unit", verbose_name=_("发函单位"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("督促对象"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("督促事由"))
    due_on = models.DateField(_("问责时限"))
    complaint = models.ForeignKey(
        "complaints.Complaint", verbose_name=_("信访举报件"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="accountability_urges",
    )  # fmt: skip
    task = models.ForeignKey(
        "rectification.Task", verbose_name=_("整改任务"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="accountability_urges",
    )  # fmt: skip
    interview = models.ForeignKey(
        "rectification.Action", verbose_name=_("约谈"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="accountability_urges",
    )  # fmt: skip
    spot_check_item = models.ForeignKey(
        "rectification.SpotCheckItem", verbose_name=_("抽查发现"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="accountability_urges",
    )  # fmt: skip
    liaison_finding = models.ForeignKey(
        "liaison.Finding", verbose_name=_("包联督导发现"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="accountability_urges",
    )  # fmt: skip
    status = models.CharField(_("状态"), max_length=10, choices=UrgeStatus.choices, default=UrgeStatus.OPEN)
    answered_at = models.DateTimeField(_("问责登记时间"), null=True, blank=True)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("发函时间"), default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("督促问责函")
        verbose_name_plural = _("督促问责函")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "sequence"], name="urge_number_once")
        ]

    def __str__(self):
        return self.number

    @property
    def is_overdue(self) -> bool:
        return self.status == UrgeStatus.OPEN and self.due_on < timezone.localdate()


class RequestKind(models.TextChoices):
    """The three grounds seed 003 gives the discipline group to act on a request."""

    MECHANISM = "mechanism", _("办理工作机制不顺畅")
    LATE = "late", _("办理不及时")
    POOR = "poor", _("办理不到位")


class SupervisionRequest(models.Model):
    """监察申请: the patrol group (综合巡查组) or the petition group (信访督办组) asks the discipline group
    to act on a unit's poor handling of complaints. The discipline group replies."""

    number = models.CharField(_("编号"), max_length=40)
    from_unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("申请单位"), on_delete=models.PROTECT, related_name="+"
    )
    subject_unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("被申请监察单位"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("事由类别"), max_length=10, choices=RequestKind.choices)
    description = models.TextField(_("情况说明"))
    complaints = models.ManyToManyField(
        "complaints.Complaint", verbose_name=_("涉及举报件"), blank=True, related_name="supervision_requests"
    )
    reply = models.TextField(_("答复"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("监察申请")
        verbose_name_plural = _("监察申请")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.replied_at is None


class ReceiverKind(models.TextChoices):
    DISCIPLINE = "discipline", _("纪检监察机关")
    ORGANISATION = "organisation", _("组织部门")
    JUDICIAL = "judicial", _("司法机关")
    OTHER = "other", _("其他有关部门")


class TransferStatus(models.TextChoices):
    SENT = "sent", _("已移交")
    ANSWERED = "answered", _("已反馈办理结果")


class ClueTransfer(models.Model):
    """移交移送: a clue of responsibility (责任追究问题线索) handed from an inspection to the body that acts
    on it, with a numbered transfer letter. Only in or after the inspection's 移交移送 stage."""

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("督察"),
        on_delete=models.PROTECT,
        related_name="clue_transfers",
    )
    number = models.CharField(_("文号"), max_length=40)
    sequence = models.PositiveIntegerField(_("序号"))
    receiver_kind = models.CharField(_("接收机关类别"), max_length=12, choices=ReceiverKind.choices)
    receiver = models.CharField(_("接收机关"), max_length=120)
    title = models.CharField(_("问题线索"), max_length=200)
    description = models.TextField(_("线索情况"))
    persons = models.CharField(_("涉及人员"), max_length=300, blank=True)
    complaints = models.ManyToManyField(
        "complaints.Complaint", verbose_name=_("涉及举报件"), blank=True, related_name="clue_transfers"
    )
    tasks = models.ManyToManyField(
        "rectification.Task", verbose_name=_("涉及整改任务"), blank=True, related_name="clue_transfers"
    )
    transferred_on = models.DateField(_("移交日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.SENT
    )
    outcome = models.TextField(_("办理结果"), blank=True)
    outcome_on = models.DateField(_("反馈日期"), null=True, blank=True)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("移交移送")
        verbose_name_plural = _("移交移送")
        ordering = ["inspection", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "sequence"], name="transfer_number_once")
        ]

    def __str__(self):
        return self.number
