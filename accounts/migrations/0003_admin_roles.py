from django.db import migrations, models

ROLES = [
    ("sysadmin", "系统管理员", "维护区划、单位、人员、节假日等系统配置；不管理账户，不审计"),
    ("secadmin", "安全管理员", "管理账户、角色、所属单位、启停用和密码重置；不改业务配置，不审计"),
    ("auditadmin", "审计管理员", "查阅并核验操作日志（审计链）；不改配置，不管账户"),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, name, description in ROLES:
        Role.objects.update_or_create(code=code, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]
    operations = [
        migrations.AlterField(
            model_name="role",
            name="code",
            field=models.CharField(
                choices=[
                    ("office", "督察办"),
                    ("team", "督察组"),
                    ("handler", "承办人"),
                    ("signer", "签字领导"),
                    ("discipline", "纪检监察"),
                    ("leader", "领导（只读）"),
                    ("sysadmin", "系统管理员"),
                    ("secadmin", "安全管理员"),
                    ("auditadmin", "审计管理员"),
                ],
                max_length=12,
                primary_key=True,
                serialize=False,
                verbose_name="代码",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="password_changed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="密码修改时间"),
        ),
        migrations.RunPython(add_roles, migrations.RunPython.noop),
    ]
