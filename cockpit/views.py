"""领导驾驶舱: one page with a region's figures, its 30-day trend, the ranking of its counties (or cities)
and a map coloured by overdue complaints or red tasks; a click on the map opens that county's page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from cockpit import boundaries, queries
from organisations.models import Region
from organisations.queries import home_region
from organisations.scope import scope_of


def _may_use(user) -> bool:
    return user.is_superuser or user.has_role("leader", "office", "team", "discipline")


@login_required
def cockpit(request, code: str | None = None):
    user = request.user
    if not _may_use(user):
        raise PermissionDenied("驾驶舱供领导、督察办、督察组和纪检监察组使用")
    home = home_region(user)
    if code:
        region = get_object_or_404(Region, code=code)
        if not scope_of(user).covers(region.prefix):
            raise PermissionDenied("这个区域不在您的管辖范围内")
    elif home is not None:
        region = home
    else:
        raise PermissionDenied("您的账户尚未关联单位，请联系管理员")
    data = queries.figures(user, region)
    shape = boundaries.feature_collection(data["children"])
    parents = []
    if home is not None and region.pk != home.pk:
        parents = [r for r in Region.objects.ancestors_of(region) if scope_of(user).covers(r.prefix)]
    return render(
        request,
        "cockpit/cockpit.html",
        {
            "region": region,
            "parents": parents,
            "data": data,
            "map": {
                "name": region.code,
                "shape": shape,
                "overdue": [
                    {"name": r["name"], "value": r["overdue"], "code": r["code"]} for r in data["rows"]
                ],
                "red": [
                    {"name": r["name"], "value": r["tasks_red"] + r["tasks_overdue"], "code": r["code"]}
                    for r in data["rows"]
                ],
                "trend": data["trend"],
                "drill": [r["code"] for r in data["rows"] if r["code"] != region.code],
            },
            "source": boundaries.SOURCE,
            "has_map": bool(shape["features"]),
            "trend_rows": list(
                zip(data["trend"]["days"], data["trend"]["received"], data["trend"]["closed"], strict=True)
            ),
        },
    )
