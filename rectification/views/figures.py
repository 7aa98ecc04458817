"""The dashboard (ECharts) and the overdue board."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from rectification import queries


@login_required
def dashboard(request, pk):
    user = request.user
    report = queries.report_for(user, pk)
    units = queries.by_unit(report, user)
    months = queries.by_month(report, user)
    figures = queries.figures(report, user)
    charts = {
        "units": [u["lead_unit__name"] for u in units[:20]],
        "closed": [u["closed"] for u in units[:20]],
        "open": [u["open"] - u["overdue"] for u in units[:20]],
        "overdue": [u["overdue"] for u in units[:20]],
        "months": [m["month"] for m in months],
        "month_closed": [m["closed"] for m in months],
        "month_reports": [m["reports"] for m in months],
        "status": [
            {"name": "已销号", "value": figures["tasks_closed"]},
            {
                "name": "整改中（正常）",
                "value": figures["tasks_in_progress"] - figures["tasks_yellow"] - figures["tasks_red"],
            },
            {"name": "黄色预警", "value": figures["tasks_yellow"]},
            {"name": "红色预警", "value": figures["tasks_red"]},
        ],
    }
    return render(
        request,
        "rectification/dashboard.html",
        {"report": report, "figures": figures, "units": units, "charts": charts},
    )


@login_required
def board(request, pk):
    """What is overdue or lagging, worst first: overdue, red, late reports, yellow."""
    user = request.user
    report = queries.report_for(user, pk)
    sections = [
        ("overdue", "超期未完成", "due_on"),
        ("red", "红色预警", "red_from"),
        ("late", "调度迟报", "next_report_due"),
        ("yellow", "黄色预警", "yellow_from"),
    ]
    counts = queries.tab_counts(user, report)
    sections = [
        (tab, label, queries.tasks_for(user, report=report, tab=tab).order_by(order)[:100], counts[tab])
        for tab, label, order in sections
    ]
    today = timezone.localdate()
    return render(
        request,
        "rectification/board.html",
        {
            "report": report,
            "sections": sections,
            "today": today,
        },
    )
