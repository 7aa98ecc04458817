"""Import of third-party scores (第三方考核得分表): one row per unit, indicator and period. All-or-nothing,
errors by row and column. The office imports for any third-party indicator; an assessor for its own."""

from collections.abc import Iterable

from django.db import transaction
from django.http import Http404

from ducha.errors import WorkflowError
from organisations.workflow import ImportResult, RowError

REQUIRED = ("考核期", "被考核单位", "指标编号", "得分")


def subject(user, pk):
    from assessments.queries import scheme_for_user

    if pk is None:
        raise Http404
    return scheme_for_user(user, pk)


def _resolver(by_unit: dict):
    """Unit names as tables write them (市环保局, 汉滨区政府), among the scheme's subjects."""
    from organisations.models import Unit
    from organisations.names import resolve

    units = Unit.objects.filter(pk__in=list(by_unit))
    cache = {}

    def lookup(name: str):
        if name not in cache:
            cache[name] = resolve(name, units)
        return cache[name]

    return lookup


def import_scores(rows: Iterable[tuple[int, dict]], *, scheme, by) -> ImportResult:
    from assessments import periods, workflow
    from assessments.models import IndicatorKind

    result = ImportResult()
    subjects = {s.unit.name: s for s in scheme.subjects.select_related("unit")}
    subjects.update({s.unit.short_name: s for s in subjects.values() if s.unit.short_name})
    by_unit = {s.unit_id: s for s in subjects.values()}
    named = _resolver(by_unit)
    indicators = {
        i.code: i for i in scheme.indicators.exclude(kind__in=[IndicatorKind.GROUP, IndicatorKind.AUTOMATIC])
    }
    parsed = []
    seen: dict[tuple, int] = {}
    for number, values in rows:
        text = {k: str(v).strip() if v is not None else "" for k, v in values.items()}
        errors = []
        try:
            when = periods.normalise(text.get("考核期", ""))
            if periods.year_of(when) != scheme.year:
                errors.append(RowError(number, "考核期", f"应在 {scheme.year} 年内"))
        except WorkflowError as error:
            errors.append(RowError(number, "考核期", error.message))
            when = ""
        written = text.get("被考核单位", "")
        target = subjects.get(written)
        if target is None and written:
            found = named(written)
            target = by_unit.get(found.unit.pk) if found.unit is not None else None
        if target is None:
            found = named(written) if written else None
            errors.append(
                RowError(number, "被考核单位", f"“{written}”不是本方案的考核对象", unit_name=written,
                         candidates=[u.pk for u in found.candidates] if found else [])
            )  # fmt: skip
        indicator = indicators.get(text.get("指标编号", ""))
        if indicator is None:
            errors.append(
                RowError(
                    number, "指标编号", f"“{text.get('指标编号', '')}”不是本方案的第三方或督察办评分指标"
                )
            )
        elif not workflow.may_import(by, indicator):
            errors.append(RowError(number, "指标编号", f"您不能为指标“{indicator.name}”评分"))
        elif not errors:
            try:
                points = workflow._points(text.get("得分", ""), indicator)
            except WorkflowError as error:
                errors.append(RowError(number, "得分", error.message))
            else:
                key = (when, target.pk, indicator.pk)
                if key in seen:
                    errors.append(RowError(number, "被考核单位", f"与第 {seen[key]} 行重复"))
                seen[key] = number
                parsed.append((indicator, target, when, points, text.get("评分说明", "")))
        result.errors.extend(errors)
    if result.errors:
        return result
    with transaction.atomic():
        for indicator, target, when, points, note in parsed:
            workflow.enter_score(
                by=by,
                indicator=indicator,
                subject=target,
                period=when,
                points=points,
                note=note or "第三方评分表导入",
                imported=True,
            )
            result.created += 1
    return result
