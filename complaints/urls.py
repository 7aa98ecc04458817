from django.urls import path

from complaints import views

urlpatterns = [
    path("", views.complaint_list, name="complaint_list"),
    path("new/", views.complaint_intake, name="complaint_intake"),
    path("new/hints/", views.intake_hints, name="intake_hints"),
    path("<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("<int:pk>/reporter/", views.reveal_reporter, name="complaint_reporter"),
    path("<int:pk>/receipt-scan/", views.receipt_scan, name="complaint_receipt_scan"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("photos/<int:pk>/", views.report_photo, name="report_photo"),
    path("<int:pk>/do/<str:action>/", views.complaint_action, name="complaint_action"),
    path("bulk/", views.complaint_bulk, name="complaint_bulk"),
    path("inspections/<slug:code>/batches/", views.batch_list, name="batch_list"),
    path("inspections/<slug:code>/batches/<str:action>/", views.batch_action, name="batch_action"),
    path("inspections/<slug:code>/batches/<int:number>/order/", views.transfer_order, name="transfer_order"),
    path("inspections/<slug:code>/statistics/", views.statistics, name="complaint_statistics"),
    path(
        "inspections/<slug:code>/batches/<int:number>/announcement/",
        views.batch_announcement,
        name="batch_announcement",
    ),
]
