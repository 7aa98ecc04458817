"""Every change of a user's rights: roles, unit, flags, password, tokens. Each one is checked against
the separation of duties and written to the audit trail.

Rules (issue 9, GB/T 22239-2019 level 3):
- nobody changes their own roles, unit, staff flag or active state;
- the team role (which reads complainants' identities), staff status (admin access) and the three
  administrator roles are granted and withdrawn by a security administrator only;
- superuser status, groups and raw permissions by a superuser only;
- another user's password is reset by a security administrator only.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, RoleCode, User
from audit.workflow import record_event
from ducha.errors import PermissionDeniedError

# Granting or withdrawing these needs a security administrator.
GUARDED_ROLES = frozenset(
    {RoleCode.INSPECTION_TEAM, RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN, RoleCode.AUDIT_ADMIN}
)
ROLE_LABELS = dict(RoleCode.choices)


@dataclass(frozen=True)
class AccountState:
    """The rights-bearing facts of an account, compared before and after a change."""

    unit_id: int | None = None
    roles: frozenset = frozenset()
    is_active: bool = True
    is_staff: bool = False
    is_superuser: bool = False
    groups: frozenset = frozenset()
    permissions: frozenset = frozenset()

    @classmethod
    def of(cls, user: User | None) -> "AccountState":
        if user is None or user.pk is None:
            return cls(is_active=False)
        fresh = User.objects.get(pk=user.pk)
        return cls(
            unit_id=fresh.unit_id,
            roles=frozenset(fresh.roles.values_list("code", flat=True)),
            is_active=fresh.is_active,
            is_staff=fresh.is_staff,
            is_superuser=fresh.is_superuser,
            groups=frozenset(fresh.groups.values_list("name", flat=True)),
            permissions=frozenset(fresh.user_permissions.values_list("codename", flat=True)),
        )

    def changes(self, after: "AccountState") -> dict[str, list]:
        found = {}
        for name in self.__dataclass_fields__:
            old, new = getattr(self, name), getattr(after, name)
            if old != new:
                found[name] = [sorted(old) if isinstance(old, frozenset) else old,
                               sorted(new) if isinstance(new, frozenset) else new]  # fmt: skip
        return found


def is_security_admin(user) -> bool:
    return user.is_superuser or RoleCode.SECURITY_ADMIN in user.role_codes


def check_account_change(*, by, target: User | None, before: AccountState, after: AccountState) -> None:
    """Raise PermissionDeniedError, naming the field, if `by` may not make this change."""
    changes = before.changes(after)
    if not changes:
        return
    if target is not None and target.pk is not None and target.pk == by.pk:
        raise PermissionDeniedError("不能修改自己的角色、所属单位、工作人员状态或启用状态")
    if (set(changes) & {"is_superuser", "groups", "permissions"}) and not by.is_superuser:
        raise PermissionDeniedError("超级用户状态、用户组和权限只能由超级用户修改")
    role_delta = before.roles ^ after.roles
    if role_delta & GUARDED_ROLES and not is_security_admin(by):
        names = "、".join(str(ROLE_LABELS.get(code, code)) for code in sorted(role_delta & GUARDED_ROLES))
        raise PermissionDeniedError(f"授予或撤销“{names}”角色须由安全管理员操作")
    if "is_staff" in changes and not is_security_admin(by):
        raise PermissionDeniedError("授予或撤销管理后台权限（工作人员状态）须由安全管理员操作")


def _summary(changes: dict[str, list]) -> str:
    labels = {
        "unit_id": "所属单位",
        "roles": "角色",
        "is_active": "启用",
        "is_staff": "工作人员",
        "is_superuser": "超级用户",
        "groups": "用户组",
        "permissions": "权限",
    }
    parts = []
    for name, (old, new) in changes.items():
        if name == "roles":
            added = [str(ROLE_LABELS.get(c, c)) for c in new if c not in old]
            removed = [str(ROLE_LABELS.get(c, c)) for c in old if c not in new]
            parts.append(
                "角色"
                + (f" 增加 {'、'.join(added)}" if added else "")
                + (f" 撤销 {'、'.join(removed)}" if removed else "")
            )
        else:
            parts.append(f"{labels[name]}：{old} → {new}")
    return "；".join(parts)


def record_account_change(target: User, *, by, before: AccountState, after: AccountState) -> None:
    """One audit event for a change of rights (nothing if nothing changed); tokens are revoked when
    the account is deactivated."""
    changes = before.changes(after)
    if not changes:
        return
    action = "account_created" if before == AccountState(is_active=False) else "account_changed"
    record_event(target, by=by, action=action, note=_summary(changes), data=changes)
    if before.is_active and not after.is_active:
        revoke_all_tokens(target, by=by, reason="账户停用")


@transaction.atomic
def change_password(target: User, *, by, password: str) -> None:
    """Set a password: one's own (from the password page), or another's by a security administrator.
    Every API token of the account is revoked."""
    if target.pk != by.pk and not is_security_admin(by):
        raise PermissionDeniedError("重置他人密码须由安全管理员操作")
    target.set_password(password)
    target.save(update_fields=["password", "password_changed_at"])
    record_password_change(target, by=by)


def record_password_change(target: User, *, by) -> None:
    """The event and the token revocation for a password already set (Django's own forms set it)."""
    own = target.pk == by.pk
    record_event(
        target, by=by, action="password_changed", note="本人修改密码" if own else "安全管理员重置密码"
    )
    revoke_all_tokens(target, by=by, reason="密码已修改")


def revoke_all_tokens(target: User, *, by, reason: str) -> int:
    deleted, _ = ApiToken.objects.filter(user=target).delete()
    if deleted:
        record_event(target, by=by, action="tokens_revoked", note=f"{reason}：撤销 {deleted} 个 API 令牌")
    return deleted


def token_expiry():
    days = settings.API_TOKEN_DAYS
    return timezone.now() + timedelta(days=days) if days else None
