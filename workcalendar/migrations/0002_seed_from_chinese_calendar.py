from django.db import migrations


def seed(apps, schema_editor):
    from workcalendar.seed import seed_calendar

    seed_calendar(apps.get_model("workcalendar", "CalendarDay"), apps.get_model("workcalendar", "CalendarYear"))


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
