from django.urls import path

from dutyreports import views

urlpatterns = [
    path("", views.report_list, name="duty_reports"),
    path("open/", views.open_year, name="duty_open_year"),
    path("<int:pk>/", views.report_detail, name="duty_report"),
]
