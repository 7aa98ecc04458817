from django.contrib import admin

from fieldchecks.models import FieldCheck, ProblemType
from organisations.admin import ReadOnlyScopedAdmin


@admin.register(ProblemType)
class ProblemTypeAdmin(admin.ModelAdmin):
    """The editable list of what field checks find; retired, never deleted."""

    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FieldCheck)
class FieldCheckAdmin(ReadOnlyScopedAdmin):
    list_display = ["day", "kind", "region", "letter_number", "closed_at"]
