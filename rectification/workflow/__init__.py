"""Every change to the rectification ledger goes through here: one function per transition, atomic,
row-locked, permission-checked, and recorded as one event on the task's (or report's) timeline.

Who may do what:
- the rectification office (role `office`, region covering the row): reports, problems, tasks, the
  plan, warnings by hand, circulars (monthly and special), distribution lists, special supervisions,
  interviews, site checks, objections, spot checks, extension decisions;
- the office of the level above the report's region: approving or returning the plan (Ankang's plan
  by the province's 整改办);
- the lead unit (its `handler` and `signer` users): dispatch reports, extension requests and
  acceptance applications;
- sign-off at each level: an `office` or `signer` user whose region is of that level (县 / 市 / 省)
  and covers the task, or, for the industry level, a user of a department unit covering it;
- the public: objections during the notice window."""

from rectification.workflow.acceptance import (
    apply_for_acceptance,
    can_sign,
    close_ended_notices,
    close_task,
    handle_objection,
    record_site_check,
    sign_off,
    submit_objection,
)
from rectification.workflow.dispatch import report_progress, schedule_percent, tally_reports
from rectification.workflow.plan import (
    add_problem,
    add_task,
    approve_plan,
    change_deadline,
    create_report,
    decide_task_extension,
    default_sign_levels,
    publish_plan,
    request_task_extension,
    return_plan,
    submit_plan,
    workdays_left,
)
from rectification.workflow.spot_checks import draw_sample, draw_spot_check, record_spot_finding, reopen_task
from rectification.workflow.supervision import (
    issue_circular,
    raise_warning,
    record_interview,
    record_special_supervision,
    set_distribution,
)

__all__ = [
    "add_problem",
    "add_task",
    "apply_for_acceptance",
    "approve_plan",
    "can_sign",
    "change_deadline",
    "close_ended_notices",
    "close_task",
    "create_report",
    "decide_task_extension",
    "default_sign_levels",
    "draw_sample",
    "draw_spot_check",
    "handle_objection",
    "issue_circular",
    "publish_plan",
    "raise_warning",
    "record_interview",
    "record_site_check",
    "record_special_supervision",
    "record_spot_finding",
    "reopen_task",
    "report_progress",
    "request_task_extension",
    "return_plan",
    "schedule_percent",
    "set_distribution",
    "sign_off",
    "submit_objection",
    "submit_plan",
    "tally_reports",
    "workdays_left",
]
