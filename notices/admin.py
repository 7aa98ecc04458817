from django.contrib import admin

from notices.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Superusers only: messages are personal, so no office browses them."""

    list_display = ["created_at", "user", "level", "title", "read_at"]
    list_filter = ["level"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
