"""Warnings, letters, interviews and circulars; and the public's objections."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Header, Status
from ninja.pagination import paginate

from ducha.official import respond
from ducha.pagination import Pages
from rectification import documents, queries, workflow
from rectification.api.base import public_router, router
from rectification.api.schemas import ActionOut, InterviewIn, PublicObjectionIn
from rectification.models import Action, TaskStatus

# --- actions ------------------------------------------------------------------------------------


@router.get(
    "/actions", response=list[ActionOut], summary="预警通知、督办函、约谈、通报（可按单位与月份查询）"
)
@paginate(Pages)
def list_actions(
    request: HttpRequest, kind: str | None = None, unit: int | None = None, period: dt.date | None = None
):
    rows = queries.actions_for(request.user, kind=kind)
    if unit:
        rows = rows.filter(unit_id=unit)
    if period:
        rows = rows.filter(period=period.replace(day=1))
    return rows


@router.post("/actions/{action_id}/interview", response=ActionOut, summary="记录约谈")
def interview(request: HttpRequest, action_id: int, payload: InterviewIn):
    action = get_object_or_404(queries.actions_for(request.user), pk=action_id)
    return workflow.record_interview(action, by=request.user, held_on=payload.held_on, record=payload.record)


@router.get("/actions/{action_id}/document", summary="下载文书（Word）", response={200: None})
def action_document(request: HttpRequest, action_id: int):
    action: Action = get_object_or_404(queries.actions_for(request.user), pk=action_id)
    return respond(documents.action_document(action), request)


# --- public -------------------------------------------------------------------------------------


@public_router.post(
    "/rectification/tasks/{task_id}/objections", response={201: dict}, summary="对公示中的整改任务提出异议"
)
def public_objection(
    request: HttpRequest,
    task_id: int,
    payload: PublicObjectionIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    from rectification.models import Task

    task = get_object_or_404(Task, pk=task_id, status=TaskStatus.NOTICE)
    objection = workflow.submit_objection(
        task, text=payload.text, contact=payload.contact, key=idempotency_key
    )
    return Status(201, {"id": objection.pk, "status": objection.status})
