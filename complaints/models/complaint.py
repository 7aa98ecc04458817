"""Pollution types, transfer batches and the complaint itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from complaints.models.vocabulary import (
    CLOCKED,
    HANDED_OVER,
    Channel,
    CounterFields,
    DueState,
    HandlingState,
    Status,
    Verdict,
)
from organisations.scope import Scope, ScopedQuerySet, scope_of


class PollutionType(models.Model):
    """The two-level dictionary of pollution types (水 › 黑臭水体); an office extends it in admin."""

    name = models.CharField(_("名称"), max_length=30)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("污染类型")
        verbose_name_plural = _("污染类型")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="pollution_type_once")]

    def __str__(self):
        return f"{self.parent.name}·{self.name}" if self.parent_id else self.name


class IndustryCategory(models.Model):
    """The industry category (行业类别) beside the pollution type, as announcements count them: 工业类, 矿山类,
    畜禽养殖类, 城市管理类, 农村环境类, 自然保护区类, 其他类. An office extends or retires them in admin."""

    name = models.CharField(_("名称"), max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("行业类别")
        verbose_name_plural = _("行业类别")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("拟交办")
    ISSUED = "issued", _("已交办")


class BatchQuerySet(ScopedQuerySet):
    def within(self, scope: Scope):
        from inspections.models import Inspection

        return self.filter(inspection__in=Inspection.objects.within(scope))


class Batch(models.Model):
    """A numbered transfer batch (第N批) of one inspection; issuing it starts every complaint's clocks."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.PROTECT, related_name="batches"
    )
    number = models.PositiveIntegerField(_("批次"))
    status = models.CharField(_("状态"), max_length=8, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    issued_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("交办批次")
        verbose_name_plural = _("交办批次")
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="batch_number_once")]

    def __str__(self):
        return f"第{self.number}批"


class ComplaintQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region_prefix"

    def visible_to(self, user):
        """The region subtree of the user, and the joint complaints (合办件) another county leads with a unit in
        it; a user who is neither on the team nor in an office sees a complaint only once it has been forwarded
        to the county. The joint ones are read as ids first (a handful), so the filter stays indexable."""
        scope = scope_of(user)
        rows = self.within(scope)
        if scope.prefix and not scope.everything:
            from complaints.models.joint import JointShare

            shared = list(
                JointShare.objects.filter(region_prefix__startswith=scope.prefix)
                .exclude(complaint__region_prefix__startswith=scope.prefix)
                .values_list("complaint_id", flat=True)[:5000]
            )
            if shared:
                rows = self.filter(Q(region_prefix__startswith=scope.prefix) | Q(pk__in=shared))
        if user.is_authenticated and not user.is_superuser and not user.has_role("team", "office"):
            rows = rows.filter(status__in=HANDED_OVER)
        return rows

    def open(self):
        return self.filter(status__in=CLOCKED)

    def overdue(self):
        return self.filter(status__in=CLOCKED, due_state=DueState.OVERDUE)

    def counted(self):
        """Valid complaints once duplicates are merged: what the funnel's third figure counts."""
        return self.exclude(status__in=[Status.REGISTERED, Status.REJECTED, Status.DUPLICATE])


