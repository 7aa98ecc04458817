from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = _("整改台账")

    def ready(self):
        from django.urls import reverse

        from imports.registry import Importer, register
        from rectification import excel, queries

        register(
            Importer(
                kind="ledger",
                label="导入整改台账",
                required=excel.REQUIRED,
                subject=lambda user, pk: queries.report_for(user, pk),
                run=lambda rows, *, subject, by, progress: excel.import_ledger(
                    rows, report=subject, by=by, progress=progress
                ),
                region_prefix=lambda report, by: report.region_prefix,
                back=lambda pk: reverse("report_detail", args=[pk]),
            )
        )
