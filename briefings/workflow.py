"""Every write of briefings: the office drafts an issue and its articles; someone else signs it off (the
office's head, or a leader); the office issues it, which gives it its numbers (per year and overall, under a
row lock on the series, so two issues never share a number and none is skipped)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.workflow import record_event
from briefings.models import Article, Issue, IssueStatus, Series
from ducha.errors import PermissionDeniedError, WorkflowError
from organisations.scope import require_office, scope_of

EDITABLE = (IssueStatus.DRAFT,)


def _require_office(by, series: Series, what: str) -> None:
    require_office(by, series.office.region.prefix, what, office="督察办")


def _locked(issue: Issue) -> Issue:
    return Issue.objects.select_for_update().select_related("series__office__region").get(pk=issue.pk)


def _editable(issue: Issue) -> None:
    if issue.status not in EDITABLE:
        raise WorkflowError(
            f"简报当前为“{issue.get_status_display()}”，不能修改", field="status", code="transition"
        )


@transaction.atomic
def create_series(*, by, name: str, issued_before="0", main_to: str = "", copy_to: str = "") -> Series:
    """A series of the user's own office; `issued_before` continues an existing paper series' overall count."""
    if not by.has_role("office") or by.unit_id is None:
        raise PermissionDeniedError("只有督察办可以建立简报系列")
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise WorkflowError("请填写简报名称（80 字以内）", field="name")
    if not str(issued_before).strip().isdigit():
        raise WorkflowError("此前已编发期数应为非负整数", field="issued_before")
    series = Series.objects.create(
        office=by.unit,
        name=name,
        issued_before=int(issued_before),
        main_to=main_to.strip(),
        copy_to=copy_to.strip(),
    )
    record_event(series.office, by=by, action="briefing_series_created", note=name)
    return series


@transaction.atomic
def create_issue(*, by, series: Series, date=None, is_public: bool = False) -> Issue:
    _require_office(by, series, "编发简报")
    day = date or timezone.localdate()
    issue = Issue.objects.create(
        series=series, year=day.year, date=day, main_to=series.main_to, copy_to=series.copy_to,
        is_public=is_public, created_by=by,
    )  # fmt: skip
    record_event(issue, by=by, action="briefing_created", note=series.name)
    return issue


@transaction.atomic
def add_article(issue: Issue, *, by, title: str, body: str, source: str = "", generator: str = "") -> Article:
    locked = _locked(issue)
    _require_office(by, locked.series, "编辑简报")
    _editable(locked)
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise WorkflowError("请填写文章标题和正文", field="title" if not title else "body")
    if len(title) > 120:
        raise WorkflowError("标题不能超过 120 个字", field="title")
    position = (locked.articles.aggregate(n=Max("position"))["n"] or 0) + 1
    return Article.objects.create(
        issue=locked,
        position=position,
        title=title,
        body=body,
        source=(source or "").strip()[:60],
        generator=generator,
    )


@transaction.atomic
def move_article(article: Article, *, by, up: bool) -> None:
    locked = _locked(article.issue)
    _require_office(by, locked.series, "编辑简报")
    _editable(locked)
    ordered = list(locked.articles.order_by("position", "pk"))
    index = next(i for i, a in enumerate(ordered) if a.pk == article.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        Article.objects.filter(pk=item.pk).update(position=position)


@transaction.atomic
def remove_article(article: Article, *, by) -> None:
    locked = _locked(article.issue)
    _require_office(by, locked.series, "编辑简报")
    _editable(locked)
    article.delete()


@transaction.atomic
def update_recipients(issue: Issue, *, by, main_to: str, copy_to: str, is_public: bool) -> Issue:
    locked = _locked(issue)
    _require_office(by, locked.series, "编辑简报")
    _editable(locked)
    locked.main_to, locked.copy_to, locked.is_public = main_to.strip(), copy_to.strip(), is_public
    locked.save(update_fields=["main_to", "copy_to", "is_public"])
    return locked


@transaction.atomic
def submit(issue: Issue, *, by) -> Issue:
    locked = _locked(issue)
    _require_office(by, locked.series, "报送审签")
    _editable(locked)
    if not locked.articles.exists():
        raise WorkflowError("简报至少要有一篇文章", field="articles")
    if not locked.main_to.strip():
        raise WorkflowError("请填写主送", field="main_to")
    locked.status = IssueStatus.REVIEWING
    locked.save(update_fields=["status"])
    record_event(
        locked, by=by, action="briefing_submitted", from_state=IssueStatus.DRAFT, to_state=locked.status
    )
    return locked


@transaction.atomic
def sign_off(issue: Issue, *, by, approve: bool, comment: str = "") -> Issue:
    """审签: a leader or an office account other than the editor approves, or returns it for editing."""
    locked = _locked(issue)
    if not by.is_superuser:
        if not by.has_role("office", "leader") or not scope_of(by).covers(locked.series.office.region.prefix):
            raise PermissionDeniedError("只有本辖区督察办负责人或领导可以审签简报")
        if by.pk == locked.created_by_id:
            raise PermissionDeniedError("编辑人不能审签自己编辑的简报")
    if locked.status != IssueStatus.REVIEWING:
        raise WorkflowError("简报尚未报送审签", field="status", code="transition")
    if not approve and not (comment or "").strip():
        raise WorkflowError("退回修改须写明意见", field="comment")
    before = locked.status
    if approve:
        locked.status, locked.signed_by, locked.signed_at = IssueStatus.SIGNED, by, timezone.now()
    else:
        locked.status = IssueStatus.DRAFT
    locked.save(update_fields=["status", "signed_by", "signed_at"])
    record_event(locked, by=by, action="briefing_signed" if approve else "briefing_returned", from_state=before,
                 to_state=locked.status, note=(comment or "")[:200])  # fmt: skip
    return locked


@transaction.atomic
def issue_briefing(issue: Issue, *, by) -> Issue:
    """印发: numbers are given now, under a lock on the series: per year and overall, without gaps."""
    locked = _locked(issue)
    _require_office(by, locked.series, "印发简报")
    if locked.status != IssueStatus.SIGNED:
        raise WorkflowError("简报须经审签后方可印发", field="status", code="transition")
    series = Series.objects.select_for_update().get(pk=locked.series_id)
    issued = Issue.objects.filter(series=series, status=IssueStatus.ISSUED)
    before_this_year = series.paper_year_count if series.paper_year == locked.year else 0
    locked.number = (issued.filter(year=locked.year).aggregate(n=Max("number"))["n"] or before_this_year) + 1
    locked.overall = (issued.aggregate(n=Max("overall"))["n"] or series.issued_before) + 1
    locked.overall = max(locked.overall, series.issued_before + 1)
    locked.status, locked.issued_at = IssueStatus.ISSUED, timezone.now()
    locked.save(update_fields=["number", "overall", "status", "issued_at"])
    record_event(
        locked,
        by=by,
        action="briefing_issued",
        from_state=IssueStatus.SIGNED,
        to_state=locked.status,
        note=locked.label,
    )
    return locked
