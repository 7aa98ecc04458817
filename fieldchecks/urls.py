from django.urls import path

from fieldchecks import views

urlpatterns = [
    path("", views.check_list, name="field_checks"),
    path("<int:pk>/", views.check_detail, name="field_check"),
    path("photos/<int:pk>/", views.photo, name="field_photo"),
]
