"""Every inspection gets the optional rule of its key cases (重点件向督察组反馈), switched off until it is set."""

from django.db import migrations


def add(apps, schema_editor):
    Inspection = apps.get_model("inspections", "Inspection")
    DeadlineRule = apps.get_model("inspections", "DeadlineRule")
    have = set(DeadlineRule.objects.filter(key="feedback_key").values_list("inspection_id", flat=True))
    DeadlineRule.objects.bulk_create(
        DeadlineRule(inspection_id=pk, key="feedback_key", amount=3, unit="day", start_event="batch_issued",
                     basis="督察组交办要求（重点件）", is_active=False)
        for pk in Inspection.objects.exclude(pk__in=have).values_list("pk", flat=True)
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("inspections", "0004_target_units")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
