"""The demo's accountability records, through the workflow:

- Xingtai: the closed complaints whose feedback counted people held accountable get their records, as
  the counties registered them; every fifth is missing, for 邢台市纪委监委 to find on its queue; a few are
  decided, some verified, one found insufficient.
- Ankang: the two interviews of seed 002 each lead to a record against the interviewed unit.
"""

import datetime as dt
import random

import time_machine

from demo.complaints import moment

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建军", "志强", "海燕", "立新", "国华", "晓东", "红梅", "永胜", "春林", "卫东", "秀英", "文斌"]
POSTS = [
    ("{town}分管副镇长", "township"),
    ("{town}党委委员", "township"),
    ("{county}生态环境分局副局长", "township"),
    ("{county}住建局副局长", "township"),
    ("{county}人民政府办公室副主任", "township"),
    ("{county}生态环境分局局长", "county"),
]
TOWNS = ["城关镇", "西关村所在乡", "工业园区管委会", "北环街道", "南郊镇"]


def load_accountability(*, today: dt.date, progress=print) -> int:
    """Idempotent: a second run finds the records and changes nothing."""
    from accountability.models import Record

    if Record.objects.filter(source_kind__in=["feedback", "interview"]).exists():
        return 0
    progress("问责记录 …")
    return _xingtai(today) + _ankang(today)


def _xingtai(today: dt.date) -> int:
    from accountability import workflow
    from accounts.models import User
    from complaints.models import Complaint

    discipline = User.objects.filter(username="xt_discipline").first()
    if discipline is None:
        return 0
    handlers = {u.unit_id: u for u in User.objects.filter(username__startswith="xt_", roles__code="handler")}
    rng = random.Random(1305)
    created = 0
    due = (
        Complaint.objects.filter(inspection__code="HB-2018-HTK-11", accountable_people__gt=0)
        .select_related("lead_unit__region", "region")
        .order_by("number")
    )
    for index, complaint in enumerate(due):
        if index % 5 == 4:
            continue  # left for the discipline group to find
        by = handlers.get(complaint.lead_unit_id) or discipline
        post, level = rng.choice(POSTS)
        county = complaint.region.name
        decided_on = (complaint.result_changed_at or complaint.received_at).date() - dt.timedelta(days=1)
        decided = index % 3 != 2
        with time_machine.travel(moment(min(decided_on + dt.timedelta(days=1), today), 16), tick=False):
            record = workflow.register_record(
                by=by,
                unit=complaint.lead_unit,
                person_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                post=post.format(town=rng.choice(TOWNS), county=county),
                cadre_level=level,
                reason=f"信访举报件 {complaint.number} 反映问题属实，属地监管不力，{complaint.accountability or '对相关责任人问责'}",
                form="admonition" if decided else "",
                decided_by=f"中共{county}纪律检查委员会" if decided else "",
                decided_on=decided_on if decided else None,
                document_number=f"{county[:1]}纪发〔{decided_on.year}〕{10 + index}号" if decided else "",
                source_kind="feedback",
                complaints=[complaint],
            )
        created += 1
        if decided and index % 4 == 0:
            workflow.verify_record(record, by=discipline, note="与问责决定书一致")
        elif decided and index == 1:
            workflow.reject_record(
                record, by=discipline, reason="问题属实且造成河道污染，仅诫勉谈话明显偏轻，请重新研究"
            )
    return created


def _ankang(today: dt.date) -> int:
    from accountability import workflow
    from accounts.models import User
    from rectification.models import Action, ActionKind

    office = User.objects.filter(username="ak_office").first()
    if office is None:
        return 0
    created = 0
    interviews = Action.objects.filter(
        kind=ActionKind.INTERVIEW, held_on__isnull=False, region_prefix__startswith="6109"
    ).select_related("unit__region", "task")
    for index, interview in enumerate(interviews.order_by("held_on", "pk")[:2]):
        with time_machine.travel(
            moment(min(interview.held_on + dt.timedelta(days=3), today), 10), tick=False
        ):
            workflow.register_record(
                by=office,
                unit=interview.unit,
                person_name=["陈立新", "赵永胜"][index],
                post=f"{interview.unit.name}主要负责人",
                cadre_level="county",
                reason=f"整改任务{interview.task.code if interview.task else ''}序时进度严重滞后，经约谈后仍推进缓慢",
                form="circulated" if index == 0 else "",
                decided_by="中共安康市纪律检查委员会" if index == 0 else "",
                decided_on=interview.held_on + dt.timedelta(days=2) if index == 0 else None,
                document_number="安纪通〔2018〕3号" if index == 0 else "",
                source_kind="interview",
                task=interview.task,
                interview=interview,
            )
        created += 1
    return created
