"""The rectification API's request and response bodies."""

import datetime as dt

from ninja import Field, Schema

from rectification import workflow


class ReportIn(Schema):
    inspection: str = Field(..., examples=["SN-2017-AK-03"])
    region_code: str = Field(..., description="被督察地区的区划代码")
    title: str
    delivered_on: dt.date
    text: str = ""


class ReportOut(Schema):
    id: int
    inspection: str
    region: str
    title: str
    delivered_on: dt.date
    plan_status: str
    plan_due_on: dt.date
    plan_workdays_left: int

    @staticmethod
    def resolve_inspection(obj):
        return obj.inspection.code

    @staticmethod
    def resolve_region(obj):
        return obj.region.name

    @staticmethod
    def resolve_plan_workdays_left(obj):
        return workflow.workdays_left(obj.plan_due_on)


class ProblemIn(Schema):
    text: str
    number: int | None = Field(None, ge=1, le=100000, description="问题序号，缺省为下一个")
    category: str = ""


class ProblemOut(Schema):
    id: int
    number: int
    text: str
    category: str


class MilestoneIn(Schema):
    due_on: dt.date
    percent: int
    title: str = ""


class TaskIn(Schema):
    problem_id: int
    target: str
    measures: str = ""
    kind: str = Field("deadline", description="immediate 立行立改 / deadline 限期 / long_term 长期坚持")
    starts_on: dt.date
    due_on: dt.date | None = None
    lead_unit_id: int
    co_unit_ids: list[int] = []
    leader_person_id: int | None = None
    leader_name: str = ""
    leader_is_post: bool = Field(False, description="责任领导只写职务、未具名")
    responsible_person: str = ""
    acceptance_standard: str = ""
    sign_levels: list[str] | None = Field(None, description="county / city / province / department，依次签署")
    sign_department_id: int | None = Field(None, description="审核层级含 department 时签署的行业主管部门")
    milestones: list[MilestoneIn] = []


class TaskOut(Schema):
    id: int
    code: str
    report_id: int
    problem_number: int
    problem: str
    target: str
    measures: str
    kind: str
    starts_on: dt.date
    due_on: dt.date | None
    lead_unit: str
    co_units: list[str]
    leader_name: str
    leader_is_post: bool
    responsible_person: str
    acceptance_standard: str
    sign_levels: list[str]
    sign_level: str | None
    status: str
    status_label: str
    progress: str
    percent: int
    warning_level: str
    cycle: str
    next_report_due: dt.date | None
    report_late: bool
    notice_until: dt.date | None
    closed_on: dt.date | None
    reopened: int

    @staticmethod
    def resolve_problem_number(obj):
        return obj.problem.number

    @staticmethod
    def resolve_problem(obj):
        return obj.problem.text

    @staticmethod
    def resolve_lead_unit(obj):
        return obj.lead_unit.name

    @staticmethod
    def resolve_co_units(obj):
        return [u.name for u in obj.co_units.all()]

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class TaskFilter(Schema):
    report: int | None = None
    status: str | None = Field(
        None, description="draft / rectifying / applied / signing / notice / closed / open"
    )
    warning: str | None = Field(None, description="yellow / red")
    unit: int | None = None
    leader: int | None = None
    overdue: bool = False
    late: bool = False
    q: str | None = None


class ProgressIn(Schema):
    text: str
    percent: int = Field(..., ge=0, le=100)
    progress: str | None = Field(None, description="调度用语；缺省按序时进度计算")


class ProgressOut(Schema):
    id: int
    period_end: dt.date
    text: str
    percent: int
    progress: str
    schedule_percent: int
    late_days: int
    reported_at: dt.datetime


class WarningIn(Schema):
    level: str = Field(..., description="yellow / red")
    reason: str


class ActionOut(Schema):
    id: int
    kind: str
    kind_label: str
    task_id: int | None
    unit: str | None
    period: dt.date
    issued_on: dt.date
    reason: str
    source: str
    held_on: dt.date | None
    record: str
    series: str
    title: str
    main_to: list[str] = Field(..., description="主送")
    copy_to: list[str] = Field(..., description="抄送")
    copies: int = Field(..., description="份数")

    @staticmethod
    def resolve_main_to(obj):
        return obj.distribution()[0]

    @staticmethod
    def resolve_copy_to(obj):
        return obj.distribution()[1]

    @staticmethod
    def resolve_copies(obj):
        return obj.copy_count

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name if obj.unit_id else None


class DeadlineIn(Schema):
    due_on: dt.date
    reason: str


class ImportErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    created: int
    errors: list[ImportErrorOut]
    message: str = ""
    job: int | None = None
    job_url: str = ""


class InterviewIn(Schema):
    held_on: dt.date
    record: str


class SiteCheckIn(Schema):
    checked_on: dt.date
    inspectors: str
    record: str
    passed: bool


class SignIn(Schema):
    approved: bool
    comment: str = ""


class ObjectionOut(Schema):
    id: int
    text: str
    contact: str = Field(description="脱敏联系方式")
    status: str
    response: str
    submitted_at: dt.datetime

    @staticmethod
    def resolve_contact(obj):
        return obj.contact_masked


class ObjectionDecisionIn(Schema):
    upheld: bool
    response: str


class SpotCheckIn(Schema):
    size: int = Field(..., ge=1)
    seed: int | None = None
    title: str = ""


class SpotCheckOut(Schema):
    id: int
    title: str
    seed: int
    size: int
    pool_size: int
    task_ids: list[int]

    @staticmethod
    def resolve_task_ids(obj):
        return list(obj.items.values_list("task_id", flat=True))


class FindingIn(Schema):
    finding: str = Field(..., description="sound / superficial / fake / perfunctory / rebounded")
    note: str
    person_name: str = ""
    post: str = ""
    form: str = ""


class PublicObjectionIn(Schema):
    text: str = Field(..., max_length=2000)
    contact: str = Field("", max_length=40)
