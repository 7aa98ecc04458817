"""Leading groups and working groups (领导小组、工作组): what a group is, its duties, its members. A
duty can give a role to the group's accounts (organisations.models.DUTY_ROLES), so setting duties is a
change of rights: the security administrator's alone, never on their own unit, and always an event."""

from django.db import transaction

from audit.workflow import record_event
from ducha.errors import PermissionDeniedError, WorkflowError
from organisations.models import DUTY_ROLES, Duty, GroupKind, GroupMember, Person, Unit, UnitDuty
from organisations.scope import scope_of


def _may_edit(by, unit: Unit) -> None:
    if by is None or not by.is_authenticated:
        raise PermissionDeniedError("请先登录")
    if by.is_superuser:
        return
    if not by.has_role("office", "secadmin") or not scope_of(by).covers(unit.region.prefix):
        raise PermissionDeniedError(f"“{unit.name}”不在您的管辖范围内")


@transaction.atomic
def set_group(unit: Unit, *, by, group_kind: str, duties=()) -> Unit:
    """Mark a unit as a leading or working group and give it duties. Duties that carry a role change
    who may do what, so only the security administrator sets them, and not for their own unit."""
    _may_edit(by, unit)
    if group_kind not in GroupKind.values:
        raise WorkflowError("小组类型无效", field="group_kind")
    duties = sorted(set(duties))
    unknown = [d for d in duties if d not in Duty.values]
    if unknown:
        raise WorkflowError(f"未知的职责：{'、'.join(unknown)}", field="duties")
    if duties and group_kind != GroupKind.WORKING:
        raise WorkflowError("只有工作组才有职责分工", field="duties")
    given, unit = unit, Unit.objects.select_for_update().get(pk=unit.pk)
    before = sorted(unit.duties.values_list("duty", flat=True))
    if before != duties:
        rights = {DUTY_ROLES[d] for d in set(before) ^ set(duties) if d in DUTY_ROLES}
        if rights and not (by.is_superuser or by.has_role("secadmin")):
            raise PermissionDeniedError("职责决定账户的角色，须由安全管理员设置")
        if rights and by.unit_id == unit.pk and not by.is_superuser:
            raise PermissionDeniedError("不能为自己所在的单位设置职责")
        UnitDuty.objects.filter(unit=unit).exclude(duty__in=duties).delete()
        UnitDuty.objects.bulk_create([UnitDuty(unit=unit, duty=d) for d in duties], ignore_conflicts=True)
    changed = unit.group_kind != group_kind or before != duties
    unit.group_kind = given.group_kind = group_kind
    unit.save(update_fields=["group_kind"])
    if changed:
        labels = dict(Duty.choices)
        record_event(
            unit,
            by=by,
            action="group_changed",
            region_prefix=unit.region.prefix,
            note=f"{GroupKind(group_kind).label}；职责：{'、'.join(str(labels[d]) for d in duties) or '无'}",
            data={"group_kind": group_kind, "duties": {"from": before, "to": duties}},
        )
    return unit


# Posts a group may hold several of (Ankang's four vice-mayors, none named).
_REPEATABLE_POSTS = ["副市长", "副县长", "副区长", "成员"]


@transaction.atomic
def add_member(
    group: Unit,
    *,
    by,
    member_unit: Unit | None = None,
    person: Person | None = None,
    title: str = "成员",
    note: str = "",
    sort_order: int = 100,
) -> GroupMember:
    """A member unit or a named member (with their title in the group and their own post)."""
    _may_edit(by, group)
    if not group.group_kind:
        raise WorkflowError(f"“{group.name}”不是领导小组或工作组", field="group")
    if member_unit is None and person is None:
        raise WorkflowError("请选择成员单位或人员", field="member_unit")
    title, note = (title or "成员").strip()[:80], (note or "").strip()[:120]
    same = GroupMember.objects.filter(group=group, member_unit=member_unit, person=person)
    # A post without a name (副市长) may sit several times in a group; a named person or a unit once.
    if person is None and member_unit is not None and note:
        same = same.filter(note=note, title=title).exclude(note__in=_REPEATABLE_POSTS)
    if same.exists():
        raise WorkflowError("该成员已在小组中", field="member_unit", code="duplicate")
    member = GroupMember.objects.create(
        group=group, member_unit=member_unit, person=person, title=title, note=note,
        sort_order=sort_order,
    )  # fmt: skip
    record_event(group, by=by, action="member_added", region_prefix=group.region.prefix, note=str(member))
    return member


@transaction.atomic
def remove_member(member: GroupMember, *, by) -> None:
    _may_edit(by, member.group)
    record_event(
        member.group,
        by=by,
        action="member_removed",
        region_prefix=member.group.region.prefix,
        note=str(member),
    )
    member.delete()
