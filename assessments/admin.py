from django.contrib import admin

from assessments.models import Indicator, Result, Rule, Scheme
from organisations.admin import ReadOnlyScopedAdmin, ScopedAdmin


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """An office adjusts points, weights, caps and deduction rules here; a new version keeps past scores."""

    list_display = ["scheme", "code", "name", "kind", "max_points", "weight", "cap", "assessor"]
    list_filter = ["kind"]
    inlines = [RuleInline]

    def get_queryset(self, request):
        from assessments.queries import schemes_for

        return super().get_queryset(request).filter(scheme__in=schemes_for(request.user))


@admin.register(Scheme)
class SchemeAdmin(ScopedAdmin):
    list_display = [
        "name",
        "code",
        "version",
        "starts_with",
        "year",
        "subject_kind",
        "excellent_from",
        "good_from",
        "pass_from",
    ]
    readonly_fields = [
        "code",
        "version",
        "starts_with",
        "region",
        "year",
        "subject_kind",
        "created_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Result)
class ResultAdmin(ReadOnlyScopedAdmin):
    list_display = ["scheme", "period", "subject", "score", "rank", "grade", "vetoed"]
    list_filter = ["period", "grade", "vetoed"]
