"""Recomputing a scheme's period: deductions from ducha's own records, then scores, ranks and grades.

Set-based and idempotent: in one transaction the period's deductions are deleted and re-inserted by one
INSERT … SELECT per rule, matched to subjects by place (county schemes) or by unit (department schemes);
each source yields an event once, and the unique key (scheme, period, rule, subject, event) guards that an
event never counts twice however often a period is recomputed. Scores are one
aggregate per table; ranks and grades are computed for the period's few hundred subjects at most.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from assessments import periods
from assessments.models import (
    Deduction,
    EventKind,
    Grade,
    Indicator,
    IndicatorKind,
    Result,
    Rule,
    Scheme,
    Score,
    SubjectKind,
    Veto,
)

FAILED = "('superficial', 'fake', 'perfunctory', 'rebounded')"
LIAISON_FAILED = "('surface', 'fake', 'perfunctory', 'rebound')"


def _local(column: str) -> str:
    """The Beijing-time date of a timestamp column, in this database's dialect."""
    if connection.vendor == "postgresql":
        return f"date({column} AT TIME ZONE 'Asia/Shanghai')"
    return f"date({column}, '+8 hours')"


def sources() -> dict[str, tuple[str, str, bool]]:
    """Each event kind as (a SELECT of event_key, link_label, link_pk, day, prefix, unit_id; the column the
    period filters on; whether that column is a timestamp). The filter goes on the raw column, so an index or
    a plain comparison serves it and the Beijing day is computed only for the rows that match."""
    t = _local
    action = (
        "SELECT 'action:' || a.id, 'rectification.action', a.id, {day}, a.region_prefix, a.unit_id "
        "FROM rectification_action a WHERE a.kind = '{kind}' AND a.unit_id IS NOT NULL"
    )
    return {
        EventKind.LETTER: (action.format(day="a.issued_on", kind="letter"), "a.issued_on", False),
        EventKind.RED_WARNING: (action.format(day="a.issued_on", kind="red"), "a.issued_on", False),
        EventKind.INTERVIEW: (
            action.format(day="COALESCE(a.held_on, a.issued_on)", kind="interview"),
            "COALESCE(a.held_on, a.issued_on)",
            False,
        ),
        EventKind.LATE_FEEDBACK: (
            f"SELECT 'feedback:' || f.id, 'complaints.complaint', c.id, {t('f.written_at')}, c.region_prefix, c.lead_unit_id "
            "FROM complaints_feedback f JOIN complaints_complaint c ON c.id = f.complaint_id "
            "WHERE (f.late_local_seconds > 0 OR f.late_team_seconds > 0)",
            "f.written_at",
            True,
        ),
        EventKind.OVERDUE_COMPLAINT: (
            f"SELECT 'complaint:' || c.id, 'complaints.complaint', c.id, {t('c.due_at')}, c.region_prefix, c.lead_unit_id "
            "FROM complaints_complaint c WHERE c.due_state = 'overdue'",
            "c.due_at",
            True,
        ),
        EventKind.LATE_REPORT: (
            f"SELECT 'report:' || r.id, 'rectification.task', k.id, {t('r.reported_at')}, k.region_prefix, k.lead_unit_id "
            "FROM rectification_progressreport r JOIN rectification_task k ON k.id = r.task_id WHERE r.late_days > 0",
            "r.reported_at",
            True,
        ),
        EventKind.FAILED_SPOT_CHECK: (
            "SELECT 'spot:' || i.id, 'rectification.task', k.id, i.checked_on, k.region_prefix, k.lead_unit_id "
            "FROM rectification_spotcheckitem i JOIN rectification_task k ON k.id = i.task_id "
            f"WHERE i.finding IN {FAILED}",
            "i.checked_on",
            False,
        ),
        EventKind.LIAISON_FINDING: (
            "SELECT 'finding:' || f.id, 'liaison.visit', v.id, v.visited_on, g.prefix, f.unit_id "
            "FROM liaison_finding f JOIN liaison_visit v ON v.id = f.visit_id "
            f"JOIN organisations_region g ON g.id = v.region_id WHERE f.kind IN {LIAISON_FAILED}",
            "v.visited_on",
            False,
        ),
        EventKind.RETURNED_FEEDBACK: (
            f"SELECT 'returned:' || f.id, 'complaints.complaint', c.id, {t('f.decided_at')}, c.region_prefix, c.lead_unit_id "
            "FROM complaints_feedback f JOIN complaints_complaint c ON c.id = f.complaint_id WHERE f.decision = 'returned'",
            "f.decided_at",
            True,
        ),
        EventKind.ACCOUNTABILITY_MISSING: (
            f"SELECT 'record:' || r.id, 'accountability.record', r.id, {t('r.audited_at')}, r.region_prefix, r.unit_id "
            "FROM accountability_record r WHERE r.audit_status = 'insufficient'",
            "r.audited_at",
            True,
        ),
    }


