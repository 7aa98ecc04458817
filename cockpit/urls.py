from django.urls import path

from cockpit import views

urlpatterns = [
    path("", views.cockpit, name="cockpit"),
    path("<str:code>/", views.cockpit, name="cockpit_region"),
]
