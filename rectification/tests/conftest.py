import datetime as dt

import pytest
import time_machine

from rectification import workflow

DELIVERED = dt.date(2026, 9, 28)


@pytest.fixture
def freeze():
    """Travel to a day (noon, Beijing time) for the rest of the test: `freeze("2026-10-10")`."""
    travellers = []

    def to(day: str):
        while travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(dt.datetime.fromisoformat(f"{day}T12:00:00+08:00"), tick=False)
        traveller.start()
        travellers.append(traveller)

    yield to
    while travellers:
        travellers.pop().stop()


@pytest.fixture
def report(cast, make_inspection, freeze):
    freeze("2026-09-28")
    inspection = make_inspection(
        "HB-2026-XT",
        by=cast.province,
        stationed_from=dt.date(2026, 8, 1),
        stationed_until=dt.date(2026, 8, 31),
    )
    return workflow.create_report(
        by=cast.office, inspection=inspection, region=cast.xingtai, title="省督察组反馈邢台市督察意见",
        delivered_on=DELIVERED, text="共梳理问题 2 个。",
    )  # fmt: skip


@pytest.fixture
def make_task(cast, report):
    """A task of a new problem, led by county A's government, in a plan that is approved unless
    `approve=False`."""

    def make(*, starts_on=dt.date(2026, 10, 1), due_on=dt.date(2026, 12, 30), approve=True, **extra):
        problem = workflow.add_problem(report, by=cast.office, text="城区污水处理厂未按期完成提标改造")
        values = {
            "target": "12 月底前出水达到一级 A 标准",
            "lead_unit": cast.gov_a,
            "leader_name": "李副区长",
        }
        values.update(extra)
        task = workflow.add_task(problem, by=cast.office, starts_on=starts_on, due_on=due_on, **values)
        report.refresh_from_db()
        if approve and report.plan_status == "drafting":
            workflow.submit_plan(report, by=cast.office)
            workflow.approve_plan(report, by=cast.province)
        task.refresh_from_db()
        return task

    return make
