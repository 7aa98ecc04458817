"""The ledger: feedback reports with their plan, problems, tasks and milestones, and how they are scoped."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet, scope_of
from rectification.models.vocabulary import (
    OPEN_STATUSES,
    Cycle,
    PlanStatus,
    Progress,
    SignLevel,
    TaskKind,
    TaskStatus,
    WarningLevel,
)


class PrefixScopedQuerySet(ScopedQuerySet):
    """Rows that carry their region prefix in a column of their own."""

    region_prefix_lookup = "region_prefix"


class ReportQuerySet(PrefixScopedQuerySet):
    def within(self, scope):
        """A report is about a whole region: it is visible above it (the province office) and below it
        (a county unit reads the city's report, though it sees only its own tasks)."""
        if scope.everything or scope.prefix == "":
            return self
        if scope.prefix is None:
            return self.none()
        return self.filter(
            Q(region_prefix__startswith=scope.prefix) | Q(region_prefix__in=scope.ancestor_prefixes)
        )


class FeedbackReport(models.Model):
    """The inspection's feedback opinions (督察反馈意见) delivered to the inspected region."""

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("督察"),
        on_delete=models.PROTECT,
        related_name="feedback_reports",
    )
    region = models.ForeignKey(
        "organisations.Region", verbose_name=_("被督察地区"), on_delete=models.PROTECT, related_name="+"
    )
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    delivered_on = models.DateField(_("反馈日期"))
    text = models.TextField(_("反馈意见"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="rectification/reports/%Y/", blank=True)
    plan_status = models.CharField(
        _("整改方案"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFTING
    )
    plan_due_on = models.DateField(_("方案报送期限"))
    plan_submitted_at = models.DateTimeField(_("方案报送时间"), null=True, blank=True)
    plan_approved_at = models.DateTimeField(_("方案审定时间"), null=True, blank=True)
    plan_published_at = models.DateTimeField(_("方案公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("督察反馈意见")
        verbose_name_plural = _("督察反馈意见")
        ordering = ["-delivered_on", "pk"]

    def __str__(self):
        return self.title


class Problem(models.Model):
    """One problem (问题) listed in the feedback report, numbered as in the report."""

    report = models.ForeignKey(
        FeedbackReport, verbose_name=_("反馈意见"), on_delete=models.CASCADE, related_name="problems"
    )
    number = models.PositiveIntegerField(_("序号"))
    text = models.TextField(_("问题"))
    category = models.CharField(_("类别"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="problem_number_once")]

    def __str__(self):
        return f"{self.number}. {self.text[:40]}"


class TaskQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region_prefix"

    def visible_to(self, user):
        """The office and the inspection team see every task in their region; anyone else sees the
        tasks their unit leads or joins, and a leader also those he is responsible for."""
        rows = self.within(scope_of(user))
        if not user.is_authenticated or user.is_superuser or user.has_role("office", "team", "discipline"):
            return rows
        mine = Q(lead_unit_id=user.unit_id) | Q(co_units=user.unit_id) if user.unit_id else Q(pk__in=[])
        if user.person_id:
            mine |= Q(leader_id=user.person_id)
        return rows.filter(pk__in=self.filter(mine).values("pk"))

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Task(models.Model):
    """One rectification task (整改任务) of a problem: the unit of dispatch, warning and closure."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="tasks"
    )
    report = models.ForeignKey(
        FeedbackReport, verbose_name=_("反馈意见"), on_delete=models.CASCADE, related_name="tasks"
    )
    code = models.CharField(_("编号"), max_length=20, help_text=_("如 12-1：问题序号-任务序号"))
    target = models.TextField(_("整改目标"))
    measures = models.TextField(_("整改措施"), blank=True)
    kind = models.CharField(_("整改类型"), max_length=10, choices=TaskKind.choices, default=TaskKind.DEADLINE)
    starts_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("完成时限"), null=True, blank=True, help_text=_("长期坚持的任务可不填"))
    lead_unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    co_units = models.ManyToManyField(
        "organisations.Unit", verbose_name=_("配合单位"), blank=True, related_name="joined_tasks"
    )
    leader = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("责任领导"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_tasks",
    )
    leader_name = models.CharField(_("责任领导"), max_length=60, blank=True)
    leader_is_post = models.BooleanField(
        _("责任领导为职务"),
        default=False,
        db_default=False,
        help_text=_("未具名，只写职务（如 市政府分管副市长）"),
    )
    responsible_person = models.CharField(_("责任人"), max_length=60, blank=True)
    acceptance_standard = models.TextField(_("验收标准"), blank=True)
    sign_department = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("审核部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("审核层级含行业主管部门时，由哪个部门签署"),
    )
    sign_levels = models.JSONField(
        _("验收审核层级"), default=list, help_text=_("依次签署的层级，如 county, city, province")
    )
    region_prefix = models.CharField(_("区域前缀"), max_length=12)
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.DRAFT)
    progress = models.CharField(
        _("进展状态"), max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("完成比例"), default=0)
    last_reported_on = models.DateField(_("最近调度"), null=True, blank=True)
    cycle = models.CharField(_("调度频次"), max_length=8, choices=Cycle.choices, default=Cycle.MONTHLY)
    next_report_due = models.DateField(_("下次调度截止"), null=True, blank=True)
    report_late = models.BooleanField(_("调度逾期"), default=False)
    yellow_from = models.DateField(_("黄色预警起始日"), null=True, blank=True, editable=False)
    red_from = models.DateField(_("红色预警起始日"), null=True, blank=True, editable=False)
    warning_level = models.CharField(
        _("预警"), max_length=6, choices=WarningLevel.choices, default=WarningLevel.NONE, blank=True
    )
    sign_step = models.PositiveSmallIntegerField(_("当前审核层级"), default=0)
    notice_until = models.DateField(_("公示截止"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("重新整改次数"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改任务")
        verbose_name_plural = _("整改任务")
        ordering = ["report", "problem__number", "pk"]
        indexes = [
            models.Index(fields=["report", "status"], name="task_report_status"),
            models.Index(fields=["lead_unit", "status"], name="task_unit_status"),
            models.Index(fields=["status", "red_from"], name="task_red_from"),
            models.Index(fields=["status", "yellow_from"], name="task_yellow_from"),
            models.Index(fields=["status", "next_report_due"], name="task_report_due"),
            models.Index(
                fields=["region_prefix"], name="task_region_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["report", "code"], name="task_code_once")]

    def __str__(self):
        return f"{self.code} {self.target[:40]}"

    @property
    def leader_display(self) -> str:
        """The responsible leader as a page prints it: a name, or a post marked as one."""
        if not self.leader_name:
            return "—"
        return f"{self.leader_name}（职务，未具名）" if self.leader_is_post else self.leader_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def days_left(self) -> int | None:
        if self.due_on is None:
            return None
        return (self.due_on - timezone.localdate()).days

    @property
    def overdue_days(self) -> int:
        """Days past the deadline while still open (0 otherwise)."""
        if self.due_on is None or not self.is_open:
            return 0
        return max(0, (timezone.localdate() - self.due_on).days)

    @property
    def sign_level_labels(self) -> list[str]:
        return [str(SignLevel(level).label) for level in self.sign_levels or []]

    @property
    def sign_level(self) -> str | None:
        levels = self.sign_levels or []
        return levels[self.sign_step] if self.sign_step < len(levels) else None


class Milestone(models.Model):
    """A point on the schedule line: by `due_on`, `percent` should be done."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="milestones"
    )
    due_on = models.DateField(_("节点日期"))
    percent = models.PositiveSmallIntegerField(_("应完成比例"))
    title = models.CharField(_("节点"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("进度节点")
        verbose_name_plural = _("进度节点")
        ordering = ["task", "due_on"]

    def __str__(self):
        return f"{self.due_on} {self.percent}%"
