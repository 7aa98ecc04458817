"""Template filters every page shares: how much time is left, and dates as people read them."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _span(seconds: float) -> str:
    hours = seconds / 3600
    if hours < 1:
        return _("%(n)s 分钟") % {"n": max(1, int(seconds // 60))}
    if hours < 24:
        return _("%(n)s 小时") % {"n": int(hours)}
    return _("%(n)s 天") % {"n": int(hours // 24)}


@register.filter
def remaining(value, now=None) -> str:
    """剩余 5 小时 · 剩余 15 天 · 今天到期 · 超期 2 天. A date is due at its end."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        now = now or timezone.now()
        seconds = (value - now).total_seconds()
        return (_("剩余 %(span)s") if seconds >= 0 else _("超期 %(span)s")) % {"span": _span(abs(seconds))}
    today = now if isinstance(now, dt.date) else timezone.localdate()
    days = (value - today).days
    if days == 0:
        return _("今天到期")
    return (_("剩余 %(span)s") if days > 0 else _("超期 %(span)s")) % {
        "span": _("%(n)s 天") % {"n": abs(days)}
    }


@register.filter
def when(value) -> str:
    """A moment as people write it: 11月30日 14:00; a date, or a moment at midnight or 23:59, without a
    time; the year only when it is not this year."""
    if not value:
        return ""
    today = timezone.localdate()
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value)
        day = local.date()
        clock = "" if (local.hour, local.minute) in ((0, 0), (23, 59)) else f" {local:%H:%M}"
    else:
        day, clock = value, ""
    if day.year == today.year:
        text = _("%(m)s月%(d)s日") % {"m": day.month, "d": day.day}
    else:
        text = _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}
    return text + clock


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """This page's address with `page` set to `number`, every other parameter kept, `page` once."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def wan_yuan(value) -> str:
    """Yuan as 万元 to two decimals, rounded half up, with thousands separators: 7840000 → 784.00 万元,
    251542.71 → 25.15 万元. Decimal arithmetic throughout: no float touches money."""
    if value in (None, ""):
        return ""
    wan = (Decimal(str(value)) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return _("%(n)s 万元") % {"n": f"{wan:,}"}


@register.filter
def percent(value) -> str:
    """A rate as printed: 7.01%, 0.00%; a dash when there is nothing to divide by (None)."""
    return "—" if value in (None, "") else f"{value}%"


@register.filter
def yuan(value) -> str:
    """Yuan to the 分 with thousands separators: 251542.71 → 251,542.71 元; 200000 → 200,000.00 元."""
    if value in (None, ""):
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return _("%(n)s 元") % {"n": f"{amount:,}"}
