import datetime as dt
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import PlainSerializer, WithJsonSchema

from audit.models import Event
from ducha.errors import WorkflowError
from ducha.pagination import Pages
from inspections import queries, workflow
from inspections.models import InspectionKind, InspectionLevel, InspectionStage
from organisations.models import Region, Unit
from workcalendar.deadlines import UNITS

router = Router(tags=["督察 inspections"])

# A time of day as offices write it ("08:00"): JSON Schema's "time" format demands a UTC offset, which an
# accepting hour does not have.
ClockTime = Annotated[
    dt.time,
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "examples": ["08:00"]}),
]


class DeadlineRuleOut(Schema):
    id: int
    key: str
    name: str
    amount: int
    unit: str
    start_event: str
    is_active: bool
    region: str | None = Field(None, description="地方规则的适用区域代码；空为本次督察的规则")
    basis: str
    source: str = Field(..., description="谁的规则：督察组、12369 规定，或某地督察办")

    @staticmethod
    def resolve_name(obj):
        return str(obj.get_key_display())

    @staticmethod
    def resolve_region(obj):
        return obj.region.code if obj.region_id else None


class InspectionOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    round_number: int | None
    team_name: str
    stage: str
    stage_label: str
    office_id: int
    office_name: str
    target_regions: list[str]
    team_ids: list[int] = []
    stationed_from: dt.date
    stationed_until: dt.date
    hotline: str
    postal_box: str
    accepting_from: ClockTime
    accepting_until: ClockTime
    description: str

    @staticmethod
    def resolve_stage_label(obj):
        return str(obj.get_stage_display())

    @staticmethod
    def resolve_office_name(obj):
        return obj.office.name

    @staticmethod
    def resolve_target_regions(obj):
        return [t.region.code for t in obj.targets.all()]


class InspectionDetailOut(InspectionOut):
    deadline_rules: list[DeadlineRuleOut]
    target_unit_ids: list[int] = []

    @staticmethod
    def resolve_target_unit_ids(obj):
        return [u.pk for u in obj.target_units.all()]

    @staticmethod
    def resolve_team_ids(obj):
        return [t.pk for t in obj.teams.all()]

    @staticmethod
    def resolve_deadline_rules(obj):
        return list(obj.deadline_rules.all())


class InspectionIn(Schema):
    code: str = Field(..., min_length=2, max_length=40, examples=["HB-2018-HTK-12"])
    name: str = Field(..., min_length=2, max_length=200)
    level: InspectionLevel
    kind: InspectionKind
    round_number: int | None = Field(None, ge=1, le=99)
    team_name: str = Field(..., min_length=2, max_length=120)
    office_id: int | None = Field(None, description="组织单位；缺省为当前用户所在单位")
    target_region_codes: list[str] = Field(..., min_length=1)
    target_unit_ids: list[int] = Field(default_factory=list, description="被督察单位（市直相关部门等）")
    team_ids: list[int] = []
    stationed_from: dt.date
    stationed_until: dt.date
    hotline: str = ""
    postal_box: str = ""
    accepting_from: ClockTime | None = None
    accepting_until: ClockTime | None = None
    description: str = ""


class InspectionPatch(Schema):
    name: str | None = Field(None, min_length=2, max_length=200)
    level: InspectionLevel | None = None
    kind: InspectionKind | None = None
    round_number: int | None = Field(None, ge=1, le=99)
    team_name: str | None = Field(None, min_length=2, max_length=120)
    target_region_codes: list[str] | None = None
    target_unit_ids: list[int] | None = None
    team_ids: list[int] | None = None
    stationed_from: dt.date | None = None
    stationed_until: dt.date | None = None
    hotline: str | None = None
    postal_box: str | None = None
    accepting_from: ClockTime | None = None
    accepting_until: ClockTime | None = None
    description: str | None = None


class StageIn(Schema):
    stage: InspectionStage
    note: str = ""


class DeadlineRuleIn(Schema):
    amount: int = Field(..., ge=0, le=10000)
    unit: str = Field(..., description=" / ".join(UNITS))
    is_active: bool = True


class LocalRuleIn(Schema):
    region: str = Field(..., description="适用区域代码（本督察办辖区内），如 130500")
    key: str = Field("feedback_local", description="可规定的规则：feedback_local")
    amount: int = Field(..., ge=0, le=10000)
    unit: str = Field(..., description=" / ".join(UNITS))
    basis: str = Field("", max_length=200, description="依据，如 市保障工作组要求3日内经主要领导签字后反馈")


class InspectionFilter(Schema):
    q: str | None = None
    stage: InspectionStage | None = None
    level: InspectionLevel | None = None


class EventOut(Schema):
    at: dt.datetime
    action: str
    from_state: str
    to_state: str
    note: str
    actor: str | None

    @staticmethod
    def resolve_actor(obj):
        return obj.actor_name or None


def _regions(codes: list[str]) -> list[Region]:
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in regions]
    if unknown:
        raise WorkflowError(f"未知的区划代码：{'、'.join(unknown)}", field="target_region_codes")
    return [regions[c] for c in codes]


def _units(user, ids: list[int], field: str) -> list[Unit]:
    units = {u.pk: u for u in Unit.objects.visible_to(user).filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in units]
    if missing:
        raise WorkflowError(f"单位不存在或不在管辖范围内：{'、'.join(missing)}", field=field)
    return [units[i] for i in ids]


