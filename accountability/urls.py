from django.urls import path

from accountability import views

urlpatterns = [
    path("", views.record_list, name="accountability_list"),
    path("queue/", views.queue, name="accountability_queue"),
    path("new/", views.record_new, name="accountability_new"),
    path("<int:pk>/", views.record_detail, name="accountability_record"),
    path("<int:pk>/do/<str:action>/", views.record_action, name="accountability_action"),
]
