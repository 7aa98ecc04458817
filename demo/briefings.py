"""Demo of work briefings: the two briefings the seeds are (清远市创模办《工作简报》2016年第13期（总第27期）, seed
000; 河北省委省政府环境保护督察“回头看”工作简报第12期, seed 004, in Simplified Chinese with its stray pinyin
removed), carried through the real workflow — drafted, signed off by a second account, issued and published —
and one draft of Xingtai's own with articles generated from the live figures."""

import datetime as dt
import json
from pathlib import Path

import time_machine

from demo.complaints import moment

DATA = Path(__file__).with_name("briefings.json")
SERIES = {  # key in the data file: (office account, signing account, paper year count, overall before)
    "qingyuan": ("qy_office", "qy_leader", 12, 26),
    "hebei": ("hb_office", "admin", 11, 11),
}


def load_briefings(*, today: dt.date, progress=print) -> int:
    from briefings import workflow
    from briefings.models import Series

    if Series.objects.exists():
        return 0
    progress("工作简报 …")
    from accounts.models import User

    data = json.loads(DATA.read_text(encoding="utf-8"))
    count = 0
    for key, (editor_name, signer_name, year_count, before) in SERIES.items():
        spec = data[key]
        editor = User.objects.get(username=editor_name)
        signer = (
            User.objects.filter(username=signer_name).first()
            or User.objects.filter(is_superuser=True).first()
        )
        day = dt.date.fromisoformat(spec["date"])
        series = Series.objects.create(
            office=editor.unit, name=spec["series"], issued_before=before, paper_year=spec["year"], paper_year_count=year_count,
            main_to="\n".join(spec["main_to"]), copy_to="\n".join(spec["copy_to"]),
        )  # fmt: skip
        with time_machine.travel(
            dt.datetime.combine(day, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
        ):
            issue = workflow.create_issue(by=editor, series=series, date=day, is_public=True)
            for article in spec["articles"]:
                workflow.add_article(
                    issue,
                    by=editor,
                    title=article["title"],
                    body="\n".join(article["paragraphs"]),
                    source=article["source"],
                )
            workflow.submit(issue, by=editor)
            if signer is not None and signer.pk != editor.pk:
                workflow.sign_off(issue, by=signer, approve=True)
                workflow.issue_briefing(issue, by=editor)
        count += 1
    _xingtai(today)
    return count


def _xingtai(today: dt.date) -> None:
    """Xingtai's 保障组 drafts its own issue: the complaints article generated from the live figures."""
    from accounts.models import User
    from briefings import generators, workflow
    from briefings.models import Series
    from inspections.models import Inspection

    office = User.objects.get(username="xt_office")
    inspection = Inspection.objects.filter(code="HB-2018-HTK-11").first()
    if inspection is None:
        return
    series = Series.objects.create(
        office=office.unit, name="邢台市环境保护督察“回头看”保障工作简报", main_to="市委、市政府领导同志",
        copy_to="省委、省政府环境保护督察“回头看”第十一督察组\n各县（市、区）党委、政府",
    )  # fmt: skip
    with time_machine.travel(moment(today, 9), tick=False):
        issue = workflow.create_issue(by=office, series=series, is_public=False)
        for key in ("complaint_batches", "daily_batch"):
            title, body = generators.generate(key, office, inspection)
            workflow.add_article(issue, by=office, title=title, body=body, generator=key)
