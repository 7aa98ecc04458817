"""Staff pages of loop A: queues, intake, the complaint page with its actions, batches, statistics."""

from complaints.views.announcements import batch_announcement
from complaints.views.batches import batch_action, batch_list, transfer_order
from complaints.views.detail import complaint_action, complaint_detail, reveal_reporter
from complaints.views.intake import complaint_intake, intake_hints
from complaints.views.lists import complaint_bulk, complaint_list
from complaints.views.statistics import evidence_file, receipt_scan, report_photo, statistics

__all__ = [
    "batch_action",
    "batch_announcement",
    "batch_list",
    "complaint_action",
    "complaint_bulk",
    "complaint_detail",
    "complaint_intake",
    "complaint_list",
    "evidence_file",
    "intake_hints",
    "receipt_scan",
    "report_photo",
    "reveal_reporter",
    "statistics",
    "transfer_order",
]
