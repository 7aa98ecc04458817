"""Feedback and review: submit, evidence, sign, decline, accept, return."""

from django.http import HttpRequest
from ninja import File, Status, UploadedFile

from complaints import workflow
from complaints.api.base import _detail, router
from complaints.api.schemas import ComplaintOut, FeedbackIn, FeedbackOut, NoteIn, ReasonIn

# --- feedback and review ------------------------------------------------------------------------


@router.post("/{int:pk}/feedback", response={201: FeedbackOut}, summary="填报反馈（承办单位）")
def submit_feedback(request: HttpRequest, pk: int, payload: FeedbackIn):
    feedback = workflow.submit_feedback(
        _detail(request, pk),
        by=request.user,
        findings=payload.findings,
        verdict=payload.verdict,
        measures=payload.measures,
        accountability=payload.accountability,
        handling_state=payload.handling_state,
        counters=payload.counters,
        correction=payload.correction,
    )
    return Status(201, feedback)


@router.post(
    "/{int:pk}/feedback/evidence",
    response=list[str],
    summary="上传佐证材料（jpg/png/pdf/docx/xlsx/mp4，≤20 MB）",
)
def add_evidence(request: HttpRequest, pk: int, files: File[list[UploadedFile]]):
    return [e.name for e in workflow.add_evidence(_detail(request, pk), by=request.user, files=files)]


@router.post("/{int:pk}/feedback/sign", response=FeedbackOut, summary="领导签字并报送")
def sign_feedback(request: HttpRequest, pk: int):
    return workflow.sign_feedback(_detail(request, pk), by=request.user)


@router.post("/{int:pk}/feedback/decline", response=FeedbackOut, summary="领导退回承办人修改")
def decline_feedback(request: HttpRequest, pk: int, payload: ReasonIn):
    return workflow.decline_feedback(_detail(request, pk), by=request.user, reason=payload.reason)


@router.post("/{int:pk}/feedback/accept", response=ComplaintOut, summary="审核通过（督察办）")
def accept_feedback(request: HttpRequest, pk: int, payload: NoteIn):
    workflow.accept_feedback(_detail(request, pk), by=request.user, note=payload.note)
    return _detail(request, pk)


@router.post("/{int:pk}/feedback/return", response=ComplaintOut, summary="退回重办（督察办）")
def return_feedback(request: HttpRequest, pk: int, payload: ReasonIn):
    workflow.return_feedback(_detail(request, pk), by=request.user, reason=payload.reason)
    return _detail(request, pk)
