from django.urls import path

from inspections import views

urlpatterns = [
    path("", views.inspection_list, name="inspection_list"),
    path("new/", views.inspection_create, name="inspection_create"),
    path("<slug:code>/", views.inspection_detail, name="inspection_detail"),
    path("<slug:code>/edit/", views.inspection_edit, name="inspection_edit"),
    path("<slug:code>/stage/", views.inspection_stage, name="inspection_stage"),
    path("<slug:code>/rules/<int:pk>/", views.deadline_rule_update, name="deadline_rule_update"),
    path("<slug:code>/rules/local/", views.local_rule_add, name="local_rule_add"),
    path("<slug:code>/next-year/", views.next_year, name="inspection_next_year"),
]
