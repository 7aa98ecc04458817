from django.db import migrations

ROLES = [
    ("office", "督察办", "督察办 / 协调联络组 / 整改办：设置督察、批次与规则，审核反馈，公开，调度整改"),
    ("team", "督察组", "受理来电来信，审核筛查，交办批次，抽查"),
    ("handler", "承办人", "属地承办单位：确认接收、调查、反馈、整改、报告进展"),
    ("signer", "签字领导", "县（市、区）主要领导或主管领导：签收回执、签字把关反馈"),
    ("discipline", "纪检监察", "纪委监委 / 督办监察组：监督办理、审核问责"),
    ("leader", "领导（只读）", "市委、市政府领导：看板、简报、包联"),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, name, description in ROLES:
        Role.objects.update_or_create(code=code, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
