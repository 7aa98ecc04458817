from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ducha.pagination import Pages
from organisations import queries

router = Router(tags=["组织机构 organisations"])


class RegionOut(Schema):
    code: str
    name: str
    full_name: str
    level: str
    parent_code: str | None
    longitude: Decimal | None
    latitude: Decimal | None

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


class RegionFilter(Schema):
    parent: str | None = None
    level: str | None = None
    q: str | None = None


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    region_code: str
    region_name: str
    parent_id: int | None

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.full_name or obj.region.name


class UnitFilter(Schema):
    region: str | None = None
    subtree: bool = False
    kind: str | None = None
    q: str | None = None


class PostOut(Schema):
    person_id: int
    person_name: str
    unit_id: int
    unit_name: str
    title: str
    is_principal: bool

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.name

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


@router.get("/regions", response=list[RegionOut], summary="行政区域（管辖范围内）")
@paginate(Pages, page_size=100)
def list_regions(request: HttpRequest, filters: Query[RegionFilter]):
    return queries.regions_for(
        request.user, parent_code=filters.parent, level=filters.level, q=filters.q
    ).select_related("parent")


@router.get("/regions/{code}", response=RegionOut, summary="单个行政区域")
def get_region(request: HttpRequest, code: str):
    return queries.region_for(request.user, code)


@router.get("/units", response=list[UnitOut], summary="单位（管辖范围内）")
@paginate(Pages, page_size=100)
def list_units(request: HttpRequest, filters: Query[UnitFilter]):
    return queries.units_for(
        request.user, region_code=filters.region, kind=filters.kind, q=filters.q, subtree=filters.subtree
    )


@router.get("/units/{unit_id}", response=UnitOut, summary="单个单位")
def get_unit(request: HttpRequest, unit_id: int):
    return queries.unit_for(request.user, unit_id)


@router.get("/units/{unit_id}/posts", response=list[PostOut], summary="单位领导及职务")
def list_unit_posts(request: HttpRequest, unit_id: int):
    unit = queries.unit_for(request.user, unit_id)
    return list(queries.posts_for(request.user, unit=unit))
