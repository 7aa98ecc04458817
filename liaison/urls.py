from django.urls import path

from liaison import views

urlpatterns = [
    path("", views.plan, name="liaison_plan"),
    path("mine/", views.mine, name="liaison_mine"),
    path("visits/", views.visits, name="liaison_visits"),
    path("visits/new/", views.visit_new, name="liaison_visit_new"),
    path("visits/<int:pk>/", views.visit_detail, name="liaison_visit"),
    path("assignments/<int:pk>/end/", views.end, name="liaison_end"),
]
