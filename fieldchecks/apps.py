from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldChecksConfig(AppConfig):
    name = "fieldchecks"
    verbose_name = _("现场检查")
