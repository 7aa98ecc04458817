"""API of briefings: the issues a user may see, with their articles; public issues for everyone."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from briefings.models import Issue
from ducha.pagination import Pages

router = Router(tags=["工作简报 briefings"])


class ArticleOut(Schema):
    title: str
    body: str
    source: str
    generator: str


class IssueOut(Schema):
    id: int
    series: str
    label: str
    year: int
    number: int | None
    overall: int | None
    date: dt.date
    status: str
    is_public: bool
    main_to: list[str]
    copy_to: list[str]
    articles: list[ArticleOut]

    @staticmethod
    def resolve_series(obj):
        return obj.series.name

    @staticmethod
    def resolve_main_to(obj):
        return [line for line in obj.main_to.splitlines() if line.strip()]

    @staticmethod
    def resolve_copy_to(obj):
        return [line for line in obj.copy_to.splitlines() if line.strip()]

    @staticmethod
    def resolve_articles(obj):
        return list(obj.articles.order_by("position", "pk"))


@router.get("/issues", response=list[IssueOut], summary="简报（本辖区）")
@paginate(Pages)
def list_issues(request: HttpRequest):
    return (
        Issue.objects.visible_to(request.user)
        .select_related("series")
        .order_by("-year", "-overall", "-created_at")
    )


@router.get("/issues/{int:pk}", response=IssueOut, summary="一期简报及其文章")
def get_issue(request: HttpRequest, pk: int):
    return get_object_or_404(Issue.objects.visible_to(request.user).select_related("series"), pk=pk)
