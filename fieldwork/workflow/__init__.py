"""Every write of the team's own work, by stage."""

from fieldwork.workflow.gathering import (
    add_focus,
    create_request,
    link_focus,
    mark_item,
    record_interview,
    record_site_visit,
    reveal_interview,
    submit_request,
    upload_to_item,
)
from fieldwork.workflow.preparation import (
    add_meeting,
    add_member,
    add_training,
    checklist,
    draft_announcement,
    mark_attendance,
    publish_announcement,
    save_plan,
    upload_document,
)
from fieldwork.workflow.report import (
    create_report,
    deliver_report,
    record_finding,
    review_report,
    set_report_findings,
    sign_report,
    submit_report,
    transfer_finding,
)

__all__ = [
    "add_focus", "add_meeting", "add_member", "add_training", "checklist", "create_report", "create_request",
    "deliver_report", "draft_announcement", "link_focus", "mark_attendance", "mark_item", "publish_announcement",
    "record_finding", "record_interview", "record_site_visit", "reveal_interview", "review_report", "save_plan",
    "set_report_findings", "sign_report", "submit_report", "submit_request", "transfer_finding", "upload_document",
    "upload_to_item",
]  # fmt: skip
