from django.contrib import admin

from dutyreports.models import Report
from organisations.admin import ReadOnlyScopedAdmin


@admin.register(Report)
class ReportAdmin(ReadOnlyScopedAdmin):
    """Reports change through dutyreports.workflow; admin shows them, scoped."""

    list_display = ["unit", "cycle", "status", "submitted_at", "submitted_late", "returns"]
    list_filter = ["status", "submitted_late"]
    list_select_related = ["unit", "cycle__region"]
