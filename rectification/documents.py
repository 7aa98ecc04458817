"""Documents of the rectification loop in the official format (ducha.official): warning notice (预警通知),
supervision letter (督办函), interview notice (约谈通知), circular (通报) and the monthly dispatch report
(月度调度情况), each as Word and PDF."""

from django.db.models import Count, Q
from django.utils import timezone

from ducha.official import OfficialDocument
from organisations.queries import discipline_name
from rectification import queries
from rectification.models import Action, ActionKind, FeedbackReport, ProgressReport, Task, TaskStatus

ABBREVIATION = {
    ActionKind.YELLOW: "预警",
    ActionKind.RED: "预警",
    ActionKind.LETTER: "督办",
    ActionKind.INTERVIEW: "约谈",
    ActionKind.CIRCULAR: "通报",
}


def office_name(report: FeedbackReport) -> str:
    return report.inspection.office.name if report.inspection.office_id else f"{report.region.name}整改办"


def document_number(action: Action) -> str:
    prefix = action.report.region.name[:2]
    return f"{prefix}整改{ABBREVIATION[action.kind]}〔{action.issued_on.year}〕{action.serial}号"


TITLES = {
    ActionKind.YELLOW: "整改工作预警通知（黄色）",
    ActionKind.RED: "整改工作预警通知（红色）",
    ActionKind.LETTER: "整改工作督办函",
    ActionKind.INTERVIEW: "整改工作约谈通知",
}
ASKS = {
    ActionKind.YELLOW: "请你单位高度重视，认真分析滞后原因，采取有效措施加快推进，确保按期完成整改，并于 5 个工作日内将整改推进情况书面报送整改办。",
    ActionKind.RED: "该任务已无法按期完成或严重滞后，请你单位主要负责同志亲自研究部署，制定倒排工期计划，每周报送一次进展。整改办将按规定约谈你单位主要负责人，并纳入年度目标责任考核。",
    ActionKind.LETTER: "鉴于该任务已累计两次黄色预警，现专函督办。请你单位于 10 个工作日内书面报告整改推进情况、存在问题及下一步措施；逾期未改的，将提请约谈并扣减考核分值。",
    ActionKind.INTERVIEW: "请你单位主要负责人按整改办通知的时间、地点接受约谈，并提交整改不力原因分析和整改承诺。",
}


def action_document(action: Action) -> OfficialDocument:
    """A warning notice, supervision letter, interview notice or circular."""
    report = action.report
    office = office_name(report)
    number = document_number(action)
    if action.kind == ActionKind.CIRCULAR:
        return circular(action, office, number)
    task = action.task
    main, copy = action.distribution()
    doc = OfficialDocument(
        issuer=office, number=number, title=action.title or TITLES[action.kind], date=action.issued_on,
        addressees=main, cc=copy,
    )  # fmt: skip
    doc.p(
        f"根据整改台账调度情况，你单位牵头的“{report.title}”第 {task.problem.number} 项问题整改任务（{task.code}）"
        f"{action.reason}。该任务整改目标为：{task.target}"
    )
    due = f"{task.due_on:%Y年%m月%d日}" if task.due_on else "长期坚持"
    doc.p(
        f"完成时限：{due}；目前报送完成比例 {task.percent}%，进展状态“{task.get_progress_display()}”"
        f"；责任领导：{task.leader_display}；责任人：{task.responsible_person or '—'}。"
    )
    doc.p(ASKS[action.kind])
    return doc


