from django.contrib import admin

from accountability.models import (
    ClueTransfer,
    FormOfAccountability,
    PublicationRule,
    Record,
    SupervisionRequest,
    Urge,
)
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


@admin.register(PublicationRule)
class PublicationRuleAdmin(admin.ModelAdmin):
    """What the public table says about a person, by cadre level; the form checks the placeholders."""

    list_display = ["cadre_level", "pattern"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Urge)
class UrgeAdmin(ReadOnlyScopedAdmin):
    list_display = ["number", "unit", "due_on", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["unit"]


@admin.register(SupervisionRequest)
class SupervisionRequestAdmin(ReadOnlyScopedAdmin):
    list_display = ["number", "from_unit", "subject_unit", "kind", "replied_at"]
    list_select_related = ["from_unit", "subject_unit"]


@admin.register(ClueTransfer)
class ClueTransferAdmin(ReadOnlyScopedAdmin):
    list_display = ["number", "receiver", "title", "transferred_on", "status"]
