from django.urls import path

from portal import views

urlpatterns = [
    path("", views.home, name="portal_home"),
    path("track/", views.track, name="portal_track"),
    path("track/<str:code>/rate/", views.rate, name="portal_rate"),
    path("rectification/", views.rectification_list, name="portal_rectification"),
    path("rectification/<int:pk>/", views.rectification_plan, name="portal_plan"),
    path("rectification/tasks/<int:pk>/objection/", views.objection, name="portal_objection"),
    path("assessments/", views.assessment_list, name="portal_assessments"),
    path("assessments/<int:pk>/", views.assessment_ranking, name="portal_assessment"),
    path("<slug:code>/report/", views.report, name="portal_report"),
    path("<slug:code>/disclosure/", views.disclosure, name="portal_disclosure"),
    path("<slug:code>/disclosure/<int:number>/", views.disclosure, name="portal_batch"),
]
