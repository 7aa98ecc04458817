"""What intake reads of an inspection, kept per process and checked against the database on every use.

One query a request both checks that the user may see the inspection (scope) and reads its `updated_at`;
the copy is used only while that stamp is unchanged. Every change an intake depends on — fields, target
regions and units, teams, deadline rules — moves `updated_at` (inspections.workflow), so a change made in
any process is seen by every other at its next request."""

import threading

from django.http import Http404

from inspections.models import Inspection

_copies: dict[str, tuple] = {}
_lock = threading.Lock()


def forget() -> None:
    with _lock:
        _copies.clear()


def for_intake(user, code: str) -> Inspection:
    """The inspection `code` as `user` may see it, or 404; its target regions are read."""
    row = Inspection.objects.visible_to(user).filter(code=code).values_list("pk", "updated_at").first()
    if row is None:
        raise Http404
    pk, stamp = row
    copy = _copies.get(code)
    if copy is not None and copy[0] == stamp and copy[1].pk == pk:
        return copy[1]
    inspection = Inspection.objects.select_related("office__region").get(pk=pk)
    inspection.target_region_list  # noqa: B018 — read once, kept with the copy
    with _lock:
        _copies[code] = (stamp, inspection)
    return inspection
