"""What can be imported: each domain app registers its importers when it is ready, so this app depends
on none of them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Importer:
    """`subject(user, subject_id)` finds the target the user may import into (404 otherwise);
    `run(rows, *, subject, by, progress)` imports all-or-nothing and returns an ImportResult;
    `region_prefix(subject, by)` scopes the job; `back(subject)` is the page to return to."""

    kind: str
    label: str
    required: tuple[str, ...]
    subject: Callable
    run: Callable
    region_prefix: Callable
    back: Callable


IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    IMPORTERS[importer.kind] = importer


def importer(kind: str) -> Importer:
    return IMPORTERS[kind]
