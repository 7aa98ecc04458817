from django.contrib import admin

from audit.models import ChainCheck, Event
from organisations.admin import ReadOnlyAdminMixin, ReadOnlyScopedAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyScopedAdmin):
    """Read-only: the event log is written by workflow functions alone."""

    list_display = [
        "at",
        "subject_type",
        "subject_id",
        "action",
        "from_state",
        "to_state",
        "actor_name",
        "seq",
    ]
    list_filter = ["subject_type", "action"]
    search_fields = ["subject_id", "note", "actor_name"]


@admin.register(ChainCheck)
class ChainCheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The verifications of the audit chain, newest first (read-only, for the audit administrator)."""

    list_display = ["checked_at", "ok", "checked", "unsealed", "broken_seq", "broken_event_id", "message"]
    list_filter = ["ok"]
