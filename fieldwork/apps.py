from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "fieldwork"
    verbose_name = _("督察工作")

    def ready(self):
        from fieldwork import archive

        archive.connect_guards()
