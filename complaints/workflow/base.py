"""Shared by every stage of loop A: the transitions table, the row lock, scope and role guards, the clocks."""

import datetime as dt
from dataclasses import dataclass

from complaints.models import (
    Complaint,
    DueState,
    HandlingState,
    Status,
)
from ducha.errors import PermissionDeniedError, WorkflowError
from inspections.models import DeadlineRuleKey, Inspection

# action: (statuses it may start from, status it leads to). Nothing else assigns a status.
TRANSITIONS = {
    "accept": ({Status.REGISTERED}, Status.ACCEPTED),
    "reject": ({Status.REGISTERED}, Status.REJECTED),
    "mark_duplicate": ({Status.REGISTERED, Status.ACCEPTED}, Status.DUPLICATE),
    "issue": ({Status.ACCEPTED}, Status.TRANSFERRED),
    "forward": ({Status.TRANSFERRED}, Status.FORWARDED),
    "receive": ({Status.FORWARDED}, Status.RECEIVED),
    "submit_feedback": (
        {Status.RECEIVED, Status.RETURNED, Status.IN_PROGRESS, Status.STAGE_CLOSED},
        Status.SIGNING,
    ),
    "sign_feedback": ({Status.SIGNING}, Status.REVIEWING),
    "decline_feedback": ({Status.SIGNING}, Status.RECEIVED),
    "accept_feedback": ({Status.REVIEWING}, None),  # the feedback's handling state decides
    "return_feedback": ({Status.REVIEWING}, Status.RETURNED),
    # A reported rebound: the office sends a closed (or stage-closed) item back to the county.
    "reopen": (
        {Status.CLOSED, Status.STAGE_CLOSED, Status.IN_PROGRESS, Status.CHECKING, Status.VERIFIED},
        Status.RETURNED,
    ),
    # After the stay: a closed complaint is checked (验收中) and signed off (已验收销号), or returned.
    "start_check": ({Status.CLOSED}, Status.CHECKING),
    "pass_check": ({Status.CHECKING}, Status.VERIFIED),
    # The verification group found the work not done (现场核实): back to the county.
    "fail_check": (
        {Status.IN_PROGRESS, Status.STAGE_CLOSED, Status.CLOSED, Status.CHECKING, Status.VERIFIED},
        Status.RETURNED,
    ),
}
RESULT_STATUS = {
    HandlingState.CLOSED: Status.CLOSED,
    HandlingState.STAGE_CLOSED: Status.STAGE_CLOSED,
    HandlingState.IN_PROGRESS: Status.IN_PROGRESS,
}

# ISO 3166-2:CN province codes, used as the province part of acceptance numbers (D3SX…).
PROVINCE_ABBREVIATIONS = {
    "11": "BJ", "12": "TJ", "13": "HE", "14": "SX", "15": "NM", "21": "LN", "22": "JL", "23": "HL",
    "31": "SH", "32": "JS", "33": "ZJ", "34": "AH", "35": "FJ", "36": "JX", "37": "SD", "41": "HA",
    "42": "HB", "43": "HN", "44": "GD", "45": "GX", "46": "HI", "50": "CQ", "51": "SC", "52": "GZ",
    "53": "YN", "54": "XZ", "61": "SN", "62": "GS", "63": "QH", "64": "NX", "65": "XJ",
}  # fmt: skip
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Extension: (offset, the bytes a file of that kind has there). An MP4 (ISO base media file) opens with
# a box whose type, at byte 4, is "ftyp".
EVIDENCE_TYPES = {
    "jpg": (0, b"\xff\xd8\xff"),
    "jpeg": (0, b"\xff\xd8\xff"),
    "png": (0, b"\x89PNG"),
    "pdf": (0, b"%PDF"),
    "docx": (0, b"PK\x03\x04"),
    "xlsx": (0, b"PK\x03\x04"),
    "mp4": (4, b"ftyp"),
}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def _check_transition(complaint: Complaint, action: str) -> Status | None:
    sources, target = TRANSITIONS[action]
    if complaint.status not in sources:
        raise WorkflowError(
            f"{complaint.number} 当前状态为“{complaint.get_status_display()}”，不能执行此操作",
            field="status",
            code="transition",
        )
    return target