def circular(action: Action, office: str, number: str) -> OfficialDocument:
    report = action.report
    period = action.period
    main, copy = action.distribution()
    title = action.title or f"关于{period.year}年{period.month}月督察整改工作进展情况的通报"
    doc = OfficialDocument(
        issuer=office, number=number, title=title, date=action.issued_on, addressees=main, cc=copy,
    )  # fmt: skip
    totals = queries.figures(report)
    doc.p(
        f"截至{action.issued_on:%Y年%m月%d日}，{report.title}梳理出的 {totals['problems']} 个问题中，"
        f"已完成整改 {totals['problems_done']} 个，正在整改 {totals['problems_open']} 个；"
        f"{totals['tasks']} 项整改任务已销号 {totals['tasks_closed']} 项，超期 {totals['tasks_overdue']} 项，"
        f"黄色预警 {totals['tasks_yellow']} 项，红色预警 {totals['tasks_red']} 项，未按时报送调度 {totals['reports_late']} 项。"
    )
    if action.series == "special" and action.reason:
        doc.p(action.reason)
    doc.h("一、整改滞后单位" if action.series == "monthly" else "一、被通报单位")
    rows = (
        Task.objects.filter(
            report=report, lead_unit__in=action.listed_units.all(), status=TaskStatus.RECTIFYING
        )
        .values("lead_unit__name")
        .annotate(
            yellow=Count("pk", filter=Q(warning_level="yellow")),
            red=Count("pk", filter=Q(warning_level="red")),
            late=Count("pk", filter=Q(report_late=True)),
        )
        .order_by("-red", "-yellow", "lead_unit__name")
    )
    doc.table(
        ("单位", "红色预警", "黄色预警", "迟报调度"),
        [(r["lead_unit__name"], r["red"], r["yellow"], r["late"]) for r in rows],
    )
    doc.h("二、有关要求")
    doc.p(
        "被通报单位要认真查找原因，逐项制定措施，确保按期完成整改任务；整改办将持续跟踪督办，"
        "对整改不力的单位和个人依规依纪追究责任。"
    )
    return doc


def monthly_report(report: FeedbackReport, month, user) -> OfficialDocument:
    """The month's dispatch report as `user` may see it: totals, the table by unit, and each report filed that
    month on the tasks visible to them. Dated the day it is produced."""
    city = report.region.name
    doc = OfficialDocument(
        issuer=office_name(report), title=f"{report.title}整改工作{month.year}年{month.month}月调度情况",
        date=timezone.localdate(), addressees=[f"{city}委", f"{city}人民政府"],
        cc=[discipline_name(report.region), f"{city}委组织部"],
    )  # fmt: skip
    totals = queries.figures(report, user)
    doc.p(
        f"{totals['problems']} 个问题，已完成 {totals['problems_done']} 个，正在整改 {totals['problems_open']} 个；"
        f"任务 {totals['tasks']} 项，已销号 {totals['tasks_closed']} 项，整改中 {totals['tasks_in_progress']} 项，"
        f"超期 {totals['tasks_overdue']} 项；累计下发黄色预警 {totals['warnings_yellow']} 份、红色预警 {totals['warnings_red']} 份、"
        f"督办函 {totals['actions_letter']} 份，约谈 {totals['actions_interview']} 次，通报 {totals['actions_circular']} 期。"
    )
    doc.h("一、各单位进展")
    doc.table(
        ("牵头单位", "任务", "已销号", "整改中", "超期", "预警（黄/红）"),
        [
            (
                r["lead_unit__name"],
                r["total"],
                r["closed"],
                r["open"],
                r["overdue"],
                f"{r['yellow']}/{r['red']}",
            )
            for r in queries.by_unit(report, user)
        ],
    )
    doc.h("二、本月调度报送情况")
    reports = (
        ProgressReport.objects.filter(
            task__in=queries.tasks_for(user, report=report),
            period_end__year=month.year,
            period_end__month=month.month,
        )
        .select_related("task__lead_unit")
        .order_by("task__problem__number", "task_id")
    )
    for item in reports.iterator(chunk_size=500):
        late = f"（迟报 {item.late_days} 天）" if item.late_days else ""
        doc.p(
            f"{item.task.code} {item.task.lead_unit.name}：{item.text}（完成 {item.percent}%，序时 {item.schedule_percent}%，"
            f"{item.get_progress_display()}）{late}"
        )
    return doc
