from django.contrib import admin

from inspections.models import DeadlineRule, Inspection, InspectionTarget
from organisations.admin import ScopedAdmin


class InspectionTargetInline(admin.TabularInline):
    model = InspectionTarget
    extra = 0
    autocomplete_fields = ["region"]


class DeadlineRuleInline(admin.TabularInline):
    model = DeadlineRule
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(ScopedAdmin):
    list_display = ["code", "name", "level", "kind", "stage", "stationed_from", "stationed_until"]
    list_filter = ["level", "kind", "stage"]
    search_fields = ["code", "name", "team_name"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]
    filter_horizontal = ["teams"]
    inlines = [InspectionTargetInline, DeadlineRuleInline]
    readonly_fields = ["stage", "created_by", "created_at"]