@router.get("", response=list[InspectionOut], summary="督察列表（管辖范围内）")
@paginate(Pages)
def list_inspections(request: HttpRequest, filters: Query[InspectionFilter]):
    return queries.inspections_for(request.user, q=filters.q, stage=filters.stage, level=filters.level)


@router.post("", response={201: InspectionDetailOut}, summary="创建督察（督察办）")
def create_inspection(request: HttpRequest, payload: InspectionIn):
    user = request.user
    if payload.office_id is not None:
        office = _units(user, [payload.office_id], "office_id")[0]
    elif user.unit_id:
        office = user.unit
    else:
        raise WorkflowError("请指定组织单位", field="office_id")
    inspection = workflow.create_inspection(
        by=user,
        code=payload.code,
        name=payload.name,
        level=payload.level,
        kind=payload.kind,
        round_number=payload.round_number,
        team_name=payload.team_name,
        office=office,
        target_regions=_regions(payload.target_region_codes),
        teams=_units(user, payload.team_ids, "team_ids"),
        target_units=_units(user, payload.target_unit_ids, "target_unit_ids"),
        stationed_from=payload.stationed_from,
        stationed_until=payload.stationed_until,
        hotline=payload.hotline,
        postal_box=payload.postal_box,
        accepting_from=payload.accepting_from,
        accepting_until=payload.accepting_until,
        description=payload.description,
    )
    return Status(201, queries.inspection_for(user, inspection.code))


@router.get("/{code}", response=InspectionDetailOut, summary="督察详情")
def get_inspection(request: HttpRequest, code: str):
    return queries.inspection_for(request.user, code)


@router.patch("/{code}", response=InspectionDetailOut, summary="修改督察（督察办）")
def patch_inspection(request: HttpRequest, code: str, payload: InspectionPatch):
    user = request.user
    inspection = queries.inspection_for(user, code)
    changes = payload.dict(exclude_unset=True)
    region_codes = changes.pop("target_region_codes", None)
    team_ids = changes.pop("team_ids", None)
    unit_ids = changes.pop("target_unit_ids", None)
    workflow.update_inspection(
        inspection,
        by=user,
        target_regions=_regions(region_codes) if region_codes is not None else None,
        teams=_units(user, team_ids, "team_ids") if team_ids is not None else None,
        target_units=_units(user, unit_ids, "target_unit_ids") if unit_ids is not None else None,
        **changes,
    )
    return queries.inspection_for(user, code)


class NextYearIn(Schema):
    code: str = Field("", max_length=40, description="新编号；缺省为年份加一")
    name: str = Field("", max_length=200, description="新名称；缺省为年份加一")


@router.post(
    "/{code}/next-year", response={201: InspectionDetailOut}, summary="以本次督察为底稿创建下一年度督察"
)
def next_year(request: HttpRequest, code: str, payload: NextYearIn):
    copy = workflow.copy_for_next_year(
        queries.inspection_for(request.user, code), by=request.user, code=payload.code, name=payload.name
    )
    return Status(201, queries.inspection_for(request.user, copy.code))


@router.post("/{code}/stage", response=InspectionDetailOut, summary="转入下一阶段（或退回上一阶段）")
def change_stage(request: HttpRequest, code: str, payload: StageIn):
    inspection = queries.inspection_for(request.user, code)
    workflow.change_stage(inspection, by=request.user, to_stage=payload.stage, note=payload.note)
    return queries.inspection_for(request.user, code)


@router.put("/{code}/deadline-rules/{key}", response=DeadlineRuleOut, summary="修改时限规则")
def put_deadline_rule(request: HttpRequest, code: str, key: str, payload: DeadlineRuleIn):
    inspection = queries.inspection_for(request.user, code)
    rule = inspection.deadline_rules.filter(key=key, region__isnull=True).first()
    if rule is None:
        raise WorkflowError(f"没有名为 {key} 的时限规则", field="key")
    return workflow.update_deadline_rule(
        rule, by=request.user, amount=payload.amount, unit=payload.unit, is_active=payload.is_active
    )


@router.post("/{code}/local-rules", response={201: DeadlineRuleOut}, summary="地方督察办为本辖区规定从严时限")
def post_local_rule(request: HttpRequest, code: str, payload: LocalRuleIn):
    inspection = queries.inspection_for(request.user, code)
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        raise WorkflowError(f"区划代码 {payload.region} 不存在", field="region")
    rule = workflow.add_local_rule(
        inspection, by=request.user, region=region, key=payload.key, amount=payload.amount,
        unit=payload.unit, basis=payload.basis,
    )  # fmt: skip
    return Status(201, rule)


@router.put("/{code}/local-rules/{int:rule_id}", response=DeadlineRuleOut, summary="修改本辖区的从严时限")
def put_local_rule(request: HttpRequest, code: str, rule_id: int, payload: DeadlineRuleIn):
    inspection = queries.inspection_for(request.user, code)
    rule = inspection.deadline_rules.filter(pk=rule_id, region__isnull=False).first()
    if rule is None:
        raise Http404
    return workflow.update_deadline_rule(
        rule, by=request.user, amount=payload.amount, unit=payload.unit, is_active=payload.is_active
    )


@router.get("/{code}/events", response=list[EventOut], summary="督察的操作记录")
def list_events(request: HttpRequest, code: str):
    inspection = queries.inspection_for(request.user, code)
    return list(Event.objects.about(inspection).select_related("actor")[:200])
