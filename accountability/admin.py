from django.contrib import admin

from accountability.models import FormOfAccountability, Record
from organisations.admin import ReadOnlyScopedAdmin


@admin.register(FormOfAccountability)
class FormOfAccountabilityAdmin(admin.ModelAdmin):
    """The configurable list of forms: an administrator adds or retires one; nothing is deleted."""

    list_display = ["name", "code", "severity", "is_active"]
    list_editable = ["severity", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Record)
class RecordAdmin(ReadOnlyScopedAdmin):
    """Records change through accountability.workflow (pages and API); admin shows them, scoped."""

    list_display = [
        "person_name",
        "post",
        "unit",
        "form",
        "status",
        "audit_status",
        "decided_on",
        "source_kind",
    ]
    list_filter = ["status", "audit_status", "source_kind", "cadre_level"]
    search_fields = ["person_name", "reason", "document_number"]
    list_select_related = ["unit"]
