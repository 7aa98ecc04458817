"""The disclosure table's 责任追究情况 column, built from the records behind a complaint and the configurable
publication rules: what the public reads about each person (by default the unit, the post and the form,
never the name: "对某镇人民政府分管副镇长诫勉谈话")."""

from accountability.models import PublicationRule, Record, RecordStatus, form_names

DEFAULT_PATTERN = "对{unit}{post}{form}"
PUBLISHED_STATUSES = (RecordStatus.DECIDED, RecordStatus.CARRIED_OUT)


def rules() -> dict[str, str]:
    return dict(PublicationRule.objects.values_list("cadre_level", "pattern"))


def public_phrase(record: Record, patterns: dict[str, str], names: dict[str, str]) -> str:
    pattern = patterns.get(record.cadre_level, DEFAULT_PATTERN)
    values = {
        "unit": record.unit.name,
        "post": record.post,
        "name": record.person_name,
        "form": names.get(record.form, record.form),
    }
    try:
        return pattern.format(**values)
    except (KeyError, IndexError, ValueError):
        # A rule saved around the admin's check still never shows a name by accident.
        return DEFAULT_PATTERN.format(**values)


def published_records():
    """The queryset to prefetch as `accountability_records` when building public rows."""
    return Record.objects.filter(status__in=PUBLISHED_STATUSES).select_related("unit").order_by("pk")


def column(records, fallback: str, patterns: dict[str, str], names: dict[str, str]) -> str:
    """The public text for one complaint: its decided records by the rules, else the feedback's words."""
    phrases = [public_phrase(r, patterns, names) for r in records]
    if phrases:
        return f"问责{len(phrases)}人：" + "；".join(phrases) + "。"
    return fallback or "无"


def column_context() -> tuple[dict[str, str], dict[str, str]]:
    return rules(), form_names()
