"""典型案例: the office writes a case of 表面 / 假装 / 敷衍整改 from a complaint, a task or a field check, with
before and after photos; another office user reviews it; only then is it on the portal."""

from django.db import transaction
from django.utils import timezone

from audit.workflow import record_event
from briefings.models import CaseKind, CasePhoto, CaseStatus, TypicalCase
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import required_text
from organisations.scope import require_office, scope_of


def _locked(case: TypicalCase, by, what: str) -> TypicalCase:
    locked = TypicalCase.objects.select_for_update().get(pk=case.pk)
    require_office(by, locked.region_prefix, what)
    return locked


@transaction.atomic
def create_case(
    *, by, kind: str, title: str, text: str, region, complaint=None, task=None, field_check=None
) -> TypicalCase:
    if region is None:
        raise WorkflowError("请选择地区", field="region")
    require_office(by, region.prefix, "编写典型案例")
    if kind not in CaseKind.values:
        raise WorkflowError("类型应为 表面整改 / 假装整改 / 敷衍整改 / 其他典型问题", field="kind")
    if not any((complaint, task, field_check)):
        raise WorkflowError("请注明案例来自哪件举报、哪项整改任务或哪次现场检查", field="source")
    scope = scope_of(by)
    for source in (complaint, task):
        if source is not None and not scope.covers(source.region_prefix):
            raise PermissionDeniedError("所选来源不在您的管辖范围内")
    case = TypicalCase.objects.create(
        kind=kind, title=required_text(title, field="title", label="标题", limit=120), text=required_text(text, field="text", label="正文"),
        region=region, region_prefix=region.prefix, complaint=complaint, task=task, field_check=field_check, created_by=by,
    )  # fmt: skip
    record_event(case, by=by, action="case_drafted", to_state=case.status, note=case.title, settle=False)
    return case


@transaction.atomic
def add_photo(case: TypicalCase, *, by, stage: str, upload) -> CasePhoto:
    from complaints.workflow.receipt import check_upload
    from fieldchecks.workflow import PHOTO_TYPES, photo_taken_at

    locked = _locked(case, by, "添加案例照片")
    if locked.status == CaseStatus.PUBLISHED:
        raise WorkflowError("案例已公开，不能再修改", field="status", code="transition")
    if stage not in CasePhoto.Stage.values:
        raise WorkflowError("请注明是整改前还是整改后的照片", field="stage")
    if upload is None or check_upload(upload, field="photo") not in PHOTO_TYPES:
        raise WorkflowError("请上传照片（jpg、png）", field="photo")
    photo = CasePhoto(case=locked, stage=stage, name=upload.name[:200], taken_at=photo_taken_at(upload))
    photo.file.save(upload.name, upload, save=True)
    return photo


@transaction.atomic
def submit_case(case: TypicalCase, *, by) -> TypicalCase:
    locked = _locked(case, by, "提交典型案例")
    if locked.status != CaseStatus.DRAFT:
        raise WorkflowError("只有起草中的案例可以提交审核", field="status", code="transition")
    stages = set(locked.photos.values_list("stage", flat=True))
    if stages != {CasePhoto.Stage.BEFORE, CasePhoto.Stage.AFTER}:
        raise WorkflowError("请上传整改前和整改后的照片", field="photo")
    locked.status, locked.submitted_by = CaseStatus.SUBMITTED, by
    locked.save(update_fields=["status", "submitted_by"])
    record_event(locked, by=by, action="case_submitted", from_state=CaseStatus.DRAFT, to_state=locked.status)
    return locked


@transaction.atomic
def review_case(case: TypicalCase, *, by, approved: bool, note: str = "") -> TypicalCase:
    """A second office user publishes it, or returns it with a reason."""
    locked = _locked(case, by, "审核典型案例")
    if locked.status != CaseStatus.SUBMITTED:
        raise WorkflowError("只有待审核的案例可以审核", field="status", code="transition")
    if locked.submitted_by_id == by.pk and not by.is_superuser:
        raise PermissionDeniedError("提交人不能审核自己提交的案例")
    before, locked.reviewed_by, locked.review_note = locked.status, by, (note or "").strip()[:300]
    if approved:
        locked.status, locked.published_at = CaseStatus.PUBLISHED, timezone.now()
    else:
        if not locked.review_note:
            raise WorkflowError("退回请写明理由", field="note")
        locked.status = CaseStatus.DRAFT
    locked.save(update_fields=["status", "published_at", "reviewed_by", "review_note"])
    record_event(locked, by=by, action="case_published" if approved else "case_returned", from_state=before,
                 to_state=locked.status, note=locked.review_note)  # fmt: skip
    return locked
