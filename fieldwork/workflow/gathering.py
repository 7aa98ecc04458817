"""What the team gathers: focus areas, document requests and the units' uploads, interviews (confidential) and
site visits with photos."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.workflow import record_event
from complaints import secrets
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.inputs import required_text
from fieldwork.access import is_team, require_either, require_open, require_team
from fieldwork.models import (
    DocumentRequest,
    FocusArea,
    Interview,
    InterviewKind,
    ItemStatus,
    RequestFile,
    RequestItem,
    RequestKind,
    SitePhoto,
    SiteVisit,
)
from notices.workflow import notify, notify_units
from organisations.models import Region, Unit

MAX_ITEMS = 50


@transaction.atomic
def add_focus(inspection, *, by, title: str) -> FocusArea:
    require_either(by, inspection, "列出督察重点")
    require_open(inspection)
    number = (FocusArea.objects.filter(inspection=inspection).aggregate(n=Max("number"))["n"] or 0) + 1
    focus = FocusArea.objects.create(
        inspection=inspection,
        number=number,
        title=required_text(title, field="title", label="督察重点", limit=300),
    )
    record_event(inspection, by=by, action="focus_added", note=str(focus))
    return focus


@transaction.atomic
def link_focus(focus: FocusArea, *, by, complaints) -> int:
    """Link complaints of the same inspection that bear on a focus area."""
    require_either(by, focus.inspection, "关联督察重点")
    require_open(focus.inspection)
    complaints = list(complaints)
    if any(c.inspection_id != focus.inspection_id for c in complaints):
        raise WorkflowError("只能关联本次督察的举报件", field="complaints")
    focus.complaints.add(*complaints)
    return len(complaints)


# --- document requests ----------------------------------------------------------------------------


@transaction.atomic
def create_request(inspection, *, by, unit: Unit, title: str, items, due_at: dt.datetime, kind=RequestKind.MATERIALS,
                   note: str = "") -> DocumentRequest:  # fmt: skip
    """A numbered request to an inspected unit, listing the items it must provide by `due_at`."""
    require_either(by, inspection, "调阅资料")
    require_open(inspection)
    if kind not in RequestKind.values:
        raise WorkflowError("类别应为 调阅资料 / 自查报告", field="kind")
    if unit is None or not inspection.covers(unit.region.prefix):
        raise WorkflowError("被调阅单位应在本次督察范围内", field="unit")
    lines = [line.strip() for line in (items or []) if line and line.strip()]
    if kind == RequestKind.SELF_CHECK and not lines:
        lines = ["自查报告（加盖公章）"]
    if not lines:
        raise WorkflowError("请至少列出一项资料", field="items")
    if len(lines) > MAX_ITEMS:
        raise WorkflowError(f"一份调阅单最多 {MAX_ITEMS} 项", field="items")
    if due_at is None or due_at <= timezone.now():
        raise WorkflowError("报送期限应晚于现在", field="due_at")
    locked = type(inspection).objects.select_for_update().get(pk=inspection.pk)
    sequence = (DocumentRequest.objects.filter(inspection=locked).aggregate(n=Max("sequence"))["n"] or 0) + 1
    word = "自查" if kind == RequestKind.SELF_CHECK else "调阅"
    request = DocumentRequest.objects.create(
        inspection=locked, sequence=sequence, number=f"{locked.code} {word}〔{timezone.localdate().year}〕{sequence}号",
        kind=kind, unit=unit, region_prefix=unit.region.prefix, title=required_text(title, field="title", label="事项", limit=200),
        note=(note or "").strip(), due_at=due_at, created_by=by,
    )  # fmt: skip
    RequestItem.objects.bulk_create(
        [RequestItem(request=request, number=n, text=text[:300]) for n, text in enumerate(lines, 1)]
    )
    record_event(request, by=by, action="documents_requested", note=f"{request.number} → {unit.name}")
    message = {
        "title": f"{request.get_kind_display()}：{request.number}",
        "body": f"{request.title}，请于{timezone.localtime(due_at):%m月%d日%H:%M}前报送",
        "link": f"/fieldwork/requests/{request.pk}/", "key": f"documents-requested:{request.pk}",
    }  # fmt: skip
    notify_units([unit.pk], ["handler", "signer", "office"], **message)
    return request


def _own_request(by, request: DocumentRequest) -> DocumentRequest:
    if by is None or not by.is_authenticated or (by.unit_id != request.unit_id and not by.is_superuser):
        raise PermissionDeniedError("只有被调阅单位可以报送材料")
    locked = DocumentRequest.objects.select_for_update().select_related("inspection").get(pk=request.pk)
    require_open(locked.inspection)
    return locked


@transaction.atomic
def upload_to_item(item: RequestItem, *, by, uploads) -> list[RequestFile]:
    from complaints.workflow.receipt import check_upload

    locked = _own_request(by, item.request)
    if locked.submitted_at is not None:
        raise WorkflowError("材料已报送；如需补充，请联系督察组退回", field="files", code="transition")
    uploads = [u for u in uploads if u]
    if not uploads:
        raise WorkflowError("请选择要上传的文件", field="files")
    for upload in uploads:
        check_upload(upload, field="files")
    stored = []
    for upload in uploads:
        row = RequestFile(item=item, name=upload.name[:200], size=upload.size, uploaded_by=by)
        row.file.save(upload.name, upload, save=True)
        stored.append(row)
    record_event(
        locked,
        by=by,
        action="documents_uploaded",
        note=f"{item.number}. {item.text[:40]}：{len(stored)} 个文件",
    )
    return stored


@transaction.atomic
def submit_request(request: DocumentRequest, *, by) -> DocumentRequest:
    """The unit hands its materials in; the team is told."""
    locked = _own_request(by, request)
    if locked.submitted_at is not None:
        return locked
    if not RequestFile.objects.filter(item__request=locked).exists():
        raise WorkflowError("请先上传材料再报送", field="files")
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["submitted_at"])
    late = locked.submitted_at > locked.due_at
    record_event(locked, by=by, action="documents_submitted", note="逾期报送" if late else "")
    creator = locked.created_by
    message = {
        "title": f"{locked.unit.name}已报送：{locked.number}", "body": locked.title + ("（逾期）" if late else ""),
        "link": f"/fieldwork/requests/{locked.pk}/", "key": f"documents-submitted:{locked.pk}",
    }  # fmt: skip
    notify([creator], **message)
    return locked


@transaction.atomic
def mark_item(item: RequestItem, *, by, status: str, remark: str = "") -> RequestItem:
    """The team's check of one item. 不完整 or 缺失 returns the request to the unit to complete it."""
    request = DocumentRequest.objects.select_for_update().select_related("inspection").get(pk=item.request_id)
    require_either(by, request.inspection, "核对调阅资料")
    require_open(request.inspection)
    if status not in ItemStatus.values or status == ItemStatus.PENDING:
        raise WorkflowError("核对结果应为 已收到 / 不完整 / 缺失", field="status")
    if status != ItemStatus.RECEIVED and not (remark or "").strip():
        raise WorkflowError("请写明缺少什么", field="remark")
    RequestItem.objects.filter(pk=item.pk).update(status=status, remark=(remark or "").strip()[:300])
    if status != ItemStatus.RECEIVED and request.submitted_at is not None:
        request.submitted_at = None
        request.save(update_fields=["submitted_at"])
        message = {
            "title": f"请补充材料：{request.number}", "body": f"{item.number}. {item.text[:40]}：{remark.strip()[:100]}",
            "link": f"/fieldwork/requests/{request.pk}/", "key": f"documents-returned:{request.pk}:{item.pk}:{int(timezone.now().timestamp())}",
        }  # fmt: skip
        notify_units([request.unit_id], ["handler", "signer", "office"], **message)
    record_event(
        request, by=by, action="documents_checked", note=f"{item.number}. {ItemStatus(status).label}"
    )
    item.refresh_from_db()
    return item


