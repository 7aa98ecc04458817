"""Loop C's first record: who was held accountable (责任追究/问责), for what, and by whom.

A record links to what caused it (a rectification task today; complaints and field inspections
later) so that discipline inspectors (督办监察组) can audit that each finding led somewhere.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet


class FormOfAccountability(models.Model):
    """The configurable list of forms (问责方式): seeded with those seen in practice (DOMAIN.md, loop C),
    extended or retired by an administrator. `severity` orders them, mildest first; `published_as` is what
    a public table says instead of the person (e.g. 诫勉谈话)."""

    code = models.SlugField(_("代码"), max_length=20, primary_key=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    severity = models.PositiveSmallIntegerField(_("轻重顺序"), default=10)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("问责方式")
        verbose_name_plural = _("问责方式")
        ordering = ["severity", "code"]

    def __str__(self):
        return self.name


class CadreLevel(models.TextChoices):
    BUREAU = "bureau", _("厅局级")
    COUNTY = "county", _("县处级")
    TOWNSHIP = "township", _("乡科级")
    OTHER = "other", _("其他")


class RecordStatus(models.TextChoices):
    PROPOSED = "proposed", _("待决定")
    DECIDED = "decided", _("已作出决定")
    CARRIED_OUT = "carried_out", _("已执行")


class AuditStatus(models.TextChoices):
    """The discipline group's view of a record (督办监察组审核)."""

    PENDING = "pending", _("待核实")
    VERIFIED = "verified", _("已核实")
    INSUFFICIENT = "insufficient", _("追责不到位")


class SourceKind(models.TextChoices):
    FEEDBACK = "feedback", _("信访件反馈")
    SPOT_CHECK = "spot_check", _("抽查")
    INTERVIEW = "interview", _("约谈")
    MANUAL = "manual", _("手工登记")
    IMPORT = "import", _("问责情况表导入")
    LIAISON = "liaison", _("包联督导")


class RecordQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region_prefix"

    def with_form_names(self):
        """Each record's form name in the same query, so a list never asks once per row."""
        from django.db.models import OuterRef, Subquery

        names = FormOfAccountability.objects.filter(code=OuterRef("form")).values("name")[:1]
        return self.annotate(form_label=Subquery(names))


class Record(models.Model):
    """One person held accountable (责任追究/问责): who, in what form, why, decided by whom and when, and
    what it answers to (complaints, a task, an interview, a spot-check finding). The discipline group
    audits it: verified, or sent back as 追责不到位."""

    person_name = models.CharField(_("被问责人"), max_length=40)
    post = models.CharField(_("职务"), max_length=80, blank=True)
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    cadre_level = models.CharField(
        _("干部层级"), max_length=10, choices=CadreLevel.choices, default=CadreLevel.OTHER
    )
    form = models.CharField(_("问责方式"), max_length=20, blank=True)
    reason = models.TextField(_("问责事由"))
    status = models.CharField(
        _("状态"), max_length=12, choices=RecordStatus.choices, default=RecordStatus.PROPOSED
    )
    decided_by = models.CharField(_("决定机关"), max_length=120, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    carried_out_on = models.DateField(_("执行日期"), null=True, blank=True)
    audit_status = models.CharField(
        _("核实"), max_length=12, choices=AuditStatus.choices, default=AuditStatus.PENDING
    )
    audit_note = models.TextField(_("核实意见"), blank=True)
    audited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    audited_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    source_kind = models.CharField(
        _("来源"), max_length=12, choices=SourceKind.choices, default=SourceKind.MANUAL
    )
    task = models.ForeignKey(
        "rectification.Task",
        verbose_name=_("整改任务"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accountability_records",
    )
    complaints = models.ManyToManyField(
        "complaints.Complaint",
        verbose_name=_("信访举报件"),
        blank=True,
        related_name="accountability_records",
    )
    interview = models.ForeignKey(
        "rectification.Action",
        verbose_name=_("约谈"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accountability_records",
    )
    spot_check_item = models.ForeignKey(
        "rectification.SpotCheckItem",
        verbose_name=_("抽查发现"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accountability_records",
    )
    liaison_finding = models.ForeignKey(
        "liaison.Finding",
        verbose_name=_("包联督导发现"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accountability_records",
    )
    source = models.CharField(_("线索来源"), max_length=120, blank=True)
    sampled_at = models.DateTimeField(_("抽查时间"), null=True, blank=True)
    sampled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽查人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("责任追究")
        verbose_name_plural = _("责任追究")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="record_status_created")]

    def __str__(self):
        return f"{self.person_name}（{self.unit}）"

    @property
    def form_name(self) -> str:
        if "form_label" in self.__dict__:  # read with with_form_names()
            return self.form_label or self.form
        return form_names().get(self.form, self.form)


def form_names() -> dict[str, str]:
    """Code → name of every form, read once per request cycle (the list is short)."""
    return dict(FormOfAccountability.objects.values_list("code", "name"))
