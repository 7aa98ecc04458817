"""What every fieldwork page shares: finding the inspection the user may work on, and parsing form input."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ducha.errors import WorkflowError
from fieldwork.access import may_view
from inspections.models import Inspection


def inspection_for(request, code) -> Inspection:
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("office__region"), code=code
    )
    if not may_view(request.user, inspection):
        raise PermissionDenied("只有督察组或督察办可以查看督察工作")
    return inspection


def parse_moment(text, field: str) -> dt.datetime:
    """A date and time typed as 2026-11-30T09:00 (datetime-local) or 2026-11-30 09:00, read as local time."""
    text = (text or "").strip().replace(" ", "T")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise WorkflowError("请填写日期和时间（如 2026-11-30 09:00）", field=field) from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
