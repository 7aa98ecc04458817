"""What goes into an inspection's archive, part by part: each part yields entries (zip path, title, kind, date,
writer), and a writer streams its bytes into the zip. Tables are CSV (UTF-8 with BOM, which Excel opens), text
that would read as a formula is quoted, rows are read with iterator(). No part reads interview names or notes."""

import csv
import io
import re

from django.utils import timezone

FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if FORMULA.match(text) else text


def _table(headers, rows):
    def write(stream):
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
        text.flush()
        text.detach()

    return write


def _file(stored_name: str):
    def write(stream):
        from django.core.files.storage import default_storage

        with default_storage.open(stored_name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                stream.write(chunk)

    return write


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name)[:120] or "file"


def _files(folder: str, kind: str, rows):
    """Uploaded files: rows of (pk, file field, name, date)."""
    for pk, stored_name, name, day in rows:
        if stored_name:
            yield f"files/{folder}/{pk}-{_safe(name)}", name, kind, _cell(day), _file(stored_name)


def _tables(inspection) -> list:
    """(path, title, kind, headers, rows) of every table: one queryset of values each, read with iterator()."""
    from audit.models import Event
    from complaints.models import Complaint
    from fieldwork.models import DocumentRequest, Finding, Interview, Meeting, SiteVisit, TeamMember, Training
    from rectification.models import Task

    i = inspection
    return [
        ("举报件", "举报件登记表", "表格",
         {"number": "编号", "received_at": "受理时间", "channel": "来源", "region_prefix": "地区", "address": "地址",
          "text": "内容", "status": "状态", "verdict": "调查核实情况", "measures": "整改措施"},
         Complaint.objects.filter(inspection=i).order_by("pk")),
        ("整改任务", "整改任务台账", "表格",
         {"code": "编号", "target": "任务", "lead_unit__name": "责任单位", "status": "状态", "due_on": "期限", "closed_on": "销号日期"},
         Task.objects.filter(report__inspection=i).order_by("pk")),
        ("发现问题", "发现问题清单", "表格",
         {"number": "序号", "text": "问题", "source_kind": "来源", "unit__name": "责任单位", "focus__title": "督察重点",
          "evidence": "证据", "clue_transfer__number": "移交"},
         Finding.objects.filter(inspection=i)),
        ("调阅资料", "调阅资料登记表", "表格",
         {"number": "编号", "unit__name": "单位", "title": "事项", "items__text": "资料", "items__status": "核对",
          "due_at": "期限", "submitted_at": "报送时间"},
         DocumentRequest.objects.filter(inspection=i).order_by("sequence", "items__number")),
        ("会议", "会议记录", "表格",
         {"title": "会议", "kind": "类型", "held_at": "时间", "place": "地点", "by_video": "视频", "chair": "主持",
          "speakers": "讲话", "minutes": "纪要"},
         Meeting.objects.filter(inspection=i)),
        ("谈话问询", "谈话问询登记（不含姓名和记录）", "表格",
         {"kind": "方式", "person_masked": "对象（脱敏）", "post": "职务", "unit_name": "单位", "held_at": "时间", "interviewers": "谈话人"},
         Interview.objects.filter(inspection=i)),
        ("实地检查", "实地检查记录", "表格",
         {"day": "日期", "place": "地点", "region__name": "县（区）", "visitors": "检查人员", "seen": "检查情况"},
         SiteVisit.objects.filter(inspection=i)),
        ("督察组成员", "督察组成员及培训", "表格",
         {"name": "姓名", "team_post": "组内职务", "post": "本职", "home_unit": "派出单位", "seconded": "抽调", "trainings__title": "参加培训"},
         TeamMember.objects.filter(inspection=i)),
        ("培训", "业务培训", "表格", {"title": "培训内容", "held_on": "日期", "place": "地点", "trainer": "授课人"},
         Training.objects.filter(inspection=i)),
        ("督察事件", "督察过程记录", "记录",
         {"at": "时间", "actor_name": "操作人", "action": "事项", "from_state": "由", "to_state": "至", "note": "说明"},
         Event.objects.filter(subject_type="inspections.inspection", subject_id=str(i.pk)).order_by("pk")),
    ]  # fmt: skip


def _uploads(inspection) -> list:
    """(folder, kind, rows of (pk, stored name, file name, date)) of every uploaded file."""
    from complaints.models import Evidence, ReportPhoto
    from fieldchecks.models import Photo
    from fieldwork.models import RequestFile, SitePhoto, WorkDocument
    from rectification.models import FeedbackReport, TaskFile

    i = inspection
    return [
        ("work", "工作文件", WorkDocument.objects.filter(inspection=i).values_list("pk", "file", "name", "uploaded_at")),
        ("requests", "调阅资料", RequestFile.objects.filter(item__request__inspection=i).values_list("pk", "file", "name", "uploaded_at")),
        ("sites", "实地检查照片", SitePhoto.objects.filter(visit__inspection=i).values_list("pk", "file", "name", "taken_at")),
        ("field-checks", "现场检查照片", Photo.objects.filter(problem__site__field_check__inspection=i).values_list("pk", "file", "name", "uploaded_at")),
        ("evidence", "佐证材料", Evidence.objects.filter(feedback__complaint__inspection=i).values_list("pk", "file", "name", "uploaded_at")),
        ("report-photos", "举报照片", ReportPhoto.objects.filter(complaint__inspection=i).values_list("pk", "file", "name", "uploaded_at")),
        ("tasks", "整改佐证", TaskFile.objects.filter(task__report__inspection=i).values_list("pk", "file", "name", "uploaded_at")),
        ("reports", "反馈意见附件", FeedbackReport.objects.filter(inspection=i).values_list("pk", "attachment", "title", "delivered_on")),
    ]  # fmt: skip


def parts(inspection) -> list:
    """The archive's parts, in order: tables and records, official documents, uploaded files."""
    from fieldwork.models import Announcement

    today = _cell(timezone.localdate())

    def tables():
        for name, title, kind, columns, rows in _tables(inspection):
            values = rows.values_list(*columns).iterator(chunk_size=2000)
            yield f"tables/{name}.csv", title, kind, today, _table(list(columns.values()), values)

    def documents():
        from ducha.official.docx import render
        from fieldwork import documents as fieldwork_documents

        for report in inspection.draft_reports.filter(status="delivered").order_by("pk"):
            doc = fieldwork_documents.report(report)
            yield (f"documents/{_safe(report.title)}.docx", report.title, "公文", _cell(report.delivered_on),
                   lambda stream, d=doc: stream.write(render(d)))  # fmt: skip
        notice = Announcement.objects.filter(inspection=inspection, published_at__isnull=False).first()
        if notice is not None:
            doc = fieldwork_documents.announcement(notice)
            yield ("documents/进驻公告.docx", notice.title, "公文", _cell(notice.published_at),
                   lambda stream, d=doc: stream.write(render(d)))  # fmt: skip

    def uploads():
        for folder, kind, rows in _uploads(inspection):
            yield from _files(folder, kind, rows.iterator())

    return [tables, documents, uploads]
