from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = _("责任追究")

    def ready(self):
        from django.urls import reverse

        from accountability.importer import REQUIRED, import_records
        from imports.registry import Importer, register

        register(
            Importer(
                kind="accountability",
                label="导入问责情况表",
                required=REQUIRED,
                subject=lambda user, pk: None,
                run=lambda rows, *, subject, by, progress: import_records(rows, by=by, progress=progress),
                region_prefix=lambda subject, by: by.region_prefix,
                back=lambda pk: reverse("accountability_list"),
            )
        )
