"""Every write of field checks. The inspection's team (or the office) records a check, its sites and problems
with photos, on site from a phone; closing it transfers the problems to the city through the complaint loop
(registered with channel 现场检查发现, accepted, batched and issued: the usual deadlines, confirmation, feedback,
review and publication follow) and numbers the check's 督办函."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.workflow import record_event
from ducha.errors import PermissionDeniedError, WorkflowError
from fieldchecks.models import CheckKind, FieldCheck, Photo, Problem, ProblemType, Site
from organisations.models import Region, RegionLevel, Unit

PHOTO_TYPES = ("jpg", "jpeg", "png")


def _may_record(by, inspection) -> bool:
    from inspections.models import Inspection

    return by.is_superuser or (
        by.has_role("team", "office") and Inspection.objects.visible_to(by).filter(pk=inspection.pk).exists()
    )


def _require(by, check: FieldCheck) -> FieldCheck:
    """The check, locked and read afresh: closed once, it takes nothing more."""
    check = FieldCheck.objects.select_for_update().select_related("inspection", "region").get(pk=check.pk)
    if not _may_record(by, check.inspection):
        raise PermissionDeniedError("只有督察组或督察办可以录入现场检查")
    if check.closed_at is not None:
        raise WorkflowError("该检查已交办，不能再修改", field="check", code="transition")
    return check


@transaction.atomic
def create_check(
    *, by, inspection, kind: str, region: Region, day: dt.date, starts_at: dt.time, ends_at: dt.time, teams: str,
    context: str = "", letter_to: Unit | None = None,
) -> FieldCheck:  # fmt: skip
    if not _may_record(by, inspection):
        raise PermissionDeniedError("只有督察组或督察办可以录入现场检查")
    if kind not in CheckKind.values:
        raise WorkflowError("检查方式应为 夜查 / 晨查 / 突击检查 / 专项督查", field="kind")
    if region is None or region.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
        raise WorkflowError("请选择被检查的市或县（区）", field="region")
    if not inspection.targets.filter(region__prefix__in=[region.prefix[:n] for n in (2, 4, 6)]).exists():
        raise WorkflowError(f"{region.name}不在本次督察范围内", field="region")
    if day is None or day > timezone.localdate():
        raise WorkflowError("检查日期不能晚于今天", field="day")
    if starts_at is None or ends_at is None:
        raise WorkflowError("请填写检查时段", field="starts_at")
    if not (teams or "").strip():
        raise WorkflowError("请填写检查组（组名｜带队领导｜成员）", field="teams")
    check = FieldCheck.objects.create(
        inspection=inspection, kind=kind, region=region, day=day, starts_at=starts_at, ends_at=ends_at,
        teams=teams.strip(), context=(context or "").strip(), letter_to=letter_to, created_by=by,
    )  # fmt: skip
    record_event(check, by=by, action="field_check_created", note=f"{check.get_kind_display()} {region.name}")
    return check


@transaction.atomic
def add_site(check: FieldCheck, *, by, name: str, region: Region, address: str = "", kind: str = "") -> Site:
    check = _require(by, check)
    if not (name or "").strip():
        raise WorkflowError("请填写检查点名称", field="name")
    if region is None or not region.prefix.startswith(check.region.prefix):
        raise WorkflowError(f"检查点应在{check.region.name}境内", field="region")
    return Site.objects.create(
        field_check=check,
        name=name.strip()[:120],
        address=(address or "").strip()[:200],
        region=region,
        kind=(kind or "").strip()[:40],
    )


def photo_taken_at(upload):
    """The capture time the photo carries (EXIF DateTimeOriginal, else DateTime), read as Beijing time."""
    try:
        from PIL import Image

        with Image.open(upload) as image:
            exif = image.getexif()
            text = exif.get_ifd(0x8769).get(36867) or exif.get(306)
    except Exception:  # a photo without readable EXIF is still evidence; it just has no capture time
        text = None
    finally:
        upload.seek(0)
    if not text:
        return None
    try:
        return dt.datetime.strptime(str(text).strip("\x00 "), "%Y:%m:%d %H:%M:%S").replace(
            tzinfo=dt.timezone(dt.timedelta(hours=8))
        )
    except ValueError:
        return None


@transaction.atomic
def add_problem(site: Site, *, by, kind: ProblemType, description: str, photos=()) -> Problem:
    from complaints.workflow.receipt import check_upload

    _require(by, site.field_check)
    if kind is None or not kind.is_active:
        raise WorkflowError("请选择问题类型", field="kind")
    description = (description or "").strip()
    if not description:
        raise WorkflowError("请描述发现的问题", field="description")
    photos = list(photos)
    for upload in photos:
        if check_upload(upload, field="photos") not in PHOTO_TYPES:
            raise WorkflowError(f"{upload.name} 不是照片（jpg、png）", field="photos")
    problem = Problem.objects.create(site=site, kind=kind, description=description[:2000])
    for upload in photos:
        photo = Photo(
            problem=problem, name=upload.name[:200], size=upload.size, taken_at=photo_taken_at(upload)
        )
        photo.file.save(upload.name, upload, save=True)
    return problem


@transaction.atomic
def close_check(check: FieldCheck, *, by) -> FieldCheck:
    """Transfer every problem to the city as complaints of the inspection in one batch, and number the letter."""
    from complaints import workflow as complaints
    from complaints.models import Channel

    locked = _require(by, check)
    problems = list(Problem.objects.filter(site__field_check=locked).select_related("site__region", "kind"))
    if not problems:
        raise WorkflowError("没有发现问题可交办", field="problems")
    if locked.letter_to is None:
        raise WorkflowError("请先选择督办对象（被检查地区的政府）", field="letter_to")
    window = f"{locked.day:%Y年%m月%d日}{locked.starts_at:%H:%M}至{locked.ends_at:%H:%M}"
    created = []
    for problem in problems:
        site = problem.site
        complaint, _ = complaints.register_complaint(
            by=by, inspection=locked.inspection, channel=Channel.FIELD, region=site.region, address=site.address or site.name,
            text=f"{window}{locked.get_kind_display()}发现：{site.name}{problem.kind.name}。{problem.description}",
        )  # fmt: skip
        complaints.accept_complaint(complaint, by=by)
        problem.complaint = complaint
        problem.save(update_fields=["complaint"])
        created.append(complaint)
    batch = complaints.create_batch(locked.inspection, by=by, note=f"{locked.get_kind_display()}发现问题")
    complaints.add_to_batch(batch, created, by=by)
    complaints.issue_batch(batch, by=by)
    sequence = (
        FieldCheck.objects.filter(inspection=locked.inspection).aggregate(n=Max("letter_sequence"))["n"] or 0
    ) + 1
    locked.letter_sequence = sequence
    locked.letter_number = f"{locked.inspection.code} 督办〔{locked.day.year}〕{sequence}号"
    locked.batch, locked.closed_at = batch, timezone.now()
    locked.save(update_fields=["letter_sequence", "letter_number", "batch", "closed_at"])
    record_event(
        locked, by=by, action="field_check_closed", note=f"{len(created)} 个问题，{locked.letter_number}"
    )
    return locked
