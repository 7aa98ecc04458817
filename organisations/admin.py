from django.contrib import admin
from django.core.exceptions import PermissionDenied

from organisations.models import Person, Post, Region, RegionLevel, Unit, UnitAlias
from organisations.scope import scope_of


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists and choice lists go through the same scope method as pages and the API."""

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyAdminMixin:
    """Admin shows the records and nothing more."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyScopedAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    """For records that change through their workflow alone: admin shows them, scoped, and nothing more."""


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ["code", "name", "level", "parent", "full_name"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    readonly_fields = ["prefix", "depth"]
    fields = [
        "code",
        "name",
        "level",
        "parent",
        "full_name",
        "longitude",
        "latitude",
        "source",
        "prefix",
        "depth",
    ]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def has_change_permission(self, request, obj=None):
        # National, provincial, city and county rows come from the GB/T 2260 list; offices keep townships.
        if obj is not None and obj.level != RegionLevel.TOWNSHIP and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.level != RegionLevel.TOWNSHIP and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "level" and not request.user.is_superuser:
            kwargs["choices"] = [(RegionLevel.TOWNSHIP.value, RegionLevel.TOWNSHIP.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            parent = obj.parent
            if (
                obj.level != RegionLevel.TOWNSHIP
                or parent is None
                or not scope_of(request.user).covers(parent.prefix)
            ):
                raise PermissionDenied("只能在本辖区的县级区划下添加乡镇（街道）")
        super().save_model(request, obj, form, change)


class PostInline(admin.TabularInline):
    model = Post
    extra = 1
    autocomplete_fields = ["person"]


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "region__name"]
    list_select_related = ["region", "parent"]
    autocomplete_fields = ["region", "parent"]
    inlines = [PostInline]


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["name", "region", "note"]
    search_fields = ["name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(Post)
class PostAdmin(ScopedAdmin):
    list_display = ["person", "title", "unit", "is_principal", "started_on", "ended_on"]
    list_filter = ["is_principal"]
    search_fields = ["person__name", "title", "unit__name"]
    list_select_related = ["person", "unit"]
    autocomplete_fields = ["person", "unit"]


@admin.register(UnitAlias)
class UnitAliasAdmin(ScopedAdmin):
    """Unit names as ledgers write them, mapped by offices (usually from an import's result page)."""

    list_display = ["name", "unit", "created_by", "created_at"]
    search_fields = ["name", "unit__name"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
