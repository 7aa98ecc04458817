"""Loop B, the rectification ledger (整改台账): feedback report → problems → plan with tasks →
dispatch → warnings and supervision → staged acceptance with public notice → closure → spot checks.

A task carries its own clock in plain columns so that the periodic sweep is a handful of
conditional UPDATEs: `next_report_due` (the dispatch cycle), `yellow_from` and `red_from` (the first
day on which the task falls behind its schedule line by the yellow or red margin, recomputed in
Python whenever its progress, schedule or milestones change), and `notice_until` (the public
notice window). Scope is the lead unit's region prefix, copied onto the task."""

from rectification.models.acceptance import Acceptance, AcceptanceStatus, Objection, ObjectionStatus, SignOff
from rectification.models.dispatch import DispatchTally, ProgressReport, TaskFile
from rectification.models.extensions import TaskExtension
from rectification.models.ledger import FeedbackReport, Milestone, Problem, Task
from rectification.models.spot_checks import (
    FAILED_FINDINGS,
    Finding,
    SpotCheck,
    SpotCheckItem,
    first_of_month,
)
from rectification.models.supervision import Action, ActionKind, Series, SpecialSupervision, copies_sum
from rectification.models.vocabulary import (
    OPEN_STATUSES,
    Cycle,
    PlanStatus,
    Progress,
    SignLevel,
    TaskKind,
    TaskStatus,
    WarningLevel,
)

__all__ = [
    "FAILED_FINDINGS",
    "OPEN_STATUSES",
    "Acceptance",
    "AcceptanceStatus",
    "Action",
    "ActionKind",
    "Cycle",
    "DispatchTally",
    "FeedbackReport",
    "Finding",
    "Milestone",
    "Objection",
    "ObjectionStatus",
    "PlanStatus",
    "Problem",
    "Progress",
    "ProgressReport",
    "Series",
    "SignLevel",
    "SignOff",
    "SpecialSupervision",
    "SpotCheck",
    "SpotCheckItem",
    "Task",
    "TaskExtension",
    "TaskFile",
    "TaskKind",
    "TaskStatus",
    "WarningLevel",
    "copies_sum",
    "first_of_month",
]
