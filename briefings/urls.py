from django.urls import path

from briefings import case_views, views

urlpatterns = [
    path("", views.issue_list, name="briefings"),
    path("<int:pk>/", views.issue_detail, name="briefing"),
    path("<int:pk>/do/<str:action>/", views.issue_action, name="briefing_action"),
    path("cases/", case_views.case_list, name="typical_cases"),
    path("cases/<int:pk>/", case_views.case_detail, name="typical_case"),
    path("cases/photos/<int:pk>/", case_views.case_photo, name="typical_case_photo"),
]
