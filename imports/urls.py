from django.urls import path

from imports import views

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="import_job"),
    path("<int:pk>/units/", views.map_job_units, name="import_map_units"),
]
