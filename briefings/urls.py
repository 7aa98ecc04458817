from django.urls import path

from briefings import views

urlpatterns = [
    path("", views.issue_list, name="briefings"),
    path("<int:pk>/", views.issue_detail, name="briefing"),
    path("<int:pk>/do/<str:action>/", views.issue_action, name="briefing_action"),
]
