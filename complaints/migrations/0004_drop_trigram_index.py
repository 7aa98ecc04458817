"""Duplicates are found through screening's own index of named things (screening.duplicates, decision
0012), on both databases alike; the trigram index on complaint text is no longer read, so it goes."""

from django.db import migrations


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS complaint_text_trgm")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS complaint_text_trgm ON complaints_complaint USING gin (text gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0003_field_check_channel")]

    operations = [migrations.RunPython(drop, create)]
