from django.db import migrations

# The wordings of generated articles; an office edits them in admin. Placeholders are listed in
# briefings/generators.py beside the figures that fill them.
TEMPLATES = [
    ("complaint_batches", "信访件转办情况", "{city}高效转办督察组交办信访问题",
     "截至{date}，{city}共收到督察组转办信访问题{batches}批{complaints}个，已全部第一时间转有关县（市、区）和责任单位整改；"
     "已办结{closed}个，阶段性办结{stage_closed}个，正在办理{open}个，逾期未反馈{overdue}个。"),
    ("daily_batch", "当日交办批次", "督察组交办第{number}批信访举报件",
     "{date}，督察组交办第{number}批信访举报件{count}件，涉及{regions}；已转办{forwarded}件，已签收{received}件。"
     "按要求，各承办单位须在{deadline}前反馈查处整改情况。"),
    ("rectification_progress", "整改进展", "{title}整改工作进展情况",
     "截至{date}，{title}梳理出的{problems}个问题，已完成{done}个，正在整改{open}个；{tasks}项整改任务中已销号{closed}项，"
     "超期{overdue}项；累计下发黄色预警{yellow}份、红色预警{red}份、督办函{letters}份，约谈{interviews}次。"),
    ("accountability_totals", "责任追究情况", "{region}责任追究情况",
     "截至{date}，{region}共对{total}人进行问责，其中{by_form}；已作出问责决定{decided}人，经纪委监委核实{verified}人。"),
]


def add(apps, schema_editor):
    Template = apps.get_model("briefings", "ArticleTemplate")
    for key, name, title, body in TEMPLATES:
        Template.objects.get_or_create(key=key, defaults={"name": name, "title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("briefings", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
