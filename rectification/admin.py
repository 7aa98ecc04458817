from django.contrib import admin

from organisations.admin import ReadOnlyScopedAdmin as ReadOnly
from rectification.models import Action, FeedbackReport, Task


@admin.register(FeedbackReport)
class FeedbackReportAdmin(ReadOnly):
    list_display = ["title", "inspection", "delivered_on", "plan_status", "plan_due_on"]
    list_filter = ["plan_status"]


@admin.register(Task)
class TaskAdmin(ReadOnly):
    list_display = ["code", "report", "lead_unit", "status", "warning_level", "percent", "due_on"]
    list_filter = ["status", "warning_level", "kind"]
    search_fields = ["code", "target"]
    list_select_related = ["report", "lead_unit"]


@admin.register(Action)
class ActionAdmin(ReadOnly):
    list_display = ["kind", "unit", "task", "period", "issued_on", "source"]
    list_filter = ["kind", "source"]
    list_select_related = ["unit", "task"]
