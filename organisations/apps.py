from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("组织机构")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.urls import reverse

        from organisations.cache import forget

        post_save.connect(forget, sender="organisations.Region", dispatch_uid="region-cache-saved")
        post_delete.connect(forget, sender="organisations.Region", dispatch_uid="region-cache-deleted")

        from imports.registry import Importer, register
        from organisations.workflow import TOWNSHIP_COLUMNS, import_townships

        register(
            Importer(
                kind="townships",
                label="导入乡镇（街道）",
                required=TOWNSHIP_COLUMNS,
                subject=lambda user, pk: None,
                run=lambda rows, *, subject, by, progress: import_townships(rows, by=by),
                region_prefix=lambda subject, by: by.region_prefix,
                back=lambda pk: reverse("organisation_home"),
            )
        )
