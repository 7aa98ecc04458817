from django.contrib import admin

from audit.models import Event
from organisations.admin import ScopedAdmin


@admin.register(Event)
class EventAdmin(ScopedAdmin):
    """Read-only: the event log is written by workflow functions alone."""

    list_display = ["at", "subject_type", "subject_id", "action", "from_state", "to_state", "actor"]
    list_filter = ["subject_type", "action"]
    search_fields = ["subject_id", "note"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
