"""How the team's work reads in an inspection's record (audit events about the inspection)."""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "work_plan_saved": _("保存工作方案"),
    "team_member_added": _("登记督察组成员"),
    "work_document_uploaded": _("上传督察工作文件"),
    "training_recorded": _("登记业务培训"),
    "meeting_recorded": _("登记会议"),
    "attendance_recorded": _("登记到会情况"),
    "announcement_published": _("在门户发布进驻公告"),
    "focus_added": _("列出督察重点"),
    "clue_transferred": _("移交问题线索"),
}
