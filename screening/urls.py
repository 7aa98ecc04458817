from django.urls import path

from screening import views

urlpatterns = [
    path("documents/", views.desk, name="screening_desk"),
    path("documents/problems/", views.confirm_problems, name="screening_confirm_problems"),
]
