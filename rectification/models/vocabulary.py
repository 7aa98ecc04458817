"""Loop B's vocabulary: plan and task statuses, kinds, progress, cycles, warning and sign-off levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
