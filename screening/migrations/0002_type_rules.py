"""Seed the phrases that suggest pollution types (screening/data/type_rules.csv); offices extend them."""

import csv
from pathlib import Path

from django.db import migrations

RULES = Path(__file__).resolve().parent.parent / "data" / "type_rules.csv"


def seed(apps, schema_editor):
    PollutionType = apps.get_model("complaints", "PollutionType")
    TypeRule = apps.get_model("screening", "TypeRule")
    types = {}
    for row in PollutionType.objects.values("pk", "name", "parent__name"):
        types[(row["parent__name"] or row["name"], row["name"] if row["parent__name"] else "")] = row["pk"]
    with RULES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            type_id = types.get((row["parent"], row["child"]))
            if type_id is not None:
                TypeRule.objects.get_or_create(
                    phrase=row["phrase"], pollution_type_id=type_id, defaults={"weight": int(row["weight"])}
                )


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial"), ("complaints", "0002_pollution_types_and_trigram")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
