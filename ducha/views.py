from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from accountability.queries import workbench_items as accountability_items
from assessments.queries import workbench_items as assessment_items
from complaints import queries as complaint_queries
from ducha.todo import todo
from dutyreports.queries import workbench_items as duty_items
from inspections.queries import inspections_for
from liaison.queries import workbench_items as liaison_items
from organisations.models import Region, Unit
from organisations.queries import home_region
from workcalendar.deadlines import missing_years, years_ahead


@login_required
def workbench(request):
    """Home: my inspections, my region, and what needs me now."""
    user = request.user
    today = timezone.localdate()
    region = home_region(user)
    inspections = inspections_for(user)
    stationed = list(inspections.stationed_on(today)[:10])
    needs = []
    for inspection in stationed:
        left = inspection.days_left_on(today)
        if left <= 5:
            needs.append(
                {"level": "warn", "text": f"{inspection.name}：进驻期还剩 {left} 天", "code": inspection.code}
            )
    if user.has_role("office"):
        for inspection in inspections.editable_by(user).filter(
            stage="preparation", stationed_from__lte=today
        )[:10]:
            needs.append(
                {
                    "level": "danger",
                    "code": inspection.code,
                    "text": f"{inspection.name}：进驻已于 {inspection.stationed_from:%m月%d日} 开始，阶段仍为“督察准备”",
                }
            )
    queues = complaint_queries.queues_for(user)
    queue_counts = complaint_queries.queue_counts(user, queues)
    complaint_queues = [(n, complaint_queries.QUEUES[n][0], queue_counts.get(n, 0)) for n in queues]
    from rectification.queries import my_queues

    rectification_queues = my_queues(user)
    responsibility_items = [
        *accountability_items(user),
        *liaison_items(user),
        *duty_items(user),
        *assessment_items(user),
    ]
    missing = missing_years(years_ahead(today))
    audit_check = None
    if user.has_role("auditadmin"):
        from audit.models import ChainCheck

        audit_check = ChainCheck.objects.first() or False
    region_stats = None
    if region is not None:
        subtree = Region.objects.subtree(region)
        region_stats = {
            "levels": dict(subtree.values_list("level").annotate(n=Count("id")).order_by()),
            "units": Unit.objects.visible_to(user).count(),
        }
    return render(
        request,
        "ducha/workbench.html",
        {
            "today": today,
            "region": region,
            "region_stats": region_stats,
            "stationed": stationed,
            "recent": inspections[:8],
            "needs": needs,
            "missing_years": missing,
            "complaint_queues": complaint_queues,
            "rectification_queues": rectification_queues,
            "audit_check": audit_check,
            "responsibility_items": responsibility_items,
            "todo": todo(user),
        },
    )


def serve_upload(field_file, name: str):
    """Send an uploaded file to a user the caller has already checked may see it. Uploads live under
    MEDIA_ROOT, which no URL serves directly: every download goes through a scoped view like this."""
    from django.http import FileResponse, Http404

    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, filename=name or field_file.name.rsplit("/", 1)[-1])
