"""Loop B, the rectification ledger (整改台账): feedback report → problems → plan with tasks →
dispatch → warnings and supervision → staged acceptance with public notice → closure → spot checks.

A task carries its own clock in plain columns so that the periodic sweep is a handful of
conditional UPDATEs: `next_report_due` (the dispatch cycle), `yellow_from` and `red_from` (the first
day on which the task falls behind its schedule line by the yellow or red margin, recomputed in
Python whenever its progress, schedule or milestones change), and `notice_until` (the public
notice window). Scope is the lead unit's region prefix, copied onto the task.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet, scope_of


class PlanStatus(models.TextChoices):
    DRAFTING = "drafting", _("编制中")
    SUBMITTED = "submitted", _("待审定")
    APPROVED = "approved", _("已审定")
    PUBLISHED = "published", _("已公开")


class TaskKind(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    DEADLINE = "deadline", _("限期整改")
    LONG_TERM = "long_term", _("长期坚持")


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("方案编制")
    RECTIFYING = "rectifying", _("整改中")
    APPLIED = "applied", _("待现场核查")
    SIGNING = "signing", _("逐级审核")
    NOTICE = "notice", _("公示中")
    CLOSED = "closed", _("已销号")


OPEN_STATUSES = [TaskStatus.RECTIFYING, TaskStatus.APPLIED, TaskStatus.SIGNING, TaskStatus.NOTICE]


class Progress(models.TextChoices):
    """The six-value status vocabulary of monthly dispatch (DOMAIN.md, loop B step 3)."""

    NOT_STARTED = "not_started", _("尚未启动")
    BEHIND = "behind", _("未达到序时进度")
    ON_SCHEDULE = "on_schedule", _("达到序时进度")
    AHEAD = "ahead", _("超过序时进度")
    DONE = "done", _("完成整改")
    CLOSED = "closed", _("完成交账销号")


class Cycle(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    DEKAD = "dekad", _("每旬")
    WEEKLY = "weekly", _("每周")


class WarningLevel(models.TextChoices):
    NONE = "", _("无")
    YELLOW = "yellow", _("黄色预警")
    RED = "red", _("红色预警")


class SignLevel(models.TextChoices):
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    DEPARTMENT = "department", _("行业主管部门")


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


class ProgressReport(models.Model):
    """One dispatch report (调度): what was done in a cycle, how far, with evidence."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports")
    period_end = models.DateField(_("调度期"), help_text=_("本次调度所属周期的截止日"))
    text = models.TextField(_("整改进展"))
    percent = models.PositiveSmallIntegerField(_("完成比例"))
    progress = models.CharField(_("进展状态"), max_length=12, choices=Progress.choices)
    schedule_percent = models.PositiveSmallIntegerField(_("序时进度"), default=0)
    late_days = models.PositiveIntegerField(_("迟报天数"), default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("填报时间"), default=timezone.now)
    idempotency_key = models.CharField(_("幂等键"), max_length=120, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("调度报告")
        verbose_name_plural = _("调度报告")
        ordering = ["task", "-reported_at"]
        indexes = [models.Index(fields=["task", "period_end"], name="progress_task_period")]

    def __str__(self):
        return f"{self.task.code} {self.period_end} {self.percent}%"


class DispatchTally(models.Model):
    """Dispatch reports per report and month, kept as they are filed, so that the dashboard's time
    line reads a few rows instead of counting a million reports."""

    report = models.ForeignKey(FeedbackReport, on_delete=models.CASCADE, related_name="tallies")
    month = models.DateField(_("月份"))
    reports = models.PositiveIntegerField(_("调度报告"), default=0)
    late = models.PositiveIntegerField(_("迟报"), default=0)

    class Meta:
        verbose_name = _("调度统计")
        verbose_name_plural = _("调度统计")
        constraints = [models.UniqueConstraint(fields=["report", "month"], name="tally_once_per_month")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.reports}"


class TaskFile(models.Model):
    """Evidence on a task: with a progress report, an acceptance application or a site check."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="files")
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("调度报告"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    acceptance = models.ForeignKey(
        "Acceptance",
        verbose_name=_("验收"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    file = models.FileField(_("文件"), upload_to="rectification/evidence/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class ActionKind(models.TextChoices):
    """What the rectification office does to a lagging unit. Each is scored by the assessment
    module later, so each is one row, queryable by unit and period."""

    YELLOW = "yellow", _("黄色预警通知")
    RED = "red", _("红色预警通知")
    LETTER = "letter", _("督办函")
    INTERVIEW = "interview", _("约谈")
    CIRCULAR = "circular", _("通报")


class ActionQuerySet(PrefixScopedQuerySet):
    def visible_to(self, user):
        """The office sees every action in its region; a unit those about its own tasks or naming it."""
        rows = self.within(scope_of(user))
        if not user.is_authenticated or user.is_superuser or user.has_role("office", "team", "discipline"):
            return rows
        return rows.filter(
            Q(task__in=Task.objects.visible_to(user)) | Q(unit_id=user.unit_id) | Q(listed_units=user.unit_id)
        ).distinct()


class Action(models.Model):
    """A warning notice, supervision letter, interview or circular (预警通知 · 督办函 · 约谈 · 通报)."""

    report = models.ForeignKey(
        FeedbackReport, verbose_name=_("反馈意见"), on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ActionKind.choices)
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("对象单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    listed_units = models.ManyToManyField(
        "organisations.Unit", verbose_name=_("通报单位"), blank=True, related_name="circulars"
    )
    period = models.DateField(_("所属月份"), help_text=_("当月 1 日"))
    issued_on = models.DateField(_("印发日期"))
    reason = models.TextField(_("事由"), blank=True)
    source = models.CharField(
        _("来源"), max_length=8, choices=[("sweep", _("系统预警")), ("manual", _("人工"))], default="manual"
    )
    held_on = models.DateField(_("约谈日期"), null=True, blank=True)
    record = models.TextField(_("约谈记录"), blank=True)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["unit", "period"], name="action_unit_period")]
        constraints = [
            # The sweep may run every few minutes: one notice of a kind per task and month, one circular
            # per report and month.
            models.UniqueConstraint(
                fields=["task", "kind", "period"],
                condition=Q(task__isnull=False),
                name="action_once_per_month",
            ),
            models.UniqueConstraint(
                fields=["report", "kind", "period"],
                condition=Q(task__isnull=True),
                name="circular_once_per_month",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.issued_on}"

    @property
    def serial(self) -> int:
        """The notice's number within its kind and year (〔2017〕12号), in issuing order."""
        return (
            Action.objects.filter(
                report_id=self.report_id, kind=self.kind, issued_on__year=self.issued_on.year
            )
            .filter(Q(issued_on__lt=self.issued_on) | Q(issued_on=self.issued_on, pk__lte=self.pk))
            .count()
        )


class AcceptanceStatus(models.TextChoices):
    CHECKING = "checking", _("待现场核查")
    SIGNING = "signing", _("逐级审核")
    NOTICE = "notice", _("公示中")
    PASSED = "passed", _("已销号")
    REJECTED = "rejected", _("未通过")


class Acceptance(models.Model):
    """One application for acceptance and closure (验收销号), from application to the end of notice."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="acceptances"
    )
    round = models.PositiveSmallIntegerField(_("轮次"))
    status = models.CharField(
        _("状态"), max_length=10, choices=AcceptanceStatus.choices, default=AcceptanceStatus.CHECKING
    )
    summary = models.TextField(_("整改完成情况"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    checked_on = models.DateField(_("核查日期"), null=True, blank=True)
    inspectors = models.CharField(_("核查人员"), max_length=200, blank=True)
    check_record = models.TextField(_("现场核查记录"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查录入人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notice_from = models.DateField(_("公示开始"), null=True, blank=True)
    notice_until = models.DateField(_("公示截止"), null=True, blank=True)
    notice_text = models.TextField(_("公示内容"), blank=True)
    outcome_note = models.TextField(_("结论"), blank=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("验收销号")
        verbose_name_plural = _("验收销号")
        ordering = ["task", "-round"]
        constraints = [models.UniqueConstraint(fields=["task", "round"], name="acceptance_round_once")]

    def __str__(self):
        return f"{self.task.code} 第{self.round}次验收"


class SignOff(models.Model):
    """One level's decision in the sign-off chain (县 → 市 → 省/行业)."""

    acceptance = models.ForeignKey(
        Acceptance, verbose_name=_("验收"), on_delete=models.CASCADE, related_name="signoffs"
    )
    level = models.CharField(_("层级"), max_length=12, choices=SignLevel.choices)
    approved = models.BooleanField(_("同意销号"))
    comment = models.TextField(_("意见"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签署人"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签署时间"), default=timezone.now)

    class Meta:
        verbose_name = _("逐级审核")
        verbose_name_plural = _("逐级审核")
        ordering = ["acceptance", "signed_at"]

    def __str__(self):
        return f"{self.get_level_display()} {'同意' if self.approved else '不同意'}"


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待核实")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(models.Model):
    """An objection from the public during the notice window (公示异议)."""

    acceptance = models.ForeignKey(
        Acceptance, verbose_name=_("验收"), on_delete=models.CASCADE, related_name="objections"
    )
    text = models.TextField(_("异议内容"))
    contact_secret = models.TextField(_("联系方式（密文）"), blank=True)
    contact_masked = models.CharField(_("联系方式"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    response = models.TextField(_("核实情况"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    intake_key = models.CharField(_("幂等键"), max_length=120, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["acceptance", "submitted_at"]

    def __str__(self):
        return self.text[:40]


class Finding(models.TextChoices):
    SOUND = "sound", _("整改到位")
    SUPERFICIAL = "superficial", _("表面整改")
    FAKE = "fake", _("虚假整改")
    PERFUNCTORY = "perfunctory", _("敷衍整改")
    REBOUNDED = "rebounded", _("问题反弹")


FAILED_FINDINGS = [Finding.SUPERFICIAL, Finding.FAKE, Finding.PERFUNCTORY, Finding.REBOUNDED]


class SpotCheck(models.Model):
    """A reproducible sample of closed tasks (抽查、回头看): same seed and pool, same sample."""

    report = models.ForeignKey(
        FeedbackReport, verbose_name=_("反馈意见"), on_delete=models.CASCADE, related_name="spot_checks"
    )
    title = models.CharField(_("名称"), max_length=120)
    seed = models.BigIntegerField(_("随机种子"))
    size = models.PositiveIntegerField(_("抽取数量"))
    pool_size = models.PositiveIntegerField(_("已销号任务数"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("抽取人"), on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("抽取时间"), default=timezone.now)
    region_prefix = models.CharField(_("区域前缀"), max_length=12, db_index=True)

    objects = PrefixScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("抽查")
        verbose_name_plural = _("抽查")
        ordering = ["-drawn_at"]

    def __str__(self):
        return self.title


class SpotCheckItem(models.Model):
    spot_check = models.ForeignKey(
        SpotCheck, verbose_name=_("抽查"), on_delete=models.CASCADE, related_name="items"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="spot_items"
    )
    finding = models.CharField(_("结论"), max_length=12, choices=Finding.choices, blank=True)
    note = models.TextField(_("抽查情况"), blank=True)
    checked_on = models.DateField(_("核查日期"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("抽查任务")
        verbose_name_plural = _("抽查任务")
        ordering = ["spot_check", "pk"]
        constraints = [models.UniqueConstraint(fields=["spot_check", "task"], name="spot_item_once")]

    def __str__(self):
        return f"{self.task.code} {self.get_finding_display()}"


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)
