"""The inspection team's own work while stationed (督察准备 → 进驻 → 报告 → 反馈 → 移交 → 归档), by stage."""

from fieldwork.models.evidence import (
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
from fieldwork.models.findings import (
    Archive,
    ArchiveStatus,
    Finding,
    Report,
    ReportStatus,
    Retention,
    SourceKind,
)
from fieldwork.models.preparation import (
    Announcement,
    DocumentKind,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    TeamMember,
    Training,
    WorkDocument,
    WorkPlan,
)

__all__ = [
    "Announcement", "Archive", "ArchiveStatus", "DocumentKind", "DocumentRequest", "Finding", "FocusArea",
    "Interview", "InterviewKind", "ItemStatus", "Meeting", "MeetingAttendance", "MeetingKind", "Report",
    "ReportStatus", "RequestFile", "RequestItem", "RequestKind", "Retention", "SitePhoto", "SiteVisit",
    "SourceKind", "TeamMember", "Training", "WorkDocument", "WorkPlan",
]  # fmt: skip
