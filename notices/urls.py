from django.urls import path

from notices import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.read_all, name="inbox_read_all"),
]
