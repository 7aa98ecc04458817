"""Loop A's vocabulary: channels, statuses and the groups the sweep and scope use, verdicts, the eight counters."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a complaint arrived; the value's first letter starts the acceptance number."""

    PHONE = "D", _("来电")
    LETTER = "X", _("来信")
    ONLINE = "W", _("网络")
    VISIT = "F", _("来访")
    # A problem a field check (夜查、晨查 …) found and transferred (fieldchecks).
    FIELD = "C", _("现场检查发现")
    # Passed on by the 12369 environmental hotline platform: its accept / close / extension rules apply.
    PLATFORM = "P", _("12369 平台转办")


class Status(models.TextChoices):
    REGISTERED = "registered", _("待审核")
    REJECTED = "rejected", _("不予受理")
    DUPLICATE = "duplicate", _("重复件")
    ACCEPTED = "accepted", _("待交办")
    TRANSFERRED = "transferred", _("待转办")
    FORWARDED = "forwarded", _("待签收")
    RECEIVED = "received", _("办理中")
    SIGNING = "signing", _("反馈待签字")
    REVIEWING = "reviewing", _("反馈待审核")
    RETURNED = "returned", _("退回重办")
    IN_PROGRESS = "in_progress", _("正在办理")
    STAGE_CLOSED = "stage_closed", _("阶段性办结")
    CLOSED = "closed", _("已办结")
    CHECKING = "checking", _("验收中")
    VERIFIED = "verified", _("已验收销号")


# Statuses whose clock can run: the sweep looks at these alone (a row without `due_at` has none). A
# registered or accepted complaint runs on the 12369 accept / close rules where they apply (12369
# platform, after the stay); 正在办理 and 阶段性办结 ones are followed until closed.
CLOCKED = [
    Status.REGISTERED,
    Status.ACCEPTED,
    Status.TRANSFERRED,
    Status.FORWARDED,
    Status.RECEIVED,
    Status.SIGNING,
    Status.RETURNED,
    Status.IN_PROGRESS,
    Status.STAGE_CLOSED,
]
# Closed, whatever the acceptance after it: counted as 已办结.
FINISHED = [Status.CLOSED, Status.CHECKING, Status.VERIFIED]
# What a county handler may see: everything from forwarding on (screening is the team's business).
HANDED_OVER = [
    Status.FORWARDED,
    Status.RECEIVED,
    Status.SIGNING,
    Status.RETURNED,
    Status.REVIEWING,
    Status.IN_PROGRESS,
    Status.STAGE_CLOSED,
    *FINISHED,
]
# Transferred and counted in the funnel.
TRANSFERRED_STATUSES = [Status.TRANSFERRED, *HANDED_OVER]


class DueState(models.TextChoices):
    NONE = "", _("无时限")
    OK = "ok", _("正常")
    SOON = "soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")


class Verdict(models.TextChoices):
    TRUE = "true", _("属实")
    MOSTLY_TRUE = "mostly", _("基本属实")
    PARTLY_TRUE = "partly", _("部分属实")
    FALSE = "false", _("不属实")


class HandlingState(models.TextChoices):
    CLOSED = "closed", _("已办结")
    STAGE_CLOSED = "stage_closed", _("阶段性办结")
    IN_PROGRESS = "in_progress", _("正在办理")


# The eight published counters (DOMAIN.md): field name and column title. Money is in 元.
COUNTERS = [
    ("ordered_firms", _("责令整改(家)")),
    ("penalised_firms", _("立案处罚(家)")),
    ("fines_yuan", _("罚款(元)")),
    ("criminal_cases", _("立案侦查(件)")),
    ("administrative_detentions", _("行政拘留(人)")),
    ("criminal_detentions", _("刑事拘留(人)")),
    ("interviewed_people", _("约谈(人)")),
    ("accountable_people", _("问责(人)")),
]
COUNTER_FIELDS = [name for name, _label in COUNTERS]
# The largest figure a counter takes (PostgreSQL's integer): a larger one is refused, not a 500.
COUNTER_MAX = 2_147_483_647
# Money is kept to the 分 (two decimal places) as a decimal, never a float: 251,542.71 元 stays 251542.71.
# Fourteen digits keep every amount exact also where JSON carries it as a number (doubles hold 15).
MONEY_FIELDS = ["fines_yuan"]
MONEY_MAX = Decimal("999999999999.99")


class CounterFields(models.Model):
    """The eight counters, shared by a feedback and by the complaint's accepted result."""

    ordered_firms = models.PositiveIntegerField(_("责令整改(家)"), default=0)
    penalised_firms = models.PositiveIntegerField(_("立案处罚(家)"), default=0)
    fines_yuan = models.DecimalField(_("罚款(元)"), max_digits=14, decimal_places=2, default=Decimal("0.00"))
    criminal_cases = models.PositiveIntegerField(_("立案侦查(件)"), default=0)
    administrative_detentions = models.PositiveIntegerField(_("行政拘留(人)"), default=0)
    criminal_detentions = models.PositiveIntegerField(_("刑事拘留(人)"), default=0)
    interviewed_people = models.PositiveIntegerField(_("约谈(人)"), default=0)
    accountable_people = models.PositiveIntegerField(_("问责(人)"), default=0)

    class Meta:
        abstract = True

    def counters(self) -> dict[str, int | Decimal]:
        return {name: getattr(self, name) for name in COUNTER_FIELDS}
