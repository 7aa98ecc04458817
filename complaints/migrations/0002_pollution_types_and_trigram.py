"""Seed the two-level pollution-type dictionary (DOMAIN.md) and, on PostgreSQL, the pg_trgm
extension with a GIN index on complaint text for duplicate suggestions."""

from django.db import migrations

# Level 1 as central teams publish it; level 2 the sub-types seen in the seeds' disclosure tables.
POLLUTION_TYPES = [
    ("水", ["工业废水", "生活污水", "黑臭水体", "饮用水源", "畜禽养殖", "海洋"]),
    ("大气", ["扬尘", "油烟", "恶臭", "工业废气", "燃煤", "秸秆焚烧", "挥发性有机物"]),
    ("土壤", ["固废", "重金属", "危险废物", "尾矿库"]),
    ("生态", ["非法采砂", "自然保护区", "毁林开荒", "建设项目"]),
    ("噪声", ["工业噪声", "施工噪声", "社会生活噪声"]),
    ("辐射", ["电磁辐射", "放射源"]),
    ("其他", ["垃圾", "其他"]),
]


def seed(apps, schema_editor):
    PollutionType = apps.get_model("complaints", "PollutionType")
    for position, (name, children) in enumerate(POLLUTION_TYPES, start=1):
        parent, _ = PollutionType.objects.get_or_create(parent=None, name=name, defaults={"position": position})
        for child_position, child in enumerate(children, start=1):
            PollutionType.objects.get_or_create(parent=parent, name=child, defaults={"position": child_position})


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS complaint_text_trgm ON complaints_complaint USING gin (text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS complaint_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