class Complaint(CounterFields):
    """One complaint (信访举报件) with its screening, transfer, receipt and accepted result.

    The reporter's name and phone are stored encrypted (`reporter_*_secret`) beside masked copies
    for display; only `workflow.reveal_reporter` decrypts them, and it logs who looked."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.PROTECT, related_name="complaints"
    )
    number = models.CharField(_("受理编号"), max_length=40)
    tracking_code = models.CharField(_("查询码"), max_length=12, unique=True)
    intake_key = models.CharField(_("幂等键"), max_length=120, null=True, blank=True, unique=True)
    channel = models.CharField(_("受理方式"), max_length=1, choices=Channel.choices)
    received_at = models.DateTimeField(_("受理时间"), default=timezone.now)
    text = models.TextField(_("交办问题基本情况"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("行政区域"), on_delete=models.PROTECT, related_name="+"
    )
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=False)
    pollution_types = models.ManyToManyField(PollutionType, verbose_name=_("污染类型"), blank=True)
    industry = models.ForeignKey(
        IndustryCategory,
        verbose_name=_("行业类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    reporter_name_secret = models.TextField(_("举报人（密文）"), blank=True)
    reporter_phone_secret = models.TextField(_("联系电话（密文）"), blank=True)
    reporter_name_masked = models.CharField(_("举报人"), max_length=40, blank=True)
    reporter_phone_masked = models.CharField(_("联系电话"), max_length=40, blank=True)

    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    is_key_case = models.BooleanField(_("重点件"), default=False)
    rejection_reason = models.TextField(_("不予受理理由"), blank=True)
    referral = models.CharField(_("转交渠道"), max_length=200, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重复于"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    lead_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_complaints",
    )
    co_units = models.ManyToManyField(
        "organisations.Unit", verbose_name=_("配合单位"), blank=True, related_name="supported_complaints"
    )

    batch = models.ForeignKey(
        Batch,
        verbose_name=_("批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    transferred_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    forward_due_at = models.DateTimeField(_("转办时限"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team_due_at = models.DateTimeField(_("向督察组反馈时限"), null=True, blank=True)
    local_due_at = models.DateTimeField(_("本地反馈时限"), null=True, blank=True)
    # The local rule `local_due_at` was counted by (whose rule: 邢台市保障工作组, 3 天).
    local_rule = models.ForeignKey(
        "inspections.DeadlineRule",
        verbose_name=_("本地时限依据"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The 12369 rules: accepted within 15 days and closed within 60 of receipt (30 more once, on an
    # approved extension). Set for 12369 complaints and those received after the stay at intake, and
    # for every complaint left 正在办理 or 阶段性办结.
    accept_due_at = models.DateTimeField(_("受理时限"), null=True, blank=True)
    close_due_at = models.DateTimeField(_("办结时限"), null=True, blank=True)
    extended_at = models.DateTimeField(_("延期批准时间"), null=True, blank=True)
    # The clock of the current step: what the sweep and the red / yellow / green dots read.
    due_at = models.DateTimeField(_("当前时限"), null=True, blank=True)
    soon_at = models.DateTimeField(_("临期提醒时间"), null=True, blank=True)
    due_state = models.CharField(
        _("时限状态"), max_length=8, choices=DueState.choices, blank=True, default=""
    )

    phone_confirmed_at = models.DateTimeField(_("电话确认时间"), null=True, blank=True)
    phone_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("电话确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone_answered_by = models.CharField(_("接电话人"), max_length=60, blank=True)
    receipt_signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    receipt_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    receipt_scan = models.FileField(_("签收回执扫描件"), upload_to="receipts/%Y/%m/", blank=True)
    received_at_county = models.DateTimeField(_("签收完成时间"), null=True, blank=True)

    # The accepted result, copied from the feedback the office accepted; published from here.
    findings = models.TextField(_("调查核实情况"), blank=True)
    verdict = models.CharField(_("是否属实"), max_length=8, choices=Verdict.choices, blank=True)
    measures = models.TextField(_("处理和整改情况"), blank=True)
    accountability = models.TextField(_("责任追究情况"), blank=True)
    handling_state = models.CharField(_("办结状态"), max_length=16, choices=HandlingState.choices, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    result_changed_at = models.DateTimeField(_("结果更新时间"), null=True, blank=True)

    rating = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    rating_comment = models.TextField(_("评价意见"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    # A call taken outside the inspection's accepting hours (受理时间); letters and online reports are fine.
    outside_hours = models.BooleanField(_("非受理时间来电"), default=False)
    # The earlier complaint this one most likely repeats, noted after registration (complaints.tasks).
    duplicate_hint = models.ForeignKey(
        "self",
        verbose_name=_("疑似重复于"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A reporter's word that the problem is back (问题反弹), until the office reopens it or answers it.
    rebound_text = models.TextField(_("反弹情况"), blank=True)
    rebound_reported_at = models.DateTimeField(_("反映反弹时间"), null=True, blank=True)
    rebound_handled_at = models.DateTimeField(_("反弹处理时间"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("信访举报件")
        verbose_name_plural = _("信访举报件")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="complaint_number_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_5",
            ),
        ]
        indexes = [
            models.Index(
                fields=["region_prefix"], name="complaint_region", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["inspection", "status"], name="complaint_inspection_status"),
            models.Index(fields=["lead_unit", "status"], name="complaint_unit_status"),
            models.Index(fields=["inspection", "-received_at"], name="complaint_inspection_recent"),
            # The lists' order (due first, then newest): a page is read off this index, not sorted.
            # PostgreSQL's ascending order already puts NULLs last, as the lists ask.
            # It carries the scope's columns too, so that a deep page's ids are read from it alone
            # (queries.page_ids) before the thirty rows are fetched.
            models.Index(
                fields=["due_at", "-received_at", "-id"],
                name="complaint_list_order",
                include=["region_prefix", "status"],
            ),
            # Queue counts over a whole province: each queue is a status (or the red ones), counted from
            # an index alone within the user's region prefix.
            models.Index(
                fields=["status", "region_prefix"],
                name="complaint_status_region",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            # The queues whose condition is more than a status: small partial indexes, one each.
            models.Index(
                fields=["region_prefix"],
                name="complaint_to_phone_region",
                opclasses=["varchar_pattern_ops"],
                condition=Q(status="forwarded", phone_confirmed_at__isnull=True),
            ),
            models.Index(
                fields=["region_prefix"],
                name="complaint_rebound_region",
                opclasses=["varchar_pattern_ops"],
                condition=Q(rebound_reported_at__isnull=False, rebound_handled_at__isnull=True),
            ),
            models.Index(
                fields=["region_prefix"],
                name="complaint_dup_hint_region",
                opclasses=["varchar_pattern_ops"],
                condition=Q(status="registered", duplicate_hint__isnull=False),
            ),
            # The sweep reads open complaints by deadline; a partial index keeps it small.
            models.Index(
                fields=["due_at"],
                name="complaint_open_due",
                condition=Q(status__in=[str(s) for s in CLOCKED]),
                include=["region_prefix"],
            ),
        ]

    def __str__(self):
        return self.number

    @cached_property
    def pending_extension(self):
        """The extension request (延期申请) waiting for the office, if any."""
        return self.extensions.filter(state="pending").first()

    @property
    def is_received(self) -> bool:
        return self.received_at_county is not None

    @property
    def reporter_display(self) -> str:
        if self.is_anonymous:
            return str(_("匿名"))
        return self.reporter_name_masked