def _locked(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("inspection", "lead_unit")
        .get(pk=complaint.pk)
    )


def _visible(by, complaint: Complaint) -> None:
    if not Complaint.objects.visible_to(by).filter(pk=complaint.pk).exists():
        raise PermissionDeniedError("该举报件不在您的管辖范围内")


def _require_role(by, *roles: str, what: str) -> None:
    if by is None or not by.is_authenticated or not (by.is_superuser or by.has_role(*roles)):
        raise PermissionDeniedError(f"您的角色不能{what}")


# --- clocks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    due_at: dt.datetime | None
    soon_at: dt.datetime | None

    def state(self, now: dt.datetime) -> str:
        if self.due_at is None:
            return DueState.NONE
        if now > self.due_at:
            return DueState.OVERDUE
        if self.soon_at is not None and now >= self.soon_at:
            return DueState.SOON
        return DueState.OK


def clock(started: dt.datetime, due: dt.datetime | None) -> Clock:
    """A deadline and the moment it turns yellow: a third of the span before, at most one day."""
    if due is None:
        return Clock(None, None)
    warning = min((due - started) / 3, dt.timedelta(days=1))
    return Clock(due, due - warning)


@dataclass(frozen=True)
class FeedbackDue:
    team: dt.datetime | None
    local: dt.datetime | None
    local_rule: object  # the locality's DeadlineRule, or None


def feedback_deadlines(
    inspection: Inspection, start: dt.datetime, region_prefix: str, *, key_case: bool = False
) -> FeedbackDue:
    """The team's and the locality's feedback deadlines from `start` for a complaint in a place; the
    current clock runs to the earlier. The local rule is the nearest region's own (邢台 for 信都区). A key
    case (重点交办件) answers to the team by its own rule when the inspection has switched one on and it is
    stricter."""
    from workcalendar.deadlines import add_duration

    team = inspection.rule(DeadlineRuleKey.FEEDBACK_TEAM)
    team_due = add_duration(start, team.duration) if team else None
    key = inspection.rule(DeadlineRuleKey.FEEDBACK_KEY) if key_case else None
    if key is not None:
        key_due = add_duration(start, key.duration)
        team_due = key_due if team_due is None else min(team_due, key_due)
    local = inspection.rule(DeadlineRuleKey.FEEDBACK_LOCAL, region_prefix)
    return FeedbackDue(
        team_due,
        add_duration(start, local.duration) if local else None,
        local,
    )


def restart_feedback(locked: Complaint, target: str, now: dt.datetime) -> list[str]:
    """Send a complaint back to its county (退回重办, reopened, failed check): both feedback clocks
    start again from now, the close clock keeps running. Returns the fields it set."""
    due = feedback_deadlines(locked.inspection, now, locked.region_prefix, key_case=locked.is_key_case)
    current = clock(now, _earliest(due.team, due.local, locked.close_due_at))
    locked.status, locked.team_due_at, locked.local_due_at = target, due.team, due.local
    locked.local_rule = due.local_rule
    locked.due_at, locked.soon_at, locked.due_state = current.due_at, current.soon_at, current.state(now)
    return ["status", "team_due_at", "local_due_at", "local_rule", "due_at", "soon_at", "due_state"]


def hotline_rules_apply(inspection: Inspection, channel: str, received_at: dt.datetime) -> bool:
    """The 12369 rules drive a complaint that came through the 12369 platform or after the stay."""
    from django.utils import timezone

    return channel == "P" or timezone.localtime(received_at).date() > inspection.stationed_until


def close_clock(complaint: Complaint) -> dt.datetime | None:
    """The 12369 close deadline: 60 days from receipt by default, as the inspection's rule says."""
    return complaint.close_due_at or complaint.inspection.deadline(
        DeadlineRuleKey.HOTLINE_CLOSE, complaint.received_at
    )


def _earliest(*moments):
    present = [m for m in moments if m is not None]
    return min(present) if present else None
