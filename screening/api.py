"""Screening over the API: a document cleaned and read."""

from django.http import HttpRequest
from ninja import Router, Schema

from ducha.errors import PermissionDeniedError
from screening import documents

router = Router(tags=["受理研判 screening"])


class DocumentIn(Schema):
    text: str


class FigureOut(Schema):
    kind: str
    text: str


class ProblemOut(Schema):
    number: int
    text: str
    category: str


class DocumentOut(Schema):
    text: str
    suspects: list[str]
    figures: list[FigureOut]
    problems: list[ProblemOut]


@router.post(
    "/documents",
    response=DocumentOut,
    summary="文档整理：繁转简、去除拼音注音，提取数字、时限和反馈意见中的问题",
)
def read_document(request: HttpRequest, payload: DocumentIn):
    user = request.user
    if not (user.is_superuser or user.has_role("office", "team")):
        raise PermissionDeniedError("只有督察组和督察办可以使用文档整理")
    return documents.read(payload.text)
