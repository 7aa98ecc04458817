"""Preparation (督察准备) and the meetings of the stay: the work plan, the team with its seconded members, the
handbook and other documents, training with attendance, meetings with attendance by unit, and the stationing
announcement published on the portal."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkPlan(models.Model):
    """The inspection's work plan (工作方案): what it targets and its schedule (one line a step: 日期｜事项)."""

    inspection = models.OneToOneField(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.CASCADE, related_name="work_plan"
    )
    title = models.CharField(_("方案名称"), max_length=200)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    targets = models.TextField(_("督察对象和重点"))
    schedule = models.TextField(_("工作安排"), blank=True, help_text=_("每行一项：日期｜事项"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("工作方案")
        verbose_name_plural = _("工作方案")

    def __str__(self):
        return self.title

    @property
    def schedule_rows(self) -> list[list[str]]:
        return [
            [part.strip() for part in line.replace("|", "｜").split("｜", 1)]
            for line in self.schedule.splitlines()
            if line.strip()
        ]


class TeamMember(models.Model):
    """A member of the inspection team; seconded (抽调) members keep their home unit as the ledger writes it."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("姓名"), max_length=40)
    team_post = models.CharField(
        _("组内职务"), max_length=40, default="成员", help_text=_("组长、副组长、成员、联络员")
    )
    post = models.CharField(_("本职"), max_length=120, blank=True)
    home_unit = models.CharField(_("派出单位"), max_length=120, blank=True)
    seconded = models.BooleanField(_("抽调"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("督察组成员")
        verbose_name_plural = _("督察组成员")
        ordering = ["inspection", "sort_order", "pk"]

    def __str__(self):
        return f"{self.name}（{self.team_post}）"


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("工作方案")
    HANDBOOK = "handbook", _("督察工作手册")
    OTHER = "other", _("其他文件")


class StoredFile(models.Model):
    """An uploaded file as the team's records keep it: the original name, its size, who uploaded it and when."""

    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class WorkDocument(StoredFile):
    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("督察"),
        on_delete=models.CASCADE,
        related_name="work_documents",
    )
    kind = models.CharField(_("类别"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("文件"), upload_to="fieldwork/documents/%Y/")

    class Meta:
        verbose_name = _("督察工作文件")
        verbose_name_plural = _("督察工作文件")
        ordering = ["inspection", "kind", "pk"]

    def __str__(self):
        return self.title


class Training(models.Model):
    """Training of the team before stationing (业务培训); `attendees` are the members who came."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.CASCADE, related_name="trainings"
    )
    title = models.CharField(_("培训内容"), max_length=200)
    held_on = models.DateField(_("培训日期"))
    place = models.CharField(_("地点"), max_length=120, blank=True)
    trainer = models.CharField(_("授课人"), max_length=120, blank=True)
    attendees = models.ManyToManyField(
        TeamMember, verbose_name=_("参训人员"), blank=True, related_name="trainings"
    )

    class Meta:
        verbose_name = _("业务培训")
        verbose_name_plural = _("业务培训")
        ordering = ["inspection", "held_on", "pk"]

    def __str__(self):
        return self.title


class MeetingKind(models.TextChoices):
    MOBILISATION = "mobilisation", _("动员会")
    SYMPOSIUM = "symposium", _("座谈会")
    REPORT = "report", _("汇报会")
    FEEDBACK = "feedback", _("反馈会")


class Meeting(models.Model):
    """A meeting of the stay. `speakers`: one line each, 姓名｜职务｜讲话要点."""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name=_("督察"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("会议类型"), max_length=14, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    held_at = models.DateTimeField(_("召开时间"))
    place = models.CharField(_("地点"), max_length=120, blank=True)
    by_video = models.BooleanField(_("视频会议"), default=False)
    chair = models.CharField(_("主持人"), max_length=120, blank=True)
    speakers = models.TextField(_("讲话人"), blank=True, help_text=_("每行一人：姓名｜职务｜讲话要点"))
    minutes = models.TextField(_("会议纪要"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["inspection", "held_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def speaker_rows(self) -> list[list[str]]:
        return [
            [part.strip() for part in line.replace("|", "｜").split("｜", 2)]
            for line in self.speakers.splitlines()
            if line.strip()
        ]


class MeetingAttendance(models.Model):
    """One invited unit of a meeting; `present` False is an attendance gap."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("到会"), default=False)
    attendee = models.CharField(_("参会人"), max_length=120, blank=True, help_text=_("主要负责人或代参会人"))

    class Meta:
        verbose_name = _("参会单位")
        verbose_name_plural = _("参会单位")
        ordering = ["meeting", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="attendance_once")]

    def __str__(self):
        return f"{self.unit_id}{'到会' if self.present else '缺席'}"


class Announcement(models.Model):
    """The stationing announcement (进驻公告): hotline, box, hours and period, published on the portal."""

    inspection = models.OneToOneField(
        "inspections.Inspection",
        verbose_name=_("督察"),
        on_delete=models.CASCADE,
        related_name="announcement",
    )
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("进驻公告")
        verbose_name_plural = _("进驻公告")

    def __str__(self):
        return self.title
