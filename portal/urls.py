from django.urls import path

from briefings import case_views
from briefings import views as briefing_views
from portal import views

urlpatterns = [
    path("", views.home, name="portal_home"),
    path("track/", views.track, name="portal_track"),
    path("track/<str:code>/rate/", views.rate, name="portal_rate"),
    path("track/<str:code>/rebound/", views.rebound, name="portal_rebound"),
    path("rectification/", views.rectification_list, name="portal_rectification"),
    path("rectification/<int:pk>/", views.rectification_plan, name="portal_plan"),
    path("rectification/tasks/<int:pk>/objection/", views.objection, name="portal_objection"),
    path("assessments/", views.assessment_list, name="portal_assessments"),
    path("briefings/", briefing_views.public_list, name="portal_briefings"),
    path("cases/", case_views.public_cases, name="portal_cases"),
    path("cases/<int:pk>/", case_views.public_case, name="portal_case"),
    path("cases/photos/<int:pk>/", case_views.public_photo, name="portal_case_photo"),
    path("briefings/<int:pk>/", briefing_views.public_issue, name="portal_briefing"),
    path("assessments/<int:pk>/", views.assessment_ranking, name="portal_assessment"),
    path("<slug:code>/report/", views.report, name="portal_report"),
    path("<slug:code>/announcement/", views.announcement, name="portal_announcement"),
    path("<slug:code>/disclosure/", views.disclosure, name="portal_disclosure"),
    path("<slug:code>/disclosure/<int:number>/", views.disclosure, name="portal_batch"),
]
