"""Every write to complaints: intake, screening, batches, forwarding, receipt, feedback, review,
publication and the public's rating. One function per transition; each locks its rows, checks
`TRANSITIONS` and the actor's role, writes one event per complaint and queues messages on commit."""

from complaints.workflow.base import TRANSITIONS
from complaints.workflow.disclosure import publish_batch, rate_complaint
from complaints.workflow.feedback import (
    accept_feedback,
    add_evidence,
    decline_feedback,
    format_delay,
    return_feedback,
    sign_feedback,
    submit_feedback,
)
from complaints.workflow.followup import (
    decide_extension,
    record_verification,
    request_extension,
    start_acceptance,
)
from complaints.workflow.intake import (
    allocate_serials,
    check_intake_rights,
    format_number,
    may_reveal_reporter,
    new_tracking_code,
    register_complaint,
    reveal_reporter,
)
from complaints.workflow.joint import answer_joint_part, sync_shares
from complaints.workflow.rebound import answer_rebound, reopen_complaint, report_rebound
from complaints.workflow.receipt import (
    _is_county_leader,
    check_upload,
    confirm_batch_by_phone,
    confirm_by_phone,
    correct_phone_confirmation,
    sign_receipt,
    upload_receipt_scan,
    urge_complaints,
)
from complaints.workflow.screening import (
    accept_complaint,
    classify_complaint,
    default_lead_unit,
    mark_duplicate,
    reject_complaint,
)
from complaints.workflow.transfer import (
    add_to_batch,
    create_batch,
    forward_complaints,
    issue_batch,
    remove_from_batch,
)

__all__ = [
    "TRANSITIONS",
    "_is_county_leader",
    "accept_complaint",
    "accept_feedback",
    "add_evidence",
    "add_to_batch",
    "allocate_serials",
    "answer_joint_part",
    "answer_rebound",
    "check_intake_rights",
    "check_upload",
    "classify_complaint",
    "confirm_batch_by_phone",
    "confirm_by_phone",
    "correct_phone_confirmation",
    "create_batch",
    "decide_extension",
    "decline_feedback",
    "default_lead_unit",
    "format_delay",
    "format_number",
    "forward_complaints",
    "issue_batch",
    "mark_duplicate",
    "may_reveal_reporter",
    "new_tracking_code",
    "publish_batch",
    "rate_complaint",
    "record_verification",
    "register_complaint",
    "reject_complaint",
    "remove_from_batch",
    "reopen_complaint",
    "report_rebound",
    "request_extension",
    "return_feedback",
    "reveal_reporter",
    "sign_feedback",
    "sign_receipt",
    "start_acceptance",
    "submit_feedback",
    "sync_shares",
    "upload_receipt_scan",
    "urge_complaints",
]
