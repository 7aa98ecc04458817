from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("受理研判")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from screening.gazetteer import forget_version

        post_save.connect(
            forget_version, sender="organisations.Region", dispatch_uid="gazetteer-region-saved"
        )
        post_delete.connect(
            forget_version, sender="organisations.Region", dispatch_uid="gazetteer-region-deleted"
        )
