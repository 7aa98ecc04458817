"""Read-only, scoped admin lists of the team's work. Interview names and notes are never shown here: the
encrypted fields are excluded and only the masked name is listed."""

from django.contrib import admin

from fieldwork.models import DocumentRequest, Finding, Interview, Report, SiteVisit
from organisations.admin import ReadOnlyScopedAdmin


@admin.register(DocumentRequest)
class DocumentRequestAdmin(ReadOnlyScopedAdmin):
    list_display = ["number", "unit", "title", "due_at", "submitted_at"]


@admin.register(Interview)
class InterviewAdmin(ReadOnlyScopedAdmin):
    list_display = ["held_at", "kind", "person_masked", "post", "interviewers"]
    exclude = ["person_secret", "notes_secret"]


@admin.register(SiteVisit)
class SiteVisitAdmin(ReadOnlyScopedAdmin):
    list_display = ["day", "place", "region", "visitors"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyScopedAdmin):
    list_display = ["number", "text", "source_kind", "unit", "report", "problem"]


@admin.register(Report)
class ReportAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "region", "status", "delivered_on"]
