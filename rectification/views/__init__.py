"""Staff pages of loop B: the ledger (by problem, unit, leader), the report and its plan, the task
page with every step, the overdue board, the dashboard, documents and exports."""

from rectification.views.actions import (
    action_distribution,
    action_document,
    action_list,
    interview,
    report_attachment,
    spot_check_detail,
    task_file,
)
from rectification.views.figures import board, dashboard
from rectification.views.ledger import ledger, report_list
from rectification.views.reports import export_ledger, monthly_report, report_action, report_detail
from rectification.views.tasks import task_action, task_detail

__all__ = [
    "action_distribution",
    "action_document",
    "action_list",
    "board",
    "dashboard",
    "export_ledger",
    "interview",
    "ledger",
    "monthly_report",
    "report_action",
    "report_attachment",
    "report_detail",
    "report_list",
    "spot_check_detail",
    "task_action",
    "task_detail",
    "task_file",
]
