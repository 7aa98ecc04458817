"""Demo of assessment (考核):

- Qingyuan (seed 000): the city buys a third party, 华南环境科学研究所 (华南环科所), to assess its counties each
  quarter; its account scores B1 for the quarters gone by; the office computes each quarter and has
  published the third quarter's ranking, as the city's 环委会 announced its third-quarter results.
- Ankang (seed 002): rectification is part of the annual target assessment; the year's letters, red warnings
  and two interviews cost the counties the points the letters announced (扣减考核分值).
The demo's year is the current one: the seeds' dates are replayed onto today, like every other loop.
"""

import datetime as dt
import random

import time_machine

from demo.complaints import moment

QINGYUAN_COUNTIES = ["441802", "441803", "441821", "441823", "441825", "441826", "441881", "441882"]


def load_assessment(*, today: dt.date, progress=print) -> int:
    from assessments.models import Scheme

    if Scheme.objects.exists():
        return 0
    progress("考核 …")
    return _qingyuan(today) + _ankang(today)


def _qingyuan(today: dt.date) -> int:
    from accounts.models import User
    from assessments import compute, workflow
    from organisations.models import Region, Unit

    office = User.objects.get(username="qy_office")
    city = Region.objects.get(code="441800")
    for county in Region.objects.filter(code__in=QINGYUAN_COUNTIES):
        Unit.objects.get_or_create(
            region=county, name=f"{county.name}人民政府", defaults={"kind": "government"}
        )
    assessor = User.objects.get(username="qy_assessor")
    institute = assessor.unit
    year = today.year
    scheme = workflow.create_scheme(
        by=office, region=city, code=f"QY-{year}-COUNTY", name=f"清远市{year}年度县（市、区）环境保护第三方考核",
        year=year, subject_kind="county", frequency="quarterly", assessor=institute,
    )  # fmt: skip
    rng = random.Random(4418)
    b1, c1 = scheme.indicators.get(code="B1"), scheme.indicators.get(code="C1")
    done = [q for q in range(1, 5) if dt.date(year, 3 * q, 28) < today]
    for quarter in done:
        period = f"{year}Q{quarter}"
        for subject in scheme.subjects.select_related("unit"):
            workflow.enter_score(
                by=assessor, indicator=b1, subject=subject, period=period, points=rng.randint(58, 78) / 2,
                note="企业管理、扬尘治理、禁燃区管理、黑臭水体整治、违规项目清理五大领域现场评估",
            )  # fmt: skip
            workflow.enter_score(
                by=office, indicator=c1, subject=subject, period=period, points=rng.choice([6, 7, 8, 9]),
                note="按季度工作简报和创模攻坚台账评定",
            )  # fmt: skip
        compute.recompute(scheme, period)
    if done:
        last = f"{year}Q{done[-1]}"
        with time_machine.travel(
            moment(min(dt.date(year, 3 * done[-1], 28) + dt.timedelta(days=40), today), 10), tick=False
        ):
            workflow.publish(scheme, by=office, period=last)
    return scheme.subjects.count()


def _ankang(today: dt.date) -> int:
    from accounts.models import User
    from assessments import compute, workflow
    from organisations.models import Region

    office = User.objects.get(username="ak_office")
    city = Region.objects.get(code="610900")
    year = today.year
    # No third party in Ankang: the office scores environmental quality from the monitoring station's data.
    indicators = [
        ("B1", "环境质量改善（监测数据）", "manual", 40, "B", []) if spec[0] == "B1" else spec
        for spec in workflow.STANDARD
    ]
    scheme = workflow.create_scheme(
        by=office, region=city, code=f"AK-{year}-COUNTY", name=f"安康市{year}年度县区生态环境保护目标责任考核",
        year=year, subject_kind="county", frequency="annual", indicators=indicators,
    )  # fmt: skip
    rng = random.Random(6109)
    b1, c1 = scheme.indicators.get(code="B1"), scheme.indicators.get(code="C1")
    for subject in scheme.subjects.select_related("unit"):
        workflow.enter_score(by=office, indicator=b1, subject=subject, period=str(year), points=rng.randint(64, 78) / 2,
                             note="按市环境监测站年度环境质量数据评定")  # fmt: skip
        workflow.enter_score(by=office, indicator=c1, subject=subject, period=str(year), points=rng.choice([5, 6, 7, 8]),
                             note="季度考核点评")  # fmt: skip
    compute.recompute(scheme, str(year))
    return scheme.subjects.count()
