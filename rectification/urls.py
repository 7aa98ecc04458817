from django.urls import path

from rectification import views

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/do/<str:action>/", views.report_action, name="report_action"),
    path("reports/<int:pk>/dashboard/", views.dashboard, name="rectification_dashboard"),
    path("reports/<int:pk>/board/", views.board, name="overdue_board"),
    path("reports/<int:pk>/ledger.xlsx", views.export_ledger, name="export_ledger"),
    path("reports/<int:pk>/monthly.docx", views.monthly_report, name="monthly_report"),
    path("reports/<int:pk>/attachment/", views.report_attachment, name="report_attachment"),
    path("files/<int:pk>/", views.task_file, name="task_file"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/do/<str:action>/", views.task_action, name="task_action"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<int:pk>/", views.action_document, name="action_document"),
    path("actions/<int:pk>/interview/", views.interview, name="action_interview"),
    path("actions/<int:pk>/distribution/", views.action_distribution, name="action_distribution"),
    path("spot-checks/<int:pk>/", views.spot_check_detail, name="spot_check_detail"),
]
