from django.urls import path

from assessments import views

urlpatterns = [
    path("", views.scheme_list, name="assessments"),
    path("<int:pk>/", views.scheme_detail, name="assessment_scheme"),
    path("<int:pk>/do/<str:action>/", views.scheme_action, name="assessment_action"),
    path("<int:pk>/units/<int:subject>/", views.subject_detail, name="assessment_subject"),
    path("<int:pk>/import/", views.score_import, name="assessment_import"),
    path("<int:pk>/report.docx", views.report_document, name="assessment_report"),
]
