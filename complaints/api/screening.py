"""Screening: classify, accept, reject, merge a duplicate."""

from django.http import HttpRequest
from ninja import Query, Schema

from complaints import queries, workflow
from complaints.api.base import _detail, _region, _types, _unit, router
from complaints.api.schemas import AcceptIn, ClassifyIn, ComplaintOut, DuplicateIn, HintsOut, RejectIn
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.queries import inspection_for

# --- screening ----------------------------------------------------------------------------------


class HintsQuery(Schema):
    inspection: str
    text: str = ""
    address: str = ""


@router.get(
    "/hints",
    response=HintsOut,
    summary="受理提示：地址所在区县（附理由）、污染类型建议、疑似重复件（附相似度和共同要素）",
)
def hints(request: HttpRequest, query: Query[HintsQuery]):
    from screening.hints import hints_for

    user = request.user
    if not (user.is_superuser or user.has_role("team", "office")):
        raise PermissionDeniedError("只有督察组和督察办可以查看受理提示")
    inspection = inspection_for(user, query.inspection)
    found = hints_for(user, inspection, text=query.text, address=query.address)
    place = found.place
    return {
        "county": {"code": place.region.code, "name": place.region.name, "reason": place.reason}
        if place.region
        else None,
        "county_note": "" if place.region else place.reason,
        "candidates": [{"code": r.code, "label": label} for r, label in place.candidates],
        "types": [{"id": t.type_id, "name": t.name, "phrases": t.phrases} for t in found.types],
        "similar": found.similar,
        "threshold": found.threshold,
    }


@router.patch("/{int:pk}", response=ComplaintOut, summary="分类：行政区域、污染类型、重点件、承办单位")
def classify(request: HttpRequest, pk: int, payload: ClassifyIn):
    user = request.user
    complaint = _detail(request, pk)
    workflow.classify_complaint(
        complaint,
        by=user,
        region=_region(payload.region_code),
        pollution_types=_types(payload.pollution_type_ids)
        if payload.pollution_type_ids is not None
        else None,
        is_key_case=payload.is_key_case,
        lead_unit=_unit(user, payload.lead_unit_id, "lead_unit_id"),
        co_units=[_unit(user, i, "co_unit_ids") for i in payload.co_unit_ids]
        if payload.co_unit_ids is not None
        else None,
        industry=_industry(payload.industry),
    )
    return _detail(request, pk)


def _industry(name):
    from complaints.models import IndustryCategory

    if name is None:
        return None
    found = IndustryCategory.objects.filter(name=name.strip().removesuffix("类")).first()
    if found is None:
        raise WorkflowError(f"没有行业类别“{name}”", field="industry")
    return found


@router.post("/{int:pk}/accept", response=ComplaintOut, summary="审核受理")
def accept(request: HttpRequest, pk: int, payload: AcceptIn):
    complaint = _detail(request, pk)
    workflow.accept_complaint(
        complaint,
        by=request.user,
        lead_unit=_unit(request.user, payload.lead_unit_id, "lead_unit_id"),
        note=payload.note,
    )
    return _detail(request, pk)


@router.post("/{int:pk}/reject", response=ComplaintOut, summary="不予受理（说明理由和转交渠道）")
def reject(request: HttpRequest, pk: int, payload: RejectIn):
    workflow.reject_complaint(
        _detail(request, pk), by=request.user, reason=payload.reason, referral=payload.referral
    )
    return _detail(request, pk)


@router.post("/{int:pk}/duplicate", response=ComplaintOut, summary="标记为重复件并合并")
def duplicate(request: HttpRequest, pk: int, payload: DuplicateIn):
    complaint = _detail(request, pk)
    original = queries.complaint_by_number(request.user, payload.original)
    workflow.mark_duplicate(complaint, by=request.user, original=original, note=payload.note)
    return _detail(request, pk)
