"""Room on every page for a row's next version (PostgreSQL): the deadline sweep that turns thousands of complaints
red rewrites them in place (HOT updates) instead of touching every index. SQLite has no such setting."""

from django.db import migrations

TABLES = ["complaints_complaint"]


def leave_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = 80)")


def take_it_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0010_list_order")]
    operations = [migrations.RunPython(leave_room, take_it_back)]
