from django.contrib import admin

from accountability.models import Record
from organisations.admin import ScopedAdmin


@admin.register(Record)
class RecordAdmin(ScopedAdmin):
    list_display = ["person_name", "post", "unit", "form", "status", "decided_on", "task"]
    list_filter = ["status", "form"]
    search_fields = ["person_name", "reason"]
    list_select_related = ["unit", "task"]
    readonly_fields = ["task", "complaint", "region_prefix", "created_by", "created_at"]
