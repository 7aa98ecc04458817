from django.urls import path

from accountability import oversight_views, views

urlpatterns = [
    path("", views.record_list, name="accountability_list"),
    path("queue/", views.queue, name="accountability_queue"),
    path("new/", views.record_new, name="accountability_new"),
    path("import/", oversight_views.record_import, name="accountability_import"),
    path("sample/", oversight_views.sample, name="accountability_sample"),
    path("urges/", oversight_views.urge_list, name="accountability_urges"),
    path("urges/new/", oversight_views.urge_new, name="accountability_urge_new"),
    path("urges/<int:pk>/", oversight_views.urge_detail, name="accountability_urge"),
    path("requests/", oversight_views.request_list, name="accountability_requests"),
    path("requests/<int:pk>/", oversight_views.request_detail, name="accountability_request"),
    path("transfers/", oversight_views.transfer_list, name="accountability_transfers"),
    path("transfers/<int:pk>/", oversight_views.transfer_detail, name="accountability_transfer"),
    path("<int:pk>/", views.record_detail, name="accountability_record"),
    path("<int:pk>/do/<str:action>/", views.record_action, name="accountability_action"),
]
