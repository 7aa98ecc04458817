from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from ducha import views
from ducha.api import api

admin.site.site_header = "ducha 督察系统管理"
admin.site.site_title = "ducha 管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", account_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("organisations/", include("organisations.urls")),
    path("inspections/", include("inspections.urls")),
    path("complaints/", include("complaints.urls")),
    path("rectification/", include("rectification.urls")),
    path("accountability/", include("accountability.urls")),
    path("liaison/", include("liaison.urls")),
    path("duty-reports/", include("dutyreports.urls")),
    path("assessments/", include("assessments.urls")),
    path("briefings/", include("briefings.urls")),
    path("field-checks/", include("fieldchecks.urls")),
    path("fieldwork/", include("fieldwork.urls")),
    path("notices/", include("notices.urls")),
    path("imports/", include("imports.urls")),
    path("screening/", include("screening.urls")),
    path("cockpit/", include("cockpit.urls")),
    path("portal/", include("portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
