"""Regions, units and the people who hold posts in them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.scope import ScopedQuerySet


class RegionLevel(models.TextChoices):
    COUNTRY = "country", _("全国")
    PROVINCE = "province", _("省级")
    CITY = "city", _("地级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")


LEVEL_DEPTH = {
    RegionLevel.COUNTRY: 0,
    RegionLevel.PROVINCE: 1,
    RegionLevel.CITY: 2,
    RegionLevel.COUNTY: 3,
    RegionLevel.TOWNSHIP: 4,
}


def prefix_for(code: str, level: str) -> str:
    """The significant digits of a GB/T 2260 (or, for townships, GB/T 10114) code at a level."""
    return {
        RegionLevel.COUNTRY: "",
        RegionLevel.PROVINCE: code[:2],
        RegionLevel.CITY: code[:4],
        RegionLevel.COUNTY: code[:6],
        RegionLevel.TOWNSHIP: code[:9],
    }[RegionLevel(level)]


class RegionQuerySet(ScopedQuerySet):
    region_prefix_lookup = "prefix"

    def subtree(self, region: "Region"):
        """The region and everything below it: one indexed prefix match, no recursion."""
        if not region.prefix:
            return self.all()
        return self.filter(prefix__startswith=region.prefix)

    def ancestors_of(self, region: "Region"):
        prefixes = [region.prefix[:n] for n in (0, 2, 4, 6) if n < len(region.prefix)]
        return self.filter(prefix__in=prefixes).exclude(pk=region.pk).order_by("depth")


class Region(models.Model):
    """An administrative division (行政区划): country, province, city, county or township.

    `code` is the 6-digit GB/T 2260 code (9 digits for a township); `prefix` its significant
    digits, so that a subtree is `prefix LIKE '1305%'`. A county-level city governed directly by its
    province (省直辖县级行政区划, e.g. 仙桃市 429004) has the province as parent and its own 6 digits.
    """

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=10, choices=RegionLevel.choices)
    depth = models.PositiveSmallIntegerField(_("深度"), editable=False)
    prefix = models.CharField(_("代码前缀"), max_length=12, unique=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    full_name = models.CharField(_("全称"), max_length=200, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    source = models.CharField(_("数据来源"), max_length=100, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")
        ordering = ["code"]
        indexes = [
            # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%' under any collation.
            models.Index(fields=["prefix"], name="region_prefix_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "code"], name="region_children"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.prefix = prefix_for(self.code, self.level)
        self.depth = LEVEL_DEPTH[RegionLevel(self.level)]
        super().save(*args, **kwargs)

    def contains(self, other: "Region") -> bool:
        return other.prefix.startswith(self.prefix)


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party", _("党委")
    GOVERNMENT = "government", _("政府")
    DEPARTMENT = "department", _("部门")
    DEVELOPMENT_ZONE = "zone", _("开发区管委会")
    DISCIPLINE = "discipline", _("纪委监委")
    INSPECTION_BODY = "inspection", _("督察机构")
    OTHER = "other", _("其他")


class GroupKind(models.TextChoices):
    NONE = "", _("否")
    LEADING = "leading", _("领导小组")
    WORKING = "working", _("工作组")


class Duty(models.TextChoices):
    """What a working group does. Some duties carry a role: a member's account acts with it (the
    petition group handles complaints as the team does; the supervision group audits as the discipline
    organs do), so duties decide which users do what."""

    COMPLAINTS = "complaints", _("信访举报受理督办")
    PATROL = "patrol", _("综合巡查")
    AUDIT = "audit", _("督办监察（问责审核）")
    ACCOUNTABILITY = "accountability", _("责任追究")
    COORDINATION = "coordination", _("综合协调")
    SUPERVISION = "supervision", _("整改督办")
    PUBLICITY = "publicity", _("舆论宣传")


# The role each duty gives the accounts of a group that has it.
DUTY_ROLES = {
    Duty.COMPLAINTS: "team",
    Duty.PATROL: "team",
    Duty.AUDIT: "discipline",
    Duty.ACCOUNTABILITY: "discipline",
}


def duties_giving(*roles: str) -> list[str]:
    return [str(duty) for duty, role in DUTY_ROLES.items() if role in roles]


class UnitQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region__prefix"


class Unit(models.Model):
    """An organisation in a region: a party committee, a government, a department, a development
    zone's management committee, a discipline commission, an inspection team or office."""

    name = models.CharField(_("单位名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=12, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    group_kind = models.CharField(
        _("议事协调机构"), max_length=8, choices=GroupKind.choices, blank=True, default="", db_default=""
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region__code", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]

    def __str__(self):
        return self.name


class UnitDuty(models.Model):
    """A duty of a working group (信访督办组: complaints). Its own table, so that "users with the team
    role" is one join in SQL on both databases."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="duties")
    duty = models.CharField(_("职责"), max_length=16, choices=Duty.choices)

    class Meta:
        verbose_name = _("工作组职责")
        verbose_name_plural = _("工作组职责")
        constraints = [models.UniqueConstraint(fields=["unit", "duty"], name="unit_duty_once")]

    def __str__(self):
        return f"{self.unit} {self.get_duty_display()}"


class GroupMember(models.Model):
    """A member of a leading or working group: a member unit (53 in Linfen's), a named person with their
    title in the group (组长 赵俊民), or both."""

    group = models.ForeignKey(Unit, verbose_name=_("小组"), on_delete=models.CASCADE, related_name="members")
    member_unit = models.ForeignKey(
        Unit,
        verbose_name=_("成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    person = models.ForeignKey(
        "Person",
        verbose_name=_("人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    title = models.CharField(
        _("小组职务"), max_length=80, default="成员", help_text=_("组长、副组长、成员、联络员")
    )
    note = models.CharField(
        _("本职"), max_length=120, blank=True, help_text=_("如 市纪委副书记、市监委副主任")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("小组成员")
        verbose_name_plural = _("小组成员")
        ordering = ["group", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_unit__isnull=False) | Q(person__isnull=False),
                name="group_member_is_someone",
            )
        ]

    def __str__(self):
        who = self.person.name if self.person_id else self.member_unit.name
        return f"{self.group} {self.title} {who}"


class UnitAliasQuerySet(ScopedQuerySet):
    region_prefix_lookup = "unit__region__prefix"


class UnitAlias(models.Model):
    """A unit name as ledgers write it (市环保局, 经开区管委会) that an office has mapped to a registered
    unit, so the next import reads it without asking (organisations.names.resolve)."""

    name = models.CharField(_("写法"), max_length=120)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="aliases")
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = UnitAliasQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位名称对照")
        verbose_name_plural = _("单位名称对照")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "unit"], name="unit_alias_once")]

    def __str__(self):
        return f"{self.name} → {self.unit.name}"


class PersonQuerySet(ScopedQuerySet):
    region_prefix_lookup = "region__prefix"


class Person(models.Model):
    """A cadre or official named in the work: a secretary, a mayor, a team leader, a handler."""

    name = models.CharField(_("姓名"), max_length=40)
    region = models.ForeignKey(
        Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="people"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["region__code", "name"]

    def __str__(self):
        return self.name


class PostQuerySet(ScopedQuerySet):
    region_prefix_lookup = "unit__region__prefix"

    def current(self):
        return self.filter(ended_on__isnull=True)


class Post(models.Model):
    """A post held by a person in a unit (市委书记, 市长, 副市长, 局长, 组长 …)."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="posts")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("职务"), max_length=80)
    is_principal = models.BooleanField(
        _("主要领导"), default=False, help_text=_("党委书记、政府主要负责人等，可签字把关")
    )
    started_on = models.DateField(_("任职日期"), null=True, blank=True)
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["unit", "sort_order", "id"]

    def __str__(self):
        return f"{self.unit} {self.title} {self.person}"
