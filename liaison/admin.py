from django.contrib import admin

from liaison.models import Assignment, Finding, Visit
from organisations.admin import ReadOnlyScopedAdmin


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyScopedAdmin):
    """The plan changes through liaison.workflow (pages and API), which checks coverage rules."""

    list_display = ["post", "region", "unit", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["post__person", "post__unit", "region", "unit"]


@admin.register(Visit)
class VisitAdmin(ReadOnlyScopedAdmin):
    list_display = ["visited_on", "place", "region"]
    list_select_related = ["region"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyScopedAdmin):
    list_display = ["kind", "description", "unit", "task", "needs_accountability"]
    list_select_related = ["unit", "task"]
