from dataclasses import replace

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Role, User
from accounts.workflow import (
    AccountState,
    check_account_change,
    is_security_admin,
    record_account_change,
    record_password_change,
)
from ducha.errors import PermissionDeniedError
from organisations.admin import ScopedAdmin

# What a user may never change on their own account, whoever they are.
OWN_RIGHTS = ["unit", "roles", "is_active", "is_staff", "is_superuser", "groups", "user_permissions"]


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
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser can hand out superuser status or raw permissions.
            fields += ["is_superuser", "user_permissions", "groups", "last_login", "date_joined"]
        if not is_security_admin(request.user):
            fields.append("is_staff")
        if obj is not None and obj.pk == request.user.pk:
            fields += OWN_RIGHTS
        return list(dict.fromkeys(fields))

    def get_form(self, request, obj=None, **kwargs):
        """The form refuses, with a message beside the form, a change of rights the separation of
        duties forbids (accounts.workflow.check_account_change)."""
        base = super().get_form(request, obj, **kwargs)
        by = request.user

        class CheckedForm(base):
            def clean(self):
                cleaned = super().clean()
                before = AccountState.of(obj)
                after = replace(
                    before if obj is not None else AccountState(is_active=True),
                    **_state_fields(cleaned),
                )
                try:
                    check_account_change(by=by, target=obj, before=before, after=after)
                except PermissionDeniedError as error:
                    raise ValidationError(error.message) from None
                return cleaned

        return CheckedForm

    def save_model(self, request, obj, form, change):
        form.rights_before = AccountState.of(obj if change else None)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        target = form.instance
        before, after = form.rights_before, AccountState.of(target)
        try:
            # Checked again on what was saved: the form is not the only way to post to admin.
            check_account_change(
                by=request.user, target=target if change else None, before=before, after=after
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from None
        record_account_change(target, by=request.user, before=before, after=after)

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, id)
        if target is not None and target.pk == request.user.pk:
            raise PermissionDenied("请在“修改密码”页面修改自己的密码（须输入原密码）")
        if not is_security_admin(request.user):
            raise PermissionDenied("重置他人密码须由安全管理员操作")
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and target is not None:
            target.refresh_from_db()
            record_password_change(target, by=request.user)
        return response


def _state_fields(cleaned: dict) -> dict:
    """The rights-bearing fields present in a submitted form, as AccountState values."""
    values = {}
    if "unit" in cleaned:
        values["unit_id"] = cleaned["unit"].pk if cleaned["unit"] else None
    if "roles" in cleaned:
        values["roles"] = frozenset(role.code for role in cleaned["roles"])
    for name in ("is_active", "is_staff", "is_superuser"):
        if name in cleaned:
            values[name] = bool(cleaned[name])
    if "groups" in cleaned:
        values["groups"] = frozenset(group.name for group in cleaned["groups"])
    if "user_permissions" in cleaned:
        values["permissions"] = frozenset(p.codename for p in cleaned["user_permissions"])
    return values


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
