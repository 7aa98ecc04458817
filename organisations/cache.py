"""Regions by code, kept per process. A code names one division for good (GB/T 2260 codes are not reused
for another place within a table's life), so a cached row stays right; a rename reaches each process within
`REGION_CACHE_TTL` seconds, and at once in the process that saved it."""

import threading
import time

from django.conf import settings

from organisations.models import Region

_rows: dict[str, tuple[float, Region]] = {}
_lock = threading.Lock()


def forget(**_kwargs) -> None:
    with _lock:
        _rows.clear()


def region_by_code(code: str) -> Region | None:
    now = time.monotonic()
    hit = _rows.get(code)
    if hit is not None and now - hit[0] <= getattr(settings, "REGION_CACHE_TTL", 300.0):
        return hit[1]
    region = Region.objects.filter(code=code).first()
    if region is not None:
        with _lock:
            _rows[code] = (now, region)
    return region
