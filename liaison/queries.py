"""Reads of leader liaison: the plan of a region, its coverage gaps, visits, and a leader's own counties."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from liaison.models import Assignment, AssignmentKind, Finding, Visit
from organisations.models import Post, Region, RegionLevel, Unit, UnitKind

LEADER_UNITS = (UnitKind.PARTY_COMMITTEE, UnitKind.GOVERNMENT)


@dataclass
class Gaps:
    """What a plan leaves uncovered. Counted by the rules of seed 004: every county (township) has a
    leader, every leader covers at least one, government leaders cover departments by portfolio."""

    region: Region
    uncovered_regions: list = field(default_factory=list)
    uncovered_departments: list = field(default_factory=list)
    idle_leaders: list = field(default_factory=list)  # posts covering no county / township
    leaders_without_department: list = field(default_factory=list)  # city government, non-principal
    principals: list = field(default_factory=list)  # 第一责任人

    @property
    def count(self) -> int:
        return (
            len(self.uncovered_regions) + len(self.uncovered_departments) + len(self.idle_leaders)
            + len(self.leaders_without_department)
        )  # fmt: skip


def leader_posts(region: Region):
    """The current posts of a region's party committee and government: its leaders."""
    return (
        Post.objects.current()
        .filter(unit__region=region, unit__kind__in=LEADER_UNITS)
        .select_related("person", "unit")
        .order_by("unit__kind", "sort_order", "pk")
    )


def gaps(region: Region) -> Gaps:
    """Coverage of one city's or county's plan (set-based: a few queries whatever the size)."""
    result = Gaps(region=region)
    active = Assignment.objects.active().filter(plan_region=region, kind=AssignmentKind.LEADER)
    below = RegionLevel.COUNTY if region.level == RegionLevel.CITY else RegionLevel.TOWNSHIP
    covered_regions = active.filter(region__isnull=False).values("region_id")
    result.uncovered_regions = list(
        Region.objects.filter(parent=region, level=below).exclude(pk__in=covered_regions).order_by("code")
    )
    posts = list(leader_posts(region).annotate(
        regions=Count("liaisons", filter=Q(liaisons__is_active=True, liaisons__region__isnull=False)),
        departments=Count("liaisons", filter=Q(liaisons__is_active=True, liaisons__unit__isnull=False)),
    ))  # fmt: skip
    result.principals = [p for p in posts if p.is_principal]
    result.idle_leaders = [p for p in posts if p.regions == 0]
    if region.level == RegionLevel.CITY:
        covered_units = active.filter(unit__isnull=False).values("unit_id")
        result.uncovered_departments = list(
            Unit.objects.filter(region=region, kind=UnitKind.DEPARTMENT, is_active=True)
            .exclude(pk__in=covered_units)
            .order_by("sort_order", "name")
        )
        result.leaders_without_department = [
            p
            for p in posts
            if p.unit.kind == UnitKind.GOVERNMENT and not p.is_principal and p.departments == 0
        ]
    return result


def plan(region: Region):
    return (
        Assignment.objects.active()
        .filter(plan_region=region)
        .select_related("post__person", "post__unit", "region", "unit")
        .order_by("-kind", "-post__unit__kind", "post__sort_order", "post_id", "region__code", "unit__name")
    )


def plan_rows(region: Region) -> list[dict]:
    """The plan as one row per leader (or group): what the post covers, regions first, then departments."""
    rows: dict[int, dict] = {}
    for assignment in plan(region):
        row = rows.setdefault(
            assignment.post_id, {"post": assignment.post, "kind": assignment.kind, "items": []}
        )
        row["items"].append(assignment)
    return list(rows.values())


def plan_regions_for(user):
    """The cities and counties whose plans the user may see (the user's own region and below)."""
    return Region.objects.visible_to(user).filter(level__in=[RegionLevel.CITY, RegionLevel.COUNTY])


def visits_for(user):
    return (
        Visit.objects.visible_to(user)
        .select_related("assignment__post__person", "region")
        .annotate(failed=Count("findings", filter=~Q(findings__kind="other")))
        .order_by("-visited_on", "-pk")
    )


def my_assignments(user):
    """The liaison of the person behind a leader's account."""
    if not user.person_id:
        return Assignment.objects.none()
    return (
        Assignment.objects.active()
        .filter(post__person_id=user.person_id)
        .select_related("post", "region", "unit__region")
        .order_by("region__code", "unit__name")
    )


def standing(assignment: Assignment, today=None) -> dict:
    """A covered place at a glance: open, red and overdue tasks; overdue complaints; findings awaiting
    accountability. One aggregate per table, scoped by the place's region prefix."""
    from complaints.models import Complaint, DueState
    from rectification.models import Task
    from rectification.queries import counted

    today = today or timezone.localdate()
    if assignment.region_id:
        prefix = assignment.region.prefix
        tasks = Task.objects.filter(region_prefix__startswith=prefix)
        complaints = Complaint.objects.filter(region__prefix__startswith=prefix)
    else:
        tasks = Task.objects.filter(lead_unit_id=assignment.unit_id)
        complaints = Complaint.objects.filter(lead_unit_id=assignment.unit_id)
    figures = tasks.aggregate(**counted(open="open", red="red", overdue="overdue", closed="closed"))
    figures["complaints_overdue"] = complaints.filter(due_state=DueState.OVERDUE).count()
    findings = Finding.objects.filter(needs_accountability=True, accountability_records__isnull=True)
    if assignment.region_id:
        findings = findings.filter(visit__region__prefix__startswith=assignment.region.prefix)
    else:
        findings = findings.filter(unit_id=assignment.unit_id)
    figures["findings_open"] = findings.count()
    figures["last_visit"] = (
        assignment.visits.order_by("-visited_on").values_list("visited_on", flat=True).first()
    )
    figures["red_total"] = (
        figures["red"] + figures["overdue"] + figures["complaints_overdue"] + figures["findings_open"]
    )
    return figures


def workbench_items(user) -> list[dict]:
    """A leader's line on the workbench: his liaison places and their red items."""
    from django.urls import reverse

    if not user.has_role("leader"):
        return []
    assignments = list(my_assignments(user))
    if not assignments:
        return []
    red = sum(standing(a)["red_total"] for a in assignments)
    url = reverse("liaison_mine")
    return [
        {"label": gettext_noop("个包联地区、部门"), "n": len(assignments), "url": url, "red": False},
        {"label": gettext_noop("项包联地区红色事项（预警、超期）"), "n": red, "url": url, "red": True},
    ]