# --- interviews and site visits -----------------------------------------------------------------------


@transaction.atomic
def record_interview(inspection, *, by, kind: str, person: str, post: str, held_at: dt.datetime, interviewers: str,
                     notes: str, unit_name: str = "", region: Region | None = None) -> Interview:  # fmt: skip
    from complaints.secrets import mask_name

    require_team(by, inspection, "记录谈话")
    require_open(inspection)
    if kind not in InterviewKind.values:
        raise WorkflowError("方式应为 个别谈话 / 走访问询", field="kind")
    person = required_text(person, field="person", label="谈话对象", limit=40)
    if held_at is None or held_at > timezone.now():
        raise WorkflowError("谈话时间不能晚于现在", field="held_at")
    region = region or inspection.office.region
    interview = Interview.objects.create(
        inspection=inspection, kind=kind, person_secret=secrets.encrypt(person), person_masked=mask_name(person),
        post=required_text(post, field="post", label="职务", limit=120), unit_name=(unit_name or "").strip()[:120],
        region_prefix=region.prefix, held_at=held_at, interviewers=required_text(interviewers, field="interviewers", label="谈话人", limit=200),
        notes_secret=secrets.encrypt(required_text(notes, field="notes", label="谈话记录")), created_by=by,
    )  # fmt: skip
    record_event(
        interview,
        by=by,
        action="interview_recorded",
        note=f"{interview.get_kind_display()} {interview.person_masked}",
    )
    return interview


def reveal_interview(interview: Interview, *, by) -> dict[str, str]:
    """The person and the notes, for the team only; every view is an event."""
    if not is_team(by, interview.inspection):
        raise PermissionDeniedError("谈话记录仅督察组可见")
    record_event(interview, by=by, action="interview_viewed")
    return {
        "person": secrets.decrypt(interview.person_secret),
        "notes": secrets.decrypt(interview.notes_secret),
    }


@transaction.atomic
def record_site_visit(inspection, *, by, day: dt.date, place: str, region: Region, visitors: str, seen: str,
                      photos=()) -> SiteVisit:  # fmt: skip
    from complaints.workflow.receipt import check_upload
    from fieldchecks.workflow import PHOTO_TYPES, photo_taken_at

    require_team(by, inspection, "记录实地检查")
    require_open(inspection)
    if region is None or not inspection.covers(region.prefix):
        raise WorkflowError("检查地点应在本次督察范围内", field="region")
    if day is None or day > timezone.localdate():
        raise WorkflowError("检查日期不能晚于今天", field="day")
    photos = [p for p in photos if p]
    for upload in photos:
        if check_upload(upload, field="photos") not in PHOTO_TYPES:
            raise WorkflowError(f"{upload.name} 不是照片（jpg、png）", field="photos")
    visit = SiteVisit.objects.create(
        inspection=inspection, day=day, place=required_text(place, field="place", label="地点", limit=200), region=region,
        region_prefix=region.prefix, visitors=required_text(visitors, field="visitors", label="检查人员", limit=200),
        seen=required_text(seen, field="seen", label="检查情况"), created_by=by,
    )  # fmt: skip
    for upload in photos:
        photo = SitePhoto(
            visit=visit, name=upload.name[:200], size=upload.size, taken_at=photo_taken_at(upload)
        )
        photo.file.save(upload.name, upload, save=True)
    record_event(visit, by=by, action="site_visited", note=f"{visit.place}（{len(photos)} 张照片）")
    return visit
