from django.db import migrations


def add(apps, schema_editor):
    Template = apps.get_model("briefings", "ArticleTemplate")
    Template.objects.get_or_create(
        key="field_findings",
        defaults={
            "name": "现场检查发现问题",
            "title": "督察组开展{ways}",
            "body": "截至{date}，督察组共开展{ways}{checks}次，检查点位{sites}个，发现问题{problems}个（{kinds}），"
            "已全部交办{transferred}个，下达督办函{letters}份。",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("briefings", "0002_templates")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
