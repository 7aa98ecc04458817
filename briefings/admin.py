from django.contrib import admin

from briefings.models import ArticleTemplate, Issue, Series
from organisations.admin import ReadOnlyScopedAdmin, ScopedAdmin


@admin.register(Series)
class SeriesAdmin(ScopedAdmin):
    list_display = ["name", "office", "issued_before"]


@admin.register(ArticleTemplate)
class ArticleTemplateAdmin(admin.ModelAdmin):
    """The wordings of generated articles; placeholders are listed in briefings/generators.py."""

    list_display = ["key", "name", "title"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Issue)
class IssueAdmin(ReadOnlyScopedAdmin):
    list_display = ["series", "year", "number", "overall", "status", "is_public"]
