"""Labels and helpers the rectification pages share."""

from django.shortcuts import get_object_or_404

from rectification import queries
from rectification.models import (
    PlanStatus,
    Progress,
    TaskStatus,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTION_LABELS = {
    "report_created": "登记督察反馈意见",
    "problem_added": "登记问题",
    "ledger_imported": "导入整改台账",
    "task_created": "制定整改任务",
    "task_imported": "整改台账导入",
    "plan_submitted": "报送整改方案",
    "plan_returned": "退回整改方案",
    "plan_approved": "审定整改方案",
    "plan_published": "公开整改方案",
    "deadline_changed": "调整完成时限",
    "progress_reported": "报送调度情况",
    "warning_yellow": "黄色预警",
    "warning_red": "红色预警",
    "warning_lifted": "预警解除",
    "interview_held": "约谈",
    "circular_issued": "印发通报",
    "acceptance_applied": "申请验收销号",
    "site_check_passed": "现场核查通过",
    "site_check_failed": "现场核查未通过",
    "signoff_approved": "审核同意",
    "signoff_rejected": "审核不同意，退回整改",
    "objection_submitted": "公众提出异议",
    "objection_upheld": "异议成立，退回整改",
    "objection_dismissed": "异议不成立",
    "closed": "销号",
    "spot_check_drawn": "抽取抽查任务",
    "spot_check_sound": "抽查：整改到位",
    "reopened": "抽查不到位，重新整改",
    "accountability_opened": "启动问责",
}
STATE_LABELS = {
    **dict(TaskStatus.choices),
    **dict(PlanStatus.choices),
    **dict(Progress.choices),
    "yellow": "黄色预警",
    "red": "红色预警",
}


def _labelled(events) -> list:
    events = list(events)
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.from_label = STATE_LABELS.get(event.from_state, event.from_state)
        event.to_label = STATE_LABELS.get(event.to_state, event.to_state)
    return events


def _is_office(user) -> bool:
    return user.is_superuser or user.has_role("office")


def _report_or_default(request):
    reports = queries.reports_for(request.user)
    pk = request.GET.get("report") or ""
    if pk.isdigit():
        return get_object_or_404(reports, pk=int(pk))
    return reports.first()
