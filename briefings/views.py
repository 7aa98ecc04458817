"""Pages of briefings: the series and issues, the issue editor (articles by hand or generated, recipients,
審签 and 印发), Word and PDF, and the public issues on the portal."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from briefings import documents, generators, workflow
from briefings.models import Article, Issue, IssueStatus, Series
from ducha.official import respond
from ducha.pages import attempt


@login_required
def issue_list(request):
    user = request.user
    series = Series.objects.visible_to(user).select_related("office")
    if request.method == "POST" and request.POST.get("new_series"):
        attempt(request, lambda: workflow.create_series(
            by=user, name=request.POST.get("name", ""), issued_before=request.POST.get("issued_before", "0"),
            main_to=request.POST.get("main_to", ""), copy_to=request.POST.get("copy_to", ""),
        ), done="已建立简报系列")  # fmt: skip
        return redirect("briefings")
    if request.method == "POST":
        chosen = get_object_or_404(series, pk=request.POST.get("series") or 0)
        issue = attempt(
            request,
            lambda: workflow.create_issue(
                by=user, series=chosen, is_public=bool(request.POST.get("is_public"))
            ),
            done="已新建简报",
        )
        if issue is not None:
            return redirect("briefing", issue.pk)
    issues = (
        Issue.objects.visible_to(user)
        .select_related("series")
        .order_by("-year", "-overall", "-created_at")[:100]
    )
    return render(
        request,
        "briefings/list.html",
        {"series": series, "issues": issues, "is_office": user.has_role("office")},
    )


def _subjects(user):
    from inspections.models import Inspection
    from rectification.models import FeedbackReport

    return {
        "inspections": Inspection.objects.visible_to(user).order_by("-stationed_from")[:50],
        "reports": FeedbackReport.objects.visible_to(user).select_related("region")[:50],
    }


@login_required
def issue_detail(request, pk):
    user = request.user
    issue = get_object_or_404(
        Issue.objects.visible_to(user).select_related("series__office__region", "signed_by", "created_by"),
        pk=pk,
    )
    if request.GET.get("format") in ("docx", "pdf"):
        return respond(documents.document(issue), request)
    return render(
        request,
        "briefings/issue.html",
        {
            "issue": issue, "articles": issue.articles.order_by("position", "pk"),
            "editable": issue.status == IssueStatus.DRAFT and user.has_role("office"),
            "may_sign": issue.status == IssueStatus.REVIEWING and user.has_role("office", "leader") and user.pk != issue.created_by_id,
            "may_issue": issue.status == IssueStatus.SIGNED and user.has_role("office"),
            "generators": generators.LABELS, **_subjects(user),
        },
    )  # fmt: skip


@login_required
@require_POST
def issue_action(request, pk, action):
    user = request.user
    issue = get_object_or_404(Issue.objects.visible_to(user), pk=pk)
    data = request.POST
    if action == "article":
        attempt(request, lambda: workflow.add_article(
            issue, by=user, title=data.get("title", ""), body=data.get("body", ""), source=data.get("source", "")
        ), done="已添加文章")  # fmt: skip
    elif action == "generate":
        key = data.get("generator", "")
        subject = _generator_subject(user, key, data)

        def generated():
            title, body = generators.generate(key, user, subject)
            return workflow.add_article(issue, by=user, title=title, body=body, generator=key)

        attempt(request, generated, done="已根据系统数据生成文章，可在 Word 中继续修改")
    elif action in ("up", "down", "remove"):
        article = get_object_or_404(Article.objects.filter(issue=issue), pk=data.get("article") or 0)
        if action == "remove":
            attempt(request, lambda: workflow.remove_article(article, by=user), done="已删除文章")
        else:
            attempt(
                request, lambda: workflow.move_article(article, by=user, up=action == "up"), done="已调整顺序"
            )
    elif action == "recipients":
        attempt(request, lambda: workflow.update_recipients(
            issue, by=user, main_to=data.get("main_to", ""), copy_to=data.get("copy_to", ""), is_public=bool(data.get("is_public"))
        ), done="已保存")  # fmt: skip
    elif action == "submit":
        attempt(request, lambda: workflow.submit(issue, by=user), done="已报送审签")
    elif action in ("approve", "return"):
        attempt(
            request,
            lambda: workflow.sign_off(
                issue, by=user, approve=action == "approve", comment=data.get("comment", "")
            ),
            done="已审签" if action == "approve" else "已退回修改",
        )
    elif action == "issue":
        attempt(request, lambda: workflow.issue_briefing(issue, by=user), done="已印发")
    else:
        raise PermissionDenied("未知操作")
    return redirect("briefing", issue.pk)


def _generator_subject(user, key: str, data):
    from inspections.models import Inspection
    from rectification.models import FeedbackReport

    if key in ("complaint_batches", "daily_batch"):
        return get_object_or_404(Inspection.objects.visible_to(user), pk=data.get("inspection") or 0)
    if key == "rectification_progress":
        return get_object_or_404(FeedbackReport.objects.visible_to(user), pk=data.get("report") or 0)
    return None


def public_list(request):
    issues = (
        Issue.objects.filter(is_public=True, status=IssueStatus.ISSUED)
        .select_related("series__office")
        .order_by("-issued_at")[:50]
    )
    return render(request, "portal/briefings.html", {"issues": issues})


def public_issue(request, pk):
    issue = get_object_or_404(
        Issue.objects.filter(is_public=True, status=IssueStatus.ISSUED).select_related("series__office"),
        pk=pk,
    )
    if request.GET.get("format") in ("docx", "pdf"):
        return respond(documents.document(issue), request)
    return render(
        request,
        "portal/briefing.html",
        {"issue": issue, "articles": issue.articles.order_by("position", "pk")},
    )
