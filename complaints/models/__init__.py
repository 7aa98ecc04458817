"""Loop A: complaints received while an inspection team is stationed (信访举报件, 边督边改).

A complaint is registered, screened, placed in a numbered transfer batch, forwarded to the county,
received (phone confirmation and signed receipt), answered with feedback signed by the county's
leader, reviewed by the office and published. `Complaint.status` follows `workflow.TRANSITIONS`; the
clocks of the current step are `due_at` (the stricter local deadline, or the forwarding hour) and
`team_due_at` (the inspection team's), and the periodic sweep turns `due_state` yellow and red."""

from complaints.models.complaint import Batch, BatchStatus, Complaint, IndustryCategory, PollutionType
from complaints.models.disclosure import NumberCounter, Publication, PublishedItem
from complaints.models.feedback import Evidence, Feedback
from complaints.models.followup import ComplaintExtension, RequestState, Verification, VerificationKind
from complaints.models.joint import JointShare
from complaints.models.photos import ReportPhoto
from complaints.models.vocabulary import (
    CLOCKED,
    COUNTER_FIELDS,
    COUNTER_MAX,
    COUNTERS,
    FINISHED,
    HANDED_OVER,
    MONEY_FIELDS,
    MONEY_MAX,
    TRANSFERRED_STATUSES,
    Channel,
    DueState,
    HandlingState,
    Status,
    Verdict,
)

__all__ = [
    "CLOCKED",
    "COUNTERS",
    "COUNTER_FIELDS",
    "COUNTER_MAX",
    "FINISHED",
    "HANDED_OVER",
    "MONEY_FIELDS",
    "MONEY_MAX",
    "TRANSFERRED_STATUSES",
    "Batch",
    "BatchStatus",
    "Channel",
    "Complaint",
    "ComplaintExtension",
    "DueState",
    "Evidence",
    "Feedback",
    "HandlingState",
    "IndustryCategory",
    "JointShare",
    "NumberCounter",
    "PollutionType",
    "Publication",
    "PublishedItem",
    "ReportPhoto",
    "RequestState",
    "Status",
    "Verdict",
    "Verification",
    "VerificationKind",
]
