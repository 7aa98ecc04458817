from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("考核")

    def ready(self):
        from django.urls import reverse

        from assessments import importer
        from imports.registry import Importer, register

        register(
            Importer(
                kind="assessment_scores",
                label="导入第三方考核得分",
                required=importer.REQUIRED,
                subject=importer.subject,
                run=lambda rows, *, subject, by, progress: importer.import_scores(
                    rows, scheme=subject, by=by
                ),
                region_prefix=lambda subject, by: subject.region.prefix,
                back=lambda pk: reverse("assessment_scheme", args=[pk]),
            )
        )
