"""Room on every page for a row's next version (PostgreSQL): a sweep that turns thousands of tasks yellow or
late rewrites them in place (HOT updates) instead of touching every index. SQLite has no such setting."""

from django.db import migrations

TABLES = ["rectification_task"]


def leave_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = 80)")


def take_it_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("rectification", "0003_leader_is_post")]
    operations = [migrations.RunPython(leave_room, take_it_back)]
