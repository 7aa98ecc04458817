from django.db import migrations

# Forms seen in practice (DOMAIN.md, loop C; 《中国共产党问责条例》, 《公职人员政务处分法》), mildest first.
# Codes of the earlier fixed list are kept, so existing records keep their meaning.
FORMS = [
    ("admonition", "诫勉谈话", 10),
    ("circulated", "通报批评", 20),
    ("self_criticism", "责令检查", 30),
    ("warning", "警告", 40),
    ("demerit", "记过", 50),
    ("major_demerit", "记大过", 60),
    ("demotion", "降级", 70),
    ("dismissal", "撤职", 80),
    ("expulsion", "开除", 90),
    ("organisational", "组织处理（调离岗位、免职）", 100),
    ("party_discipline", "党纪处分", 110),
    ("government_sanction", "政务处分", 120),
    ("other", "其他", 200),
]


def add_forms(apps, schema_editor):
    Form = apps.get_model("accountability", "FormOfAccountability")
    for code, name, severity in FORMS:
        Form.objects.update_or_create(code=code, defaults={"name": name, "severity": severity})


def link_spot_checks(apps, schema_editor):
    """Records opened by a spot check before this migration say so."""
    Record = apps.get_model("accountability", "Record")
    Record.objects.filter(task__isnull=False, source_kind="manual").update(source_kind="spot_check")


class Migration(migrations.Migration):
    dependencies = [("accountability", "0003_loop_c")]
    operations = [
        migrations.RunPython(add_forms, migrations.RunPython.noop),
        migrations.RunPython(link_spot_checks, migrations.RunPython.noop),
    ]