def _window(start, end, timestamp: bool) -> tuple:
    """[start, end + 1 day) in Beijing time: aware datetimes for a timestamp column, dates for a date column."""
    after = end + dt.timedelta(days=1)
    if not timestamp:
        return start, after
    zone = ZoneInfo("Asia/Shanghai")
    bounds = (
        dt.datetime.combine(start, dt.time(), tzinfo=zone),
        dt.datetime.combine(after, dt.time(), tzinfo=zone),
    )
    # As the database stores them (SQLite: UTC text), so the comparison is the database's own.
    return tuple(connection.ops.adapt_datetimefield_value(moment) for moment in bounds)


def _insert(scheme: Scheme, period: str, rule: Rule, source: tuple[str, str, bool], start, end) -> int:
    """One scan of the source within the period, joined to the scheme's subjects by place or by unit. The
    period's rows were deleted first and a source yields each event once, so nothing is counted twice."""
    select, column, timestamp = source
    select += f" AND {column} >= %s AND {column} < %s"
    match = (
        "s.prefix = substr(e.prefix, 1, 6)"
        if scheme.subject_kind == SubjectKind.COUNTY
        else "s.unit_id = e.unit_id"
    )
    columns = "(event_key, link_label, link_pk, day, prefix, unit_id)"
    sqlite = connection.vendor == "sqlite"
    lo, hi = _window(start, end, timestamp)
    sql = f"""
        {f"WITH e {columns} AS ({select})" if sqlite else ""}
        INSERT INTO assessments_deduction
            (scheme_id, period, rule_id, indicator_id, subject_id, event_key, link_label, link_pk, day, points)
        SELECT %s, %s, %s, %s, s.id, e.event_key, e.link_label, e.link_pk, e.day, %s
        FROM {"e" if sqlite else f"({select}) AS e {columns}"}
        JOIN assessments_subject s ON s.scheme_id = %s AND {match}"""
    values = [scheme.pk, period, rule.pk, rule.indicator_id, rule.points]
    # Placeholders in the order they appear: the CTE's window first on SQLite, the derived table's on PostgreSQL.
    params = [lo, hi, *values, scheme.pk] if sqlite else [*values, lo, hi, scheme.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.rowcount >= 0:
            return cursor.rowcount
    return Deduction.objects.filter(scheme=scheme, period=period, rule=rule).count()


def _liaison_gaps(scheme: Scheme, period: str, rule: Rule, end) -> int:
    """Each township left uncovered in a county's own liaison plan costs that county (county schemes)."""
    if scheme.subject_kind != SubjectKind.COUNTY:
        return 0
    from liaison.queries import gaps
    from organisations.models import Region

    rows = []
    for subject in scheme.subjects.exclude(prefix=""):
        county = Region.objects.filter(prefix=subject.prefix).first()
        if county is None or not county.children.filter(level="township").exists():
            continue
        for township in gaps(county).uncovered_regions:
            rows.append(Deduction(
                scheme=scheme, period=period, rule=rule, indicator_id=rule.indicator_id, subject=subject,
                event_key=f"gap:{township.pk}", link_label="organisations.region", link_pk=township.pk,
                day=end, points=rule.points,
            ))  # fmt: skip
    Deduction.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def recompute(scheme: Scheme, period: str) -> dict:
    """The period's deductions, scores, ranks and grades, from scratch; the same inputs give the same rows."""
    period = periods.normalise(period)
    start, end = periods.bounds(period)
    Deduction.objects.filter(scheme=scheme, period=period).delete()
    if connection.vendor == "postgresql":  # the join's plan depends on knowing how many subjects there are
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE assessments_subject")
    inserted = {}
    table = sources()
    for rule in Rule.objects.filter(indicator__scheme=scheme, indicator__kind=IndicatorKind.AUTOMATIC):
        if rule.event == EventKind.LIAISON_GAP:
            inserted[rule.event] = _liaison_gaps(scheme, period, rule, end)
        else:
            inserted[rule.event] = _insert(scheme, period, rule, table[rule.event], start, end)
    results = _results(scheme, period)
    return {"period": period, "deductions": inserted, "results": len(results)}


def _results(scheme: Scheme, period: str) -> list[Result]:
    from django.db.models import Sum

    leaves = list(Indicator.objects.filter(scheme=scheme).exclude(kind=IndicatorKind.GROUP))
    subjects = list(scheme.subjects.select_related("unit"))
    deducted = {
        (row["subject_id"], row["indicator_id"]): row["total"]
        for row in Deduction.objects.filter(scheme=scheme, period=period)
        .values("subject_id", "indicator_id")
        .annotate(total=Sum("points"))
    }
    scored = {
        (row["subject_id"], row["indicator_id"]): row["points"]
        for row in Score.objects.filter(indicator__scheme=scheme, period=period).values(
            "subject_id", "indicator_id", "points"
        )
    }
    vetoed = set(
        Veto.objects.filter(
            scheme=scheme, period__in=[period, period[:4]], approved_at__isnull=False
        ).values_list("subject_id", flat=True)
    )
    totals = []
    for subject in subjects:
        score, lost = Decimal(0), Decimal(0)
        for leaf in leaves:
            key = (subject.pk, leaf.pk)
            if leaf.kind == IndicatorKind.AUTOMATIC:
                cut = min(deducted.get(key, Decimal(0)), leaf.deduction_cap)
                points, lost = leaf.max_points - cut, lost + cut
            else:
                points = scored.get(key, Decimal(0))
            score += points * leaf.weight
        totals.append((subject, score.quantize(Decimal("0.01")), lost))
    totals.sort(key=lambda row: (-row[1], row[0].unit.name))
    stamp = timezone.now()
    results, rank, previous = [], 0, None
    for index, (subject, score, lost) in enumerate(totals, start=1):
        if score != previous:
            rank, previous = index, score
        grade = grade_of(scheme, score, vetoed=subject.pk in vetoed)
        results.append(Result(
            scheme=scheme, subject=subject, period=period, score=score, deducted=lost, rank=rank, grade=grade,
            vetoed=subject.pk in vetoed, computed_at=stamp,
        ))  # fmt: skip
    Result.objects.filter(scheme=scheme, period=period).delete()
    Result.objects.bulk_create(results)
    return results


def grade_of(scheme: Scheme, score: Decimal, *, vetoed: bool) -> str:
    """Thresholds from the scheme; a vetoed unit (一票否优) is never 优秀, whatever its score."""
    if score >= scheme.excellent_from and not vetoed:
        return Grade.EXCELLENT
    if score >= scheme.good_from or (vetoed and score >= scheme.excellent_from):
        return Grade.GOOD
    if score >= scheme.pass_from:
        return Grade.PASS
    return Grade.FAIL
