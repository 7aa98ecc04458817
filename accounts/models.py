"""Users, their roles, and API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet


class RoleCode(models.TextChoices):
    INSPECTION_OFFICE = "office", _("督察办")
    INSPECTION_TEAM = "team", _("督察组")
    HANDLER = "handler", _("承办人")
    SIGNING_LEADER = "signer", _("签字领导")
    DISCIPLINE = "discipline", _("纪检监察")
    LEADER = "leader", _("领导（只读）")
    ASSESSOR = "assessor", _("第三方考核机构")
    # The three administrator duties that 等保 level 3 (GB/T 22239-2019) keeps apart.
    SYSTEM_ADMIN = "sysadmin", _("系统管理员")
    SECURITY_ADMIN = "secadmin", _("安全管理员")
    AUDIT_ADMIN = "auditadmin", _("审计管理员")


class Role(models.Model):
    """A role a user can hold; a user may hold several. Rows are fixed (see RoleCode)."""

    code = models.CharField(_("代码"), max_length=12, primary_key=True, choices=RoleCode.choices)
    name = models.CharField(_("名称"), max_length=40)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["code"]

    def __str__(self):
        return self.name


class UserQuerySet(ScopedQuerySet):
    region_prefix_lookup = "unit__region__prefix"

    def with_role(self, *codes: str):
        """Users holding any of the roles: granted to them, or given by a duty of their unit (the
        petition group's accounts act as the team)."""
        from organisations.models import duties_giving

        duties = duties_giving(*codes)
        condition = Q(roles__code__in=codes)
        if duties:
            condition |= Q(unit__duties__duty__in=duties)
        return self.filter(condition).distinct()


class DuchaUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A staff account: attached to one unit (and so one region), holding one or more roles."""

    full_name = models.CharField(_("姓名"), max_length=40, blank=True)
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("对应人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
    )
    roles = models.ManyToManyField(Role, verbose_name=_("角色"), blank=True, related_name="users")
    phone = models.CharField(_("手机"), max_length=20, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True, editable=False)

    objects = DuchaUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        """The user's role codes, granted or given by the unit's duties: one query, once per request."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = self._read_role_codes() if self.pk else frozenset()
            self._role_codes = cached
        return cached

    def _read_role_codes(self) -> frozenset[str]:
        """Granted roles and the roles the unit's duties give, in one statement. Written out in SQL
        because every request pays for it: the ORM's union costs more to build than to run."""
        from django.db import connection

        from organisations.models import DUTY_ROLES, UnitDuty

        through = User.roles.through._meta
        role_column = through.get_field("role").column
        user_column = through.get_field("user").column
        sql = f"SELECT {role_column} FROM {through.db_table} WHERE {user_column} = %s"
        params = [self.pk]
        if self.unit_id:
            sql += f" UNION ALL SELECT 'duty:' || duty FROM {UnitDuty._meta.db_table} WHERE unit_id = %s"
            params.append(self.unit_id)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            codes = {row[0] for row in cursor.fetchall()}
        given = {DUTY_ROLES.get(c.removeprefix("duty:")) for c in codes if c.startswith("duty:")}
        return frozenset({c for c in codes if not c.startswith("duty:")} | (given - {None}))

    def has_role(self, *codes: str) -> bool:
        return self.is_superuser or bool(self.role_codes.intersection(codes))

    def set_password(self, raw_password):
        """Every new password moves `password_changed_at`: API tokens issued before it stop working,
        whichever way the password was changed (page, admin, command)."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def region(self):
        return self.unit.region if self.unit_id else None

    @property
    def region_prefix(self) -> str:
        """Events about an account are scoped like the account's unit."""
        return self.unit.region.prefix if self.unit_id else ""

    @property
    def display_name(self) -> str:
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("用途"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self):
        return f"{self.user} {self.name}"

    @staticmethod
    def new_raw_key() -> str:
        return "dct_" + secrets.token_urlsafe(32)
