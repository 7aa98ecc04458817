from django.db import migrations

# Public tables name the post and the form, not the person (DOMAIN.md, loop C): "对某镇分管副镇长诫勉谈话".
RULES = ["bureau", "county", "township", "other"]


def add_rules(apps, schema_editor):
    Rule = apps.get_model("accountability", "PublicationRule")
    for level in RULES:
        Rule.objects.get_or_create(cadre_level=level, defaults={"pattern": "对{unit}{post}{form}"})


class Migration(migrations.Migration):
    dependencies = [("accountability", "0006_oversight_links")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
