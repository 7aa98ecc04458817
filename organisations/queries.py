"""Reads of regions, units and people, always through the user's scope."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from organisations.models import Person, Post, Region, Unit


def regions_for(user, *, parent_code: str | None = None, level: str | None = None, q: str | None = None):
    regions = Region.objects.visible_to(user)
    if parent_code:
        regions = regions.filter(parent__code=parent_code)
    if level:
        regions = regions.filter(level=level)
    if q:
        regions = regions.filter(Q(name__contains=q) | Q(code__startswith=q))
    return regions.order_by("code")


def region_for(user, code: str) -> Region:
    return get_object_or_404(Region.objects.visible_to(user).select_related("parent"), code=code)


def home_region(user) -> Region | None:
    if user.is_superuser and not user.unit_id:
        return Region.objects.filter(level="country").first()
    return user.unit.region if user.unit_id else None


def children_with_counts(user, region: Region):
    return (
        Region.objects.visible_to(user)
        .filter(parent=region)
        .annotate(unit_count=Count("units", distinct=True), child_count=Count("children", distinct=True))
        .order_by("code")
    )


def units_for(
    user,
    *,
    region_code: str | None = None,
    kind: str | None = None,
    q: str | None = None,
    subtree: bool = False,
):
    units = Unit.objects.visible_to(user).select_related("region")
    if region_code:
        if subtree:
            region = Region.objects.filter(code=region_code).first()
            units = units.filter(region__prefix__startswith=region.prefix) if region else units.none()
        else:
            units = units.filter(region__code=region_code)
    if kind:
        units = units.filter(kind=kind)
    if q:
        units = units.filter(name__contains=q)
    return units


def unit_for(user, pk: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(user).select_related("region", "parent"), pk=pk)


def posts_for(user, *, unit: Unit | None = None, region: Region | None = None):
    posts = Post.objects.visible_to(user).current().select_related("person", "unit", "unit__region")
    if unit is not None:
        posts = posts.filter(unit=unit)
    if region is not None:
        posts = posts.filter(unit__region=region)
    return posts.order_by("unit__sort_order", "unit__name", "sort_order", "id")


def people_for(user, *, q: str | None = None):
    people = Person.objects.visible_to(user).select_related("region")
    if q:
        people = people.filter(name__contains=q)
    return people


def person_for(user, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(user).select_related("region"), pk=pk)


def discipline_name(region: Region) -> str:
    """How a document names the region's discipline commission: the registered one (中共临汾市纪律检查委员会,
    邢台市纪委监委), else 某市纪委. 监委 exist only from 2018, so nothing here assumes one."""
    unit = (
        Unit.objects.filter(region=region, kind="discipline", is_active=True)
        .order_by("sort_order", "pk")
        .first()
    )
    return unit.name if unit else f"{region.name}纪委"
