"""Writing events. Every workflow function calls `record_event` once per transition."""

from audit.models import Event


def actor_name(by) -> str:
    """The name an event keeps of its actor, so that it survives the account."""
    if by is None or not by.is_authenticated:
        return ""
    return str(by)[:120]


def _settle(subject_type: str, ids, at=None) -> None:
    """A record that changes state settles what was sent about its previous state (notices.settle)."""
    from notices.workflow import settle

    settle(subject_type, ids, at=at)


def record_event(
    subject,
    *,
    by,
    action: str,
    region_prefix: str | None = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict | None = None,
    settle: bool = True,
) -> Event:
    """Append one event about `subject` (any saved model instance). The region prefix, which scopes
    who may read the event, defaults to the subject's own `region_prefix`. `settle=False` for a record
    just created: nothing can have been sent about a state it never had."""
    if region_prefix is None:
        region_prefix = getattr(subject, "region_prefix", "")
    if to_state and settle:
        _settle(subject._meta.label_lower, [subject.pk])
    return Event.objects.create(
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        region_prefix=region_prefix,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
        actor=by if by is not None and by.is_authenticated else None,
        actor_name=actor_name(by),
    )


def record_events(
    subjects, *, by, action: str, from_state: str = "", to_state: str = "", note: str = "", at=None
) -> None:
    """One event per subject, inserted in batches (a thousand complaints moving at once, or every task
    a sweep turns red). Each subject supplies its own `region_prefix`; `subjects` may be a queryset
    iterator, e.g. `rows.only("pk", "region_prefix").iterator()`: it is read in chunks, never whole."""
    from itertools import islice

    from django.utils import timezone

    at = at or timezone.now()
    actor = by if by is not None and by.is_authenticated else None
    name = actor_name(by)
    subjects = iter(subjects)
    while chunk := list(islice(subjects, CHUNK)):
        if to_state:
            _settle(chunk[0]._meta.label_lower, [s.pk for s in chunk], at=at)
        Event.objects.bulk_create(
            Event(
                subject_type=s._meta.label_lower,
                subject_id=str(s.pk),
                region_prefix=s.region_prefix,
                action=action,
                from_state=from_state,
                to_state=to_state,
                note=note,
                actor=actor,
                actor_name=name,
                at=at,
            )
            for s in chunk
        )


CHUNK = 5000


def record_events_for(
    rows, *, action: str, from_state: str = "", to_state: str = "", note: str = "", at=None
) -> int:
    """One event per row of the queryset `rows`, written by one INSERT … SELECT (a sweep that turns thousands
    of tasks red builds no objects for them); what was sent about the rows' previous state is settled in one
    UPDATE the same way. The rows must carry their own `region_prefix`. Returns how many were written."""
    from django.db import connection
    from django.db.models import F
    from django.utils import timezone

    at = at or timezone.now()
    model = rows.model
    subject_type = model._meta.label_lower
    source, params = (
        rows.values(subject=F("pk"), prefix=F("region_prefix")).order_by().query.sql_with_params()
    )
    data = "CAST('{}' AS jsonb)" if connection.vendor == "postgresql" else "'{}'"
    table = Event._meta.db_table
    sql = f"""
        INSERT INTO {table} (subject_type, subject_id, region_prefix, action, from_state, to_state, note, data,
                             actor_id, actor_name, at, chain_hash)
        SELECT %s, CAST(s.subject AS VARCHAR(40)), s.prefix, %s, %s, %s, %s, {data}, NULL, '', %s, ''
        FROM ({source}) s
    """
    stamp = connection.ops.adapt_datetimefield_value(at)
    with connection.cursor() as cursor:
        if to_state:
            from notices.workflow import settle_rows

            settle_rows(subject_type, source, params, at=at)
        cursor.execute(sql, [subject_type, action, from_state, to_state, note, stamp, *params])
        return max(cursor.rowcount, 0)
