"""Every write of assessment: schemes and their versions, third-party and manual scores, 一票否优,
publication and objections. The office (督察办 / 考核办) of the scheme's city keeps everything; a
third-party assessor (`assessor` role) scores only the indicators given to its own organisation."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from assessments import periods
from assessments.models import (
    Frequency,
    Indicator,
    IndicatorKind,
    Objection,
    ObjectionStatus,
    Publication,
    Result,
    Rule,
    Scheme,
    Score,
    Subject,
    SubjectKind,
    Veto,
    VetoCondition,
)
from audit.workflow import record_event
from ducha.errors import PermissionDeniedError, WorkflowError
from organisations.models import Region, RegionLevel, Unit, UnitKind
from organisations.scope import require_office, scope_of

# The standard scheme (DOMAIN.md: a letter −1, a red warning or an interview −2): (code, name, kind,
# max points, parent, [(event, points)]). An office adjusts the points and adds indicators per year.
STANDARD = [
    ("A", "督察整改落实", "group", 0, None, []),
    ("A1", "整改任务推进", "automatic", 20, "A", [
        ("letter", 1), ("red_warning", 2), ("interview", 2), ("late_report", "0.5"), ("failed_spot_check", 3),
        ("liaison_finding", 2),
    ]),
    ("A2", "信访举报办理", "automatic", 20, "A", [
        ("late_feedback", "0.5"), ("overdue_complaint", "0.5"), ("returned_feedback", "0.5"),
    ]),
    ("A3", "党政同责与责任追究", "automatic", 10, "A", [("accountability_missing", 2), ("liaison_gap", 1)]),
    ("B", "环境质量与治理成效", "group", 0, None, []),
    ("B1", "第三方考核评估", "third_party", 40, "B", []),
    ("C1", "工作创新与加分事项", "manual", 10, None, []),
]  # fmt: skip


def default_subjects(region: Region, kind: str):
    if kind == SubjectKind.COUNTY:
        return Unit.objects.filter(
            region__parent=region, region__level=RegionLevel.COUNTY, kind=UnitKind.GOVERNMENT, is_active=True
        ).select_related("region")
    return Unit.objects.filter(region=region, kind=UnitKind.DEPARTMENT, is_active=True).select_related(
        "region"
    )


@transaction.atomic
def create_scheme(
    *, by, region: Region, code: str, name: str, year: int, subject_kind: str, frequency: str = Frequency.ANNUAL,
    indicators=STANDARD, assessor: Unit | None = None, subjects=None,
) -> Scheme:  # fmt: skip
    require_office(by, region.prefix, "制定考核方案", office="督察（考核）办")
    if region.level != RegionLevel.CITY:
        raise WorkflowError("考核方案按设区的市制定", field="region")
    if subject_kind not in SubjectKind.values or frequency not in Frequency.values:
        raise WorkflowError("考核对象或考核周期无效", field="subject_kind")
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not name:
        raise WorkflowError("请填写方案编号和名称", field="code")
    if Scheme.objects.filter(code=code).exists():
        raise WorkflowError(f"方案编号 {code} 已存在", field="code", code="duplicate")
    scheme = Scheme.objects.create(
        code=code, name=name, region=region, year=year, subject_kind=subject_kind, frequency=frequency,
        starts_with=f"{year}Q1", created_by=by,
    )  # fmt: skip
    _add_indicators(scheme, indicators, assessor)
    chosen = list(subjects) if subjects is not None else list(default_subjects(region, subject_kind))
    _add_subjects(scheme, chosen)
    record_event(scheme, by=by, action="scheme_created", note=f"{len(chosen)} 个考核对象")
    return scheme


def _add_indicators(scheme: Scheme, specs, assessor: Unit | None) -> None:
    made: dict[str, Indicator] = {}
    for order, (code, name, kind, points, parent, rules) in enumerate(specs):
        made[code] = Indicator.objects.create(
            scheme=scheme, code=code, name=name, kind=kind, max_points=Decimal(str(points)), parent=made.get(parent),
            assessor=assessor if kind == IndicatorKind.THIRD_PARTY else None, sort_order=order,
        )  # fmt: skip
        Rule.objects.bulk_create(
            Rule(indicator=made[code], event=e, points=Decimal(str(p))) for e, p in rules
        )


def _add_subjects(scheme: Scheme, units) -> None:
    Subject.objects.bulk_create(
        Subject(
            scheme=scheme, unit=u, prefix=u.region.prefix if scheme.subject_kind == SubjectKind.COUNTY else ""
        )
        for u in units
    )


@transaction.atomic
def revise_scheme(scheme: Scheme, *, by, starts_with: str) -> Scheme:
    """A new version from `starts_with` on (indicators, rules, subjects copied to be edited); periods before
    it keep being computed by the old version, so their scores stay reproducible."""
    require_office(by, scheme.region.prefix, "修订考核方案", office="督察（考核）办")
    starts_with = periods.normalise(starts_with)
    latest = Scheme.objects.filter(code=scheme.code).order_by("-version").first()
    if periods.sort_key(starts_with) <= periods.sort_key(latest.starts_with):
        raise WorkflowError(
            f"新版本须晚于第{latest.version}版的起始考核期 {latest.starts_with}", field="starts_with"
        )
    fields = {
        f.name: getattr(latest, f.name)
        for f in Scheme._meta.concrete_fields
        if f.name not in ("id", "version")
    }
    fields.update(
        version=latest.version + 1, starts_with=starts_with, created_by=by, created_at=timezone.now()
    )
    revised = Scheme.objects.create(**fields)
    specs = [
        (i.code, i.name, i.kind, i.max_points, i.parent.code if i.parent_id else None,
         [(r.event, r.points) for r in i.rules.all()])
        for i in latest.indicators.select_related("parent").prefetch_related("rules").order_by("sort_order")
    ]  # fmt: skip
    _add_indicators(revised, specs, None)
    for old in latest.indicators.exclude(assessor=None):
        revised.indicators.filter(code=old.code).update(assessor=old.assessor, weight=old.weight, cap=old.cap)
    _add_subjects(revised, [s.unit for s in latest.subjects.select_related("unit__region")])
    record_event(
        revised, by=by, action="scheme_revised", note=f"第{revised.version}版，自 {starts_with} 起适用"
    )
    return revised


def scheme_for(code: str, period: str) -> Scheme:
    """The version of a scheme that applies to a period."""
    key = periods.sort_key(periods.normalise(period))
    versions = [
        s
        for s in Scheme.objects.filter(code=code).order_by("-version")
        if periods.sort_key(s.starts_with) <= key
    ]
    if not versions:
        raise WorkflowError(f"方案 {code} 没有适用于 {period} 的版本", field="period")
    return versions[0]


def _points(value, indicator: Indicator) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise WorkflowError(f"得分“{value}”不是数字", field="points") from None
    if not (0 <= points <= indicator.max_points):
        raise WorkflowError(f"得分应在 0 至 {indicator.max_points} 之间", field="points")
    return points.quantize(Decimal("0.01"))


def may_import(by, indicator: Indicator) -> bool:
    """The office imports the third party's own table (seed 000); by hand it scores only its own indicators."""
    if may_score(by, indicator):
        return True
    return (
        indicator.kind == IndicatorKind.THIRD_PARTY
        and by.has_role("office")
        and scope_of(by).covers(indicator.scheme.region.prefix)
    )


