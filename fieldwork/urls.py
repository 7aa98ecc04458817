from django.urls import path

from fieldwork.views import gathering, preparation, report

urlpatterns = [
    path("requests/", gathering.request_list, name="work_requests"),
    path("requests/<int:pk>/", gathering.request_detail, name="work_request"),
    path("interviews/<int:pk>/reveal/", gathering.reveal, name="work_interview_reveal"),
    path("files/<str:kind>/<int:pk>/", gathering.download, name="work_file"),
    path("meetings/<int:pk>/", preparation.meeting, name="work_meeting"),
    path("reports/<int:pk>/", report.report_detail, name="work_report"),
    path("findings/<int:pk>/transfer/", report.transfer, name="work_transfer"),
    path("<slug:code>/", preparation.overview, name="work_overview"),
    path("<slug:code>/gathering/", gathering.gathering, name="work_gathering"),
    path("<slug:code>/archive/", report.archive_page, name="work_archive"),
]
