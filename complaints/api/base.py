"""The complaints API's routers and the lookups every operation shares (always through the user's scope)."""

from ninja import Router

from complaints import queries
from complaints.models import PollutionType
from ducha.errors import WorkflowError
from organisations.cache import region_by_code
from organisations.models import Region, Unit

# --- routers and helpers ------------------------------------------------------------------------

router = Router(tags=["信访举报 complaints"])
public_router = Router(tags=["公众 public"], auth=None)
batch_router = Router(tags=["交办批次 batches"])


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    region = region_by_code(code)
    if region is None:
        raise WorkflowError(f"未知的区划代码：{code}", field="region_code")
    return region


def _types(ids: list[int]) -> list[PollutionType]:
    types = list(PollutionType.objects.filter(pk__in=ids))
    if len(types) != len(set(ids)):
        raise WorkflowError("污染类型不存在", field="pollution_type_ids")
    return types


def _unit(user, pk: int | None, field: str) -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise WorkflowError(f"单位 {pk} 不存在或不在管辖范围内", field=field)
    return unit


def _detail(request, pk):
    return queries.complaint_for(request.user, pk)