def may_score(by, indicator: Indicator) -> bool:
    if by.is_superuser:
        return True
    if indicator.kind == IndicatorKind.THIRD_PARTY:
        return (
            by.has_role("assessor")
            and indicator.assessor_id is not None
            and by.unit_id == indicator.assessor_id
        )
    if indicator.kind == IndicatorKind.MANUAL:
        return by.has_role("office") and scope_of(by).covers(indicator.scheme.region.prefix)
    return False


@transaction.atomic
def enter_score(
    *,
    by,
    indicator: Indicator,
    subject: Subject,
    period: str,
    points,
    note: str = "",
    evidence=None,
    imported=False,
) -> Score:
    if not (may_import(by, indicator) if imported else may_score(by, indicator)):
        raise PermissionDeniedError(f"您不能为指标“{indicator.name}”评分")
    if subject.scheme_id != indicator.scheme_id:
        raise WorkflowError("考核对象不属于该方案", field="subject")
    period = periods.normalise(period)
    if periods.year_of(period) != indicator.scheme.year:
        raise WorkflowError(f"考核期应在 {indicator.scheme.year} 年内", field="period")
    value = _points(points, indicator)
    if indicator.kind == IndicatorKind.MANUAL and not (note or "").strip() and evidence is None:
        raise WorkflowError("督察办评分须写明依据或附佐证材料", field="note")
    score, _ = Score.objects.update_or_create(
        indicator=indicator, subject=subject, period=period,
        defaults={"points": value, "note": (note or "").strip()[:500], "entered_by": by, "entered_at": timezone.now()},
    )  # fmt: skip
    if evidence is not None:
        score.evidence.save(evidence.name, evidence, save=True)
    record_event(
        indicator.scheme,
        by=by,
        action="score_entered",
        note=f"{subject.unit.name} {indicator.code} {period}：{value}",
    )
    return score


