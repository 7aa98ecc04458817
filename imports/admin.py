from django.contrib import admin

from imports.models import ImportJob
from organisations.admin import ReadOnlyScopedAdmin


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyScopedAdmin):
    list_display = ["created_at", "kind", "original_name", "status", "created", "created_by", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["original_name", "message"]
