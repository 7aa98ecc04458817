from django.urls import path

from organisations import views

urlpatterns = [
    path("", views.organisation_home, name="organisation_home"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/group/", views.unit_group, name="unit_group"),
    path("townships/import/", views.township_import, name="township_import"),
]