@transaction.atomic
def propose_veto(
    *, by, scheme: Scheme, subject: Subject, period: str, condition: str, description: str, evidence=None
) -> Veto:
    require_office(by, scheme.region.prefix, "提出一票否优", office="督察（考核）办")
    if condition not in VetoCondition.values:
        raise WorkflowError(
            "否优情形应为：较大以上环境事故 / 隐瞒不报 / 突出环境问题整改不力", field="condition"
        )
    if not (description or "").strip():
        raise WorkflowError("请写明情况", field="description")
    if evidence is None:
        raise WorkflowError("一票否优须附佐证材料", field="evidence")
    veto = Veto(scheme=scheme, subject=subject, period=periods.normalise(period), condition=condition,
                description=description.strip(), proposed_by=by)  # fmt: skip
    veto.evidence.save(evidence.name, evidence, save=False)
    veto.save()
    record_event(
        scheme, by=by, action="veto_proposed", note=f"{subject.unit.name}：{veto.get_condition_display()}"
    )
    return veto


@transaction.atomic
def approve_veto(veto: Veto, *, by) -> Veto:
    """Approved by a second office account: whoever proposed it cannot approve it too."""
    require_office(by, veto.scheme.region.prefix, "批准一票否优", office="督察（考核）办")
    locked = Veto.objects.select_for_update().get(pk=veto.pk)
    if locked.approved_at is not None:
        raise WorkflowError("已批准", field="veto", code="duplicate")
    if locked.proposed_by_id == by.pk:
        raise PermissionDeniedError("提出人不能批准自己提出的一票否优")
    locked.approved_by, locked.approved_at = by, timezone.now()
    locked.save(update_fields=["approved_by", "approved_at"])
    record_event(
        locked.scheme,
        by=by,
        action="veto_approved",
        note=f"{locked.subject.unit.name}：{locked.get_condition_display()}",
    )
    return locked


@transaction.atomic
def publish(scheme: Scheme, *, by, period: str) -> Publication:
    require_office(by, scheme.region.prefix, "公布考核结果", office="督察（考核）办")
    period = periods.normalise(period)
    if not Result.objects.filter(scheme=scheme, period=period).exists():
        raise WorkflowError("请先计算该考核期的结果", field="period")
    if Publication.objects.filter(scheme=scheme, period=period).exists():
        raise WorkflowError("该考核期已公布", field="period", code="duplicate")
    until = timezone.localdate() + dt.timedelta(days=scheme.objection_days)
    publication = Publication.objects.create(
        scheme=scheme, period=period, published_by=by, objections_until=until
    )
    record_event(scheme, by=by, action="assessment_published", note=f"{period}，异议期至 {until}")
    return publication


@transaction.atomic
def raise_objection(result: Result, *, by, reason: str) -> Objection:
    """A unit objects to its own published result within the window."""
    if not (by.is_superuser or by.unit_id == result.subject.unit_id):
        raise PermissionDeniedError("只能对本单位的考核结果提出异议")
    publication = Publication.objects.filter(scheme=result.scheme, period=result.period).first()
    if publication is None:
        raise WorkflowError("结果尚未公布", field="result", code="transition")
    if timezone.localdate() > publication.objections_until:
        raise WorkflowError(
            f"异议期已于 {publication.objections_until} 截止", field="result", code="transition"
        )
    if not (reason or "").strip():
        raise WorkflowError("请写明异议理由", field="reason")
    objection = Objection.objects.create(result=result, reason=reason.strip()[:4000], raised_by=by)
    record_event(
        result.scheme,
        by=by,
        action="assessment_objection",
        note=f"{result.subject.unit.name} {result.period}",
    )
    return objection


@transaction.atomic
def decide_objection(objection: Objection, *, by, upheld: bool, decision: str) -> Objection:
    require_office(by, objection.result.scheme.region.prefix, "处理考核异议", office="督察（考核）办")
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    if locked.status != ObjectionStatus.OPEN:
        raise WorkflowError("该异议已处理", field="objection", code="duplicate")
    if not (decision or "").strip():
        raise WorkflowError("请写明处理意见和理由", field="decision")
    locked.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    locked.decision, locked.decided_by, locked.decided_at = decision.strip(), by, timezone.now()
    locked.save(update_fields=["status", "decision", "decided_by", "decided_at"])
    record_event(
        locked.result.scheme,
        by=by,
        action="objection_decided",
        note=f"{locked.get_status_display()}：{decision[:80]}",
    )
    return locked
