"""Transfer and receipt: forward, the phone confirmation and its correction, the receipt signature or scan."""

from django.http import HttpRequest
from ninja import File, UploadedFile

from complaints import workflow
from complaints.api.base import _detail, router
from complaints.api.schemas import ComplaintOut, PhoneCorrectionIn, PhoneIn

# --- transfer and receipt -----------------------------------------------------------------------


@router.post("/{int:pk}/forward", response=ComplaintOut, summary="转办至承办单位（督察办）")
def forward(request: HttpRequest, pk: int):
    workflow.forward_complaints([_detail(request, pk)], by=request.user)
    return _detail(request, pk)


@router.post("/{int:pk}/phone-confirmation", response=ComplaintOut, summary="电话确认签收（第一重确认）")
def phone_confirmation(request: HttpRequest, pk: int, payload: PhoneIn):
    workflow.confirm_by_phone(
        _detail(request, pk), by=request.user, answered_by=payload.answered_by, called_at=payload.called_at
    )
    return _detail(request, pk)


@router.post(
    "/{int:pk}/phone-confirmation/correction",
    response=ComplaintOut,
    summary="更正电话确认（原记录保留在操作记录中）",
)
def phone_correction(request: HttpRequest, pk: int, payload: PhoneCorrectionIn):
    workflow.correct_phone_confirmation(
        _detail(request, pk),
        by=request.user,
        answered_by=payload.answered_by,
        reason=payload.reason,
        called_at=payload.called_at,
    )
    return _detail(request, pk)


@router.post("/{int:pk}/receipt-signature", response=ComplaintOut, summary="领导签收回执（第二重确认）")
def receipt_signature(request: HttpRequest, pk: int):
    workflow.sign_receipt(_detail(request, pk), by=request.user)
    return _detail(request, pk)


@router.post("/{int:pk}/receipt-scan", response=ComplaintOut, summary="上传签收回执扫描件（第二重确认）")
def receipt_scan(request: HttpRequest, pk: int, file: File[UploadedFile]):
    workflow.upload_receipt_scan(_detail(request, pk), by=request.user, upload=file)
    return _detail(request, pk)
