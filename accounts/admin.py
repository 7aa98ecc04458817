from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Role, User
from organisations.admin import ScopedAdmin


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "unit", "is_active", "is_staff", "last_login"]
    list_filter = ["roles", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "person"]
    filter_horizontal = ["roles", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("身份"), {"fields": ["full_name", "phone", "email", "unit", "person", "roles"]}),
        (_("权限"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("时间"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "unit", "roles", "password1", "password2"],
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser can hand out superuser status or raw permissions.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "user_permissions", "groups", "last_login", "date_joined"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "description"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdmin):
    list_display = ["user", "name", "created_at", "last_used_at", "expires_at"]
    readonly_fields = ["user", "created_at", "last_used_at"]
    fields = ["user", "name", "created_at", "last_used_at", "expires_at"]

    def get_queryset(self, request):
        return ApiToken.objects.filter(user__in=User.objects.visible_to(request.user)).select_related("user")

    def has_add_permission(self, request):
        return False
