from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyReportsConfig(AppConfig):
    name = "dutyreports"
    verbose_name = _("环保履职年度报告")
