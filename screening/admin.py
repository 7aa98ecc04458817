from django.contrib import admin

from organisations.admin import ScopedAdmin
from screening.models import PlaceAlias, TypeRule


@admin.register(PlaceAlias)
class PlaceAliasAdmin(ScopedAdmin):
    """Names callers use for places in the office's area: development zones, scenic areas, villages."""

    list_display = ["name", "region", "kind", "note", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "region__name"]
    autocomplete_fields = ["region"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(TypeRule)
class TypeRuleAdmin(admin.ModelAdmin):
    """The phrases that suggest a pollution type; retired, never deleted."""

    list_display = ["phrase", "pollution_type", "weight", "is_active"]
    list_editable = ["weight", "is_active"]
    list_filter = ["pollution_type__parent", "is_active"]
    search_fields = ["phrase"]

    def has_delete_permission(self, request, obj=None):
        return False
