from django.db import migrations

# What the Handan night check found (seed 004), and what other checks commonly find; an office edits the list.
TYPES = ["土方露天堆放", "未落实“六个百分百”", "渣土车未苫盖上路", "露天焚烧垃圾", "未执行应急减排措施", "违法排污", "治污设施不正常运行", "其他"]


def add(apps, schema_editor):
    ProblemType = apps.get_model("fieldchecks", "ProblemType")
    for order, name in enumerate(TYPES):
        ProblemType.objects.get_or_create(name=name, defaults={"sort_order": 10 * (order + 1)})


class Migration(migrations.Migration):
    dependencies = [("fieldchecks", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
