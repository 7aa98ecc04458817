"""What the team gathers while stationed: the focus list, document requests (调阅资料, 自查报告) with their items and
uploads, interviews whose notes are confidential, and site visits with photos."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fieldwork.models.preparation import StoredFile
from organisations.scope import ScopedQuerySet


class PrefixQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region_prefix"


class FocusArea(models.Model):
    """One of the inspection's focus areas (督察重点); complaints and problems typed in elsewhere link here too."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.CASCADE, related_name="focus_areas"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("督察重点"), max_length=300)
    complaints = models.ManyToManyField(
        "complaints.Complaint", verbose_name=_("相关举报件"), blank=True, related_name="focus_areas"
    )

    class Meta:
        verbose_name = _("督察重点")
        verbose_name_plural = _("督察重点")
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="focus_number_once")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class RequestKind(models.TextChoices):
    MATERIALS = "materials", _("调阅资料")
    SELF_CHECK = "self_check", _("自查报告")


class DocumentRequest(models.Model):
    """A numbered request to an inspected unit for materials, with a deadline. The unit's own users upload;
    the team marks each item."""

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("督察"),
        on_delete=models.PROTECT,
        related_name="document_requests",
    )
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("编号"), max_length=60)
    kind = models.CharField(
        _("类别"), max_length=12, choices=RequestKind.choices, default=RequestKind.MATERIALS
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("被调阅单位"),
        on_delete=models.PROTECT,
        related_name="document_requests",
    )
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    title = models.CharField(_("事项"), max_length=200)
    note = models.TextField(_("说明"), blank=True)
    due_at = models.DateTimeField(_("报送期限"))
    sent_at = models.DateTimeField(_("发出时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = PrefixQuerySet.as_manager()

    class Meta:
        verbose_name = _("调阅资料")
        verbose_name_plural = _("调阅资料")
        ordering = ["inspection", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["inspection", "sequence"], name="request_number_once")]
        indexes = [models.Index(fields=["unit", "submitted_at"], name="request_unit_open")]

    def __str__(self):
        return self.number

    def is_overdue(self, now=None) -> bool:
        return self.submitted_at is None and self.due_at < (now or timezone.now())


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("待核对")
    RECEIVED = "received", _("已收到")
    INCOMPLETE = "incomplete", _("不完整")
    MISSING = "missing", _("缺失")


class RequestItem(models.Model):
    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("资料"), max_length=300)
    status = models.CharField(
        _("核对"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING
    )
    remark = models.CharField(_("核对意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("调阅事项")
        verbose_name_plural = _("调阅事项")
        ordering = ["request", "number"]
        constraints = [models.UniqueConstraint(fields=["request", "number"], name="request_item_once")]

    def __str__(self):
        return f"{self.number}. {self.text}"


class RequestFile(StoredFile):
    item = models.ForeignKey(RequestItem, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to="fieldwork/requests/%Y/%m/")

    class Meta:
        verbose_name = _("报送材料")
        verbose_name_plural = _("报送材料")
        ordering = ["item", "pk"]

    def __str__(self):
        return self.name


class InterviewKind(models.TextChoices):
    TALK = "talk", _("个别谈话")
    VISIT = "visit", _("走访问询")


class Interview(models.Model):
    """An interview. The person's name and the notes are encrypted at rest (complaints.secrets), shown only to
    the team, each view an event, and never exported."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.PROTECT, related_name="interviews"
    )
    kind = models.CharField(_("方式"), max_length=6, choices=InterviewKind.choices)
    person_secret = models.TextField(_("谈话对象（加密）"))
    person_masked = models.CharField(_("谈话对象"), max_length=40)
    post = models.CharField(_("职务"), max_length=120)
    unit_name = models.CharField(_("单位"), max_length=120, blank=True)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    held_at = models.DateTimeField(_("谈话时间"))
    interviewers = models.CharField(_("谈话人"), max_length=200)
    notes_secret = models.TextField(_("谈话记录（加密）"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = PrefixQuerySet.as_manager()

    class Meta:
        verbose_name = _("谈话问询")
        verbose_name_plural = _("谈话问询")
        ordering = ["inspection", "-held_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.person_masked}（{self.post}）"


class SiteVisit(models.Model):
    """A site visit of 下沉督查 (实地检查): place, county, what was seen, photos. Decision 0017 says why this is not
    a field check."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.PROTECT, related_name="site_visits"
    )
    day = models.DateField(_("检查日期"))
    place = models.CharField(_("地点"), max_length=200)
    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("所在县（区）"), on_delete=models.PROTECT, related_name="+"
    )
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    visitors = models.CharField(_("检查人员"), max_length=200)
    seen = models.TextField(_("检查情况"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = PrefixQuerySet.as_manager()

    class Meta:
        verbose_name = _("实地检查")
        verbose_name_plural = _("实地检查")
        ordering = ["inspection", "-day", "-pk"]

    def __str__(self):
        return f"{self.day} {self.place}"


class SitePhoto(models.Model):
    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to="fieldwork/sites/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    taken_at = models.DateTimeField(_("拍摄时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("实地检查照片")
        verbose_name_plural = _("实地检查照片")
        ordering = ["visit", "pk"]

    def __str__(self):
        return self.name
