from django.contrib import admin

from complaints.models import Batch, Complaint, IndustryCategory, PollutionType
from organisations.admin import ReadOnlyScopedAdmin


@admin.register(PollutionType)
class PollutionTypeAdmin(admin.ModelAdmin):
    """The dictionary an office extends; a type in use is retired (启用 off), never deleted."""

    list_display = ["__str__", "parent", "position", "is_active"]
    list_filter = ["parent", "is_active"]
    list_editable = ["position", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndustryCategory)
class IndustryCategoryAdmin(admin.ModelAdmin):
    """行业类别, beside the pollution types: extended by the office, retired rather than deleted."""

    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyScopedAdmin):
    """Read-only in admin: complaints change through their workflow alone. The reporter appears
    masked; the encrypted fields are not shown at all."""

    list_display = [
        "number",
        "inspection",
        "region",
        "status",
        "due_state",
        "reporter_name_masked",
        "received_at",
    ]
    list_filter = ["status", "due_state", "channel"]
    search_fields = ["number"]
    list_select_related = ["inspection", "region"]
    exclude = ["reporter_name_secret", "reporter_phone_secret", "intake_key", "tracking_code"]


@admin.register(Batch)
class BatchAdmin(ReadOnlyScopedAdmin):
    list_display = ["inspection", "number", "status", "issued_at"]
    list_filter = ["status"]
