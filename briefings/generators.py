"""Articles generated from ducha's live figures through editable templates (ArticleTemplate). Each
generator computes its figures with SQL aggregates over what the user may see, then fills the template's
{placeholders}; a template naming an unknown placeholder is refused with the name."""

from django.db.models import Count, Q
from django.utils import timezone

from ducha.errors import WorkflowError

LABELS = {
    "complaint_batches": "信访件转办情况（按督察）",
    "daily_batch": "当日交办批次（按督察）",
    "rectification_progress": "整改进展（按反馈意见）",
    "accountability_totals": "责任追究情况（本辖区）",
    "field_findings": "现场检查发现问题（按督察）",
}


def _date() -> str:
    day = timezone.localdate()
    return f"{day.year}年{day.month}月{day.day}日"


def complaint_batches(user, inspection) -> dict:
    from complaints.models import FINISHED, Complaint, Status

    rows = Complaint.objects.visible_to(user).filter(inspection=inspection, batch__isnull=False)
    figures = rows.aggregate(
        complaints=Count("pk"),
        batches=Count("batch", distinct=True),
        closed=Count("pk", filter=Q(status__in=FINISHED)),
        stage_closed=Count("pk", filter=Q(status=Status.STAGE_CLOSED)),
        overdue=Count("pk", filter=Q(due_state="overdue")),
    )
    figures["open"] = figures["complaints"] - figures["closed"] - figures["stage_closed"]
    region = user.unit.region.name if user.unit_id else ""
    return {**figures, "city": region, "date": _date()}


def daily_batch(user, inspection) -> dict:
    from complaints.models import Batch, Complaint

    batch = Batch.objects.filter(inspection=inspection, status="issued").order_by("-issued_at").first()
    if batch is None:
        raise WorkflowError("该督察还没有交办批次", field="inspection")
    rows = Complaint.objects.visible_to(user).filter(batch=batch)
    regions = list(rows.values_list("region__name", flat=True).distinct().order_by("region__name")[:20])
    deadline = (
        rows.exclude(local_due_at=None)
        .order_by("local_due_at")
        .values_list("local_due_at", flat=True)
        .first()
    )
    local = timezone.localtime(deadline) if deadline else None
    issued = timezone.localtime(batch.issued_at)
    return {
        "number": batch.number, "count": rows.count(), "regions": "、".join(regions) or "—",
        "forwarded": rows.exclude(forwarded_at=None).count(), "received": rows.exclude(received_at_county=None).count(),
        "deadline": f"{local.month}月{local.day}日{local:%H:%M}" if local else "规定时限",
        "date": f"{issued.year}年{issued.month}月{issued.day}日",
    }  # fmt: skip


def rectification_progress(user, report) -> dict:
    from rectification import queries

    totals = queries.figures(report, user)
    return {
        "title": report.title, "date": _date(), "problems": totals["problems"], "done": totals["problems_done"],
        "open": totals["problems_open"], "tasks": totals["tasks"], "closed": totals["tasks_closed"],
        "overdue": totals["tasks_overdue"], "yellow": totals["warnings_yellow"], "red": totals["warnings_red"],
        "letters": totals["actions_letter"], "interviews": totals["actions_interview"],
    }  # fmt: skip


def accountability_totals(user, _subject=None) -> dict:
    from accountability import queries

    figures = queries.figures(user)
    by_form = "、".join(f"{row['name']}{row['value']}人" for row in figures["by_form"]) or "暂无"
    totals = figures["totals"]
    region = user.unit.region.name if user.unit_id else "全省"
    return {"region": region, "date": _date(), "total": totals["total"], "decided": totals["decided"],
            "verified": totals["verified"], "by_form": by_form}  # fmt: skip


def field_findings(user, inspection) -> dict:
    from fieldchecks.models import CheckKind, FieldCheck, Problem

    checks = FieldCheck.objects.visible_to(user).filter(inspection=inspection)
    problems = Problem.objects.filter(site__field_check__in=checks)
    by_type = problems.values("kind__name").annotate(n=Count("pk")).order_by("-n", "kind__name")
    labels = dict(CheckKind.choices)
    ways = [str(labels[k]) for k in checks.values_list("kind", flat=True).distinct().order_by("kind")]
    return {
        "date": _date(), "checks": checks.count(), "ways": "、".join(ways) or "现场检查",
        "sites": checks.aggregate(n=Count("sites"))["n"], "problems": problems.count(),
        "kinds": "、".join(f"{r['kind__name']}{r['n']}个" for r in by_type) or "无",
        "transferred": problems.exclude(complaint=None).count(), "letters": checks.exclude(letter_number="").count(),
    }  # fmt: skip


GENERATORS = {
    "complaint_batches": complaint_batches,
    "daily_batch": daily_batch,
    "rectification_progress": rectification_progress,
    "accountability_totals": accountability_totals,
    "field_findings": field_findings,
}


def generate(key: str, user, subject) -> tuple[str, str]:
    """(title, body) of a generated article."""
    from briefings.models import ArticleTemplate

    if key not in GENERATORS:
        raise WorkflowError("未知的生成方式", field="generator")
    template = ArticleTemplate.objects.filter(key=key).first()
    if template is None:
        raise WorkflowError("该文章模板已被删除，请在后台恢复", field="generator")
    figures = GENERATORS[key](user, subject)
    try:
        return template.title.format_map(figures), template.body.format_map(figures)
    except (KeyError, ValueError, IndexError) as error:
        raise WorkflowError(f"文章模板“{template.name}”中的占位符有误：{error}", field="generator") from None
