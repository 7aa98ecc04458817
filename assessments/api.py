"""API of assessment: schemes, results (ranking for everyone once published, detail for overseers and for
a unit's own row), deductions traced to their records, scores, computation, publication, objections."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from assessments import compute, periods, queries, workflow
from assessments.models import IndicatorKind, Result

router = Router(tags=["考核 assessment"])


class SchemeOut(Schema):
    id: int
    code: str
    version: int
    starts_with: str
    name: str
    region: str
    year: int
    subject_kind: str
    frequency: str

    @staticmethod
    def resolve_region(obj):
        return obj.region.code


class UnitResult(Schema):
    unit: str
    unit_id: int
    subject_id: int
    score: float
    rank: int
    grade: str
    grade_name: str
    deducted: float | None
    vetoed: bool
    deductions: dict[str, float] | None


class ResultsOut(Schema):
    scheme: int
    period: str
    published: bool
    units: list[UnitResult]


class DeductionOut(Schema):
    event: str
    event_name: str
    indicator: str
    day: str
    points: float
    link: str


class ScoreIn(Schema):
    indicator_id: int
    subject_id: int
    period: str = Field(..., max_length=8)
    points: float = Field(..., ge=0, le=1000)
    note: str = Field("", max_length=500)


class ObjectionIn(Schema):
    reason: str = Field(..., min_length=1, max_length=4000)


class DoneOut(Schema):
    message: str


@router.get("/schemes", response=list[SchemeOut], summary="考核方案")
def list_schemes(request: HttpRequest):
    return list(
        queries.schemes_for(request.user).select_related("region").order_by("-year", "code", "-version")[:200]
    )


@router.get(
    "/schemes/{int:pk}/results", response=ResultsOut, summary="某考核期的得分、排名、等次、扣分和一票否优"
)
def results(request: HttpRequest, pk: int, period: str):
    user = request.user
    scheme = queries.scheme_for_user(user, pk)
    period = periods.normalise(period[:8])
    visible = set(queries.results(user, scheme, period).values_list("subject_id", flat=True))
    detail = set(queries.visible_subjects(user, scheme).values_list("pk", flat=True))
    units = []
    for row in queries.report_rows(scheme, period):
        if row["subject_id"] not in visible:
            continue
        if row["subject_id"] not in detail:  # a neighbour: the published ranking, not the detail
            row = {**row, "deducted": None, "deductions": None}
        units.append(row)
    published = scheme.publications.filter(period=period).exists()
    return {"scheme": scheme.pk, "period": period, "published": published, "units": units}


@router.get(
    "/schemes/{int:pk}/units/{int:subject}/deductions",
    response=list[DeductionOut],
    summary="扣分明细（每项可追溯到原始记录）",
)
def deductions(request: HttpRequest, pk: int, subject: int, period: str):
    scheme = queries.scheme_for_user(request.user, pk)
    target = queries.subject_for(request.user, scheme, subject)
    return [
        {
            "event": d.rule.event,
            "event_name": d.rule.get_event_display(),
            "indicator": d.indicator.code,
            "day": str(d.day),
            "points": float(d.points),
            "link": queries.link_of(d),
        }
        for d in queries.deductions(scheme, periods.normalise(period[:8]), target)
    ]


@router.post(
    "/schemes/{int:pk}/computation", response=DoneOut, summary="重新计算某考核期（督察办；可重复，结果不变）"
)
def recompute(request: HttpRequest, pk: int, period: str):
    from ducha.errors import PermissionDeniedError

    scheme = queries.scheme_for_user(request.user, pk)
    if not request.user.has_role("office"):
        raise PermissionDeniedError("只有督察（考核）办可以计算考核结果")
    outcome = compute.recompute(scheme, period[:8])
    return {"message": f"已计算 {outcome['results']} 个单位的 {outcome['period']} 考核结果"}


@router.post("/schemes/{int:pk}/publication", response={201: DoneOut}, summary="在门户公布排名（督察办）")
def publish(request: HttpRequest, pk: int, period: str):
    scheme = queries.scheme_for_user(request.user, pk)
    publication = workflow.publish(scheme, by=request.user, period=period[:8])
    return Status(201, {"message": f"已公布，异议期至 {publication.objections_until}"})


@router.post("/scores", response={201: DoneOut}, summary="录入第三方或督察办评分")
def enter_score(request: HttpRequest, payload: ScoreIn):
    from assessments.models import Indicator

    user = request.user
    indicator = get_object_or_404(
        Indicator.objects.filter(scheme__in=queries.schemes_for(user)).exclude(
            kind__in=[IndicatorKind.GROUP, IndicatorKind.AUTOMATIC]
        ),
        pk=payload.indicator_id,
    )
    subject = get_object_or_404(queries.visible_subjects(user, indicator.scheme), pk=payload.subject_id)
    workflow.enter_score(
        by=user,
        indicator=indicator,
        subject=subject,
        period=payload.period,
        points=payload.points,
        note=payload.note,
    )
    return Status(201, {"message": "已录入"})


@router.post("/results/{int:pk}/objections", response={201: DoneOut}, summary="对本单位已公布的结果提出异议")
def object_to(request: HttpRequest, pk: int, payload: ObjectionIn):
    result = get_object_or_404(
        Result.objects.visible_to(request.user).filter(scheme__in=queries.schemes_for(request.user)), pk=pk
    )
    workflow.raise_objection(result, by=request.user, reason=payload.reason)
    return Status(201, {"message": "已提出异议"})
