"""The inspection's work page: the checklist before stationing, the plan, the team, documents, training, meetings,
the announcement and the focus list with its coverage."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ducha.inputs import parse_date
from ducha.official import respond
from ducha.pages import attempt
from fieldwork import documents, workflow
from fieldwork.access import is_team
from fieldwork.models import (
    Announcement,
    DocumentKind,
    FocusArea,
    Meeting,
    MeetingKind,
    TeamMember,
    WorkDocument,
    WorkPlan,
)
from fieldwork.views.base import inspection_for, parse_moment


def _post(request, inspection):
    data, user = request.POST, request.user
    action = data.get("action")
    if action == "plan":
        attempt(request, lambda: workflow.save_plan(
            inspection, by=user, title=data.get("title", ""), targets=data.get("targets", ""), number=data.get("number", ""),
            issued_on=parse_date(data.get("issued_on"), "issued_on", required=False), schedule=data.get("schedule", ""),
        ), done="已保存工作方案")  # fmt: skip
    elif action == "member":
        attempt(request, lambda: workflow.add_member(
            inspection, by=user, name=data.get("name", ""), team_post=data.get("team_post", "成员"), post=data.get("post", ""),
            home_unit=data.get("home_unit", ""), seconded=data.get("seconded") == "on",
        ), done="已登记成员")  # fmt: skip
    elif action == "document":
        attempt(request, lambda: workflow.upload_document(
            inspection, by=user, kind=data.get("kind", ""), title=data.get("title", ""), upload=request.FILES.get("file"),
        ), done="已上传")  # fmt: skip
    elif action == "training":
        attempt(request, lambda: workflow.add_training(
            inspection, by=user, title=data.get("title", ""), held_on=parse_date(data.get("held_on"), "held_on"),
            place=data.get("place", ""), trainer=data.get("trainer", ""), attendee_ids=data.getlist("attendees"),
        ), done="已登记培训")  # fmt: skip
    elif action == "meeting":
        meeting = attempt(request, lambda: workflow.add_meeting(
            inspection, by=user, kind=data.get("kind", ""), title=data.get("title", ""),
            held_at=parse_moment(data.get("held_at"), "held_at"), place=data.get("place", ""), by_video=data.get("by_video") == "on",
            chair=data.get("chair", ""), speakers=data.get("speakers", ""), minutes=data.get("minutes", ""),
        ), done="已登记会议，请核对到会情况")  # fmt: skip
        if meeting is not None:
            return redirect("work_meeting", meeting.pk)
    elif action == "announcement":
        attempt(request, lambda: workflow.draft_announcement(
            inspection, by=user, title=data.get("title", ""), text=data.get("text", "")), done="已保存公告")  # fmt: skip
    elif action == "publish":
        attempt(request, lambda: workflow.publish_announcement(inspection, by=user), done="已在门户发布")
    elif action == "focus":
        attempt(
            request,
            lambda: workflow.add_focus(inspection, by=user, title=data.get("title", "")),
            done="已添加督察重点",
        )
    return redirect("work_overview", inspection.code)


@login_required
def overview(request, code):
    inspection = inspection_for(request, code)
    if request.method == "POST":
        return _post(request, inspection)
    if request.GET.get("format") in ("docx", "pdf"):
        notice = get_object_or_404(Announcement, inspection=inspection)
        return respond(documents.announcement(notice), request)
    members = TeamMember.objects.filter(inspection=inspection).annotate(trained=Count("trainings"))
    focus = FocusArea.objects.filter(inspection=inspection).annotate(
        n_findings=Count("findings", distinct=True), n_complaints=Count("complaints", distinct=True),
        n_problems=Count("findings__problem", distinct=True),
    )  # fmt: skip
    meetings = Meeting.objects.filter(inspection=inspection).annotate(
        invited=Count("attendance"), present=Count("attendance", filter=Q(attendance__present=True))
    )
    checks = workflow.checklist(inspection)
    return render(request, "fieldwork/overview.html", {
        "inspection": inspection, "checks": checks, "ready": sum(c.done for c in checks),
        "plan": WorkPlan.objects.filter(inspection=inspection).first(), "members": members,
        "documents": WorkDocument.objects.filter(inspection=inspection), "document_kinds": DocumentKind.choices,
        "trainings": inspection.trainings.annotate(n=Count("attendees")), "meetings": meetings,
        "meeting_kinds": MeetingKind.choices, "notice": Announcement.objects.filter(inspection=inspection).first(),
        "focus": focus, "is_team": is_team(request.user, inspection), "open": inspection.stage != "archived",
        "now": timezone.localtime(),
    })  # fmt: skip


@login_required
def meeting(request, pk):
    item = get_object_or_404(Meeting.objects.select_related("inspection"), pk=pk)
    inspection_for(request, item.inspection.code)
    if request.method == "POST":
        attendees = {
            k.removeprefix("attendee-"): v
            for k, v in request.POST.items()
            if k.startswith("attendee-") and v.strip()
        }
        attempt(request, lambda: workflow.mark_attendance(item, by=request.user, present_ids=request.POST.getlist("present"),
                                                          attendees=attendees), done="已保存到会情况")  # fmt: skip
        return redirect("work_meeting", item.pk)
    rows = item.attendance.select_related("unit").order_by("present", "unit__name")
    gaps = [r for r in rows if not r.present]
    return render(request, "fieldwork/meeting.html", {
        "meeting": item, "rows": rows, "gaps": gaps, "present": len(rows) - len(gaps), "open": item.inspection.stage != "archived",
    })  # fmt: skip
