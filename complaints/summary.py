"""The figures offices publish every day (issue 18): verdict counts, 不属实率 and 办结率 with their definitions, and
已办结 / 阶段性办结 / 正在办理, for a batch, running to a day (截至某日累计), per county, and per city for a provincial
office. Each is one aggregate query; the rates are exact decimals, rounded half up as announcements print them.

    "在转交的前二十三批群众信访举报件累计1427件中，属实440件，部分属实779件，基本属实108件，不属实100件，不属实率7.01%。
     已办结492件，阶段性办结291件，正在办理644件，办结率54.9%。"

办结率 counts 已办结 and 阶段性办结 together, over the complaints transferred."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import FINISHED, TRANSFERRED_STATUSES, DueState, Status, Verdict

VERDICTS = [Verdict.TRUE, Verdict.MOSTLY_TRUE, Verdict.PARTLY_TRUE, Verdict.FALSE]
UNTRUE_STEP, COMPLETION_STEP = Decimal("0.01"), Decimal("0.1")
DEFINITIONS = {
    "untrue_rate": _("不属实率 = 不属实件数 ÷ 转办件数 × 100%"),
    "completion_rate": _("办结率 = （已办结 + 阶段性办结）÷ 转办件数 × 100%"),
}


def rate(part: int, whole: int, step: Decimal) -> Decimal | None:
    """A percentage as a decimal rounded half up to `step`; None when nothing was transferred."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(step, rounding=ROUND_HALF_UP)


def number(value):
    """A figure for JSON: money and rates as numbers (251542.71, 7.01). Amounts have at most 14 digits, which a
    double holds exactly; None stays None."""
    return float(value) if isinstance(value, Decimal) else value


def aggregates() -> dict:
    """What one row of figures counts, over the complaints transferred (a rejected or duplicate one is not)."""
    moved = Q(status__in=TRANSFERRED_STATUSES)
    return {
        "transferred": Count("pk", filter=moved),
        "closed": Count("pk", filter=Q(status__in=FINISHED)),
        "stage_closed": Count("pk", filter=Q(status=Status.STAGE_CLOSED)),
        "key_cases": Count("pk", filter=moved & Q(is_key_case=True)),
        "overdue": Count("pk", filter=moved & Q(due_state=DueState.OVERDUE)),
        **{f"verdict_{v}": Count("pk", filter=moved & Q(verdict=v)) for v in VERDICTS},
    }


def finish(row: dict) -> dict:
    """Add 正在办理, the verdicts as a dict keyed by the Chinese label, and the two rates."""
    row = dict(row)
    row["in_progress"] = row["transferred"] - row["closed"] - row["stage_closed"]
    row["verdicts"] = {str(Verdict(v).label): row.pop(f"verdict_{v}") for v in VERDICTS}
    row["untrue_rate"] = rate(row["verdicts"][str(Verdict.FALSE.label)], row["transferred"], UNTRUE_STEP)
    row["completion_rate"] = rate(row["closed"] + row["stage_closed"], row["transferred"], COMPLETION_STEP)
    return row


def summary(rows) -> dict:
    return finish(rows.aggregate(**aggregates()))


def running(rows, day: dt.date) -> dict:
    """截至某日累计: what had been transferred by the end of `day` (Beijing time), as it stands now."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    return summary(rows.filter(transferred_at__lt=end))


def by_county(rows) -> list[dict]:
    grouped = rows.filter(status__in=TRANSFERRED_STATUSES).values("region__name", "region__code")
    return [finish(r) for r in grouped.annotate(**aggregates()).order_by("region__code")]


def by_unit(rows) -> list[dict]:
    """Per lead unit: a county's government, or a department a complaint was handed to (区住房和城乡建设局)."""
    grouped = rows.filter(status__in=TRANSFERRED_STATUSES, lead_unit__isnull=False).values(
        "lead_unit__name", "lead_unit__kind", "lead_unit__region__code"
    )
    return [
        finish(r)
        for r in grouped.annotate(**aggregates()).order_by("lead_unit__region__code", "lead_unit__name")
    ]


def by_city(rows) -> list[dict]:
    """Per city (the first four digits of the region prefix), named from the region table."""
    from organisations.models import Region

    grouped = (
        rows.filter(status__in=TRANSFERRED_STATUSES)
        .annotate(city=Substr("region_prefix", 1, 4))
        .values("city")
        .annotate(**aggregates())
        .order_by("city")
    )
    found = [finish(r) for r in grouped]
    names = dict(
        Region.objects.filter(prefix__in=[r["city"] for r in found], level="city").values_list(
            "prefix", "name"
        )
    )
    for row in found:
        row["name"] = names.get(row["city"], row["city"])
    return found


def sentence(figures: dict, *, what: str) -> str:
    """The announcement's sentence: 在{what}累计N件中，属实…，不属实率x%。已办结…，办结率y%。"""
    v = figures["verdicts"]
    parts = [f"在{what}{figures['transferred']}件中"]
    # The announcements' order: 属实, 部分属实, 基本属实, 不属实.
    order = (Verdict.TRUE, Verdict.PARTLY_TRUE, Verdict.MOSTLY_TRUE, Verdict.FALSE)
    parts += [f"{x.label}{v[str(x.label)]}件" for x in order]
    text = "，".join(parts)
    if figures["untrue_rate"] is not None:
        text += f"，不属实率{figures['untrue_rate']}%"
    text += f"。已办结{figures['closed']}件，阶段性办结{figures['stage_closed']}件，正在办理{figures['in_progress']}件"
    if figures["completion_rate"] is not None:
        text += f"，办结率{figures['completion_rate']}%"
    return text + "。"
