from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuchaConfig(AppConfig):
    name = "ducha"
    verbose_name = _("督察系统")

    def ready(self):
        from ducha import checks  # noqa: F401  (registers the system checks)
