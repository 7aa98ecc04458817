"""Pollution types suggested from a complaint's words: each `TypeRule` phrase found in the text adds its
weight to its type (a phrase A+B needs both parts); a type with weight 2 or more is suggested, with the
phrases that raised it, and a level-2 type brings its level-1 type along. Several types per complaint;
the screener confirms. Offices add phrases in admin; the table is read once per change."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Count, Max

from screening.text import normalise

THRESHOLD = 2


@dataclass
class TypeSuggestion:
    type_id: int
    name: str
    parent_id: int | None
    score: int
    phrases: list = field(default_factory=list)


@lru_cache(maxsize=2)
def _rules(version) -> list[tuple[tuple[str, ...], int, int, str, int | None]]:
    from screening.models import TypeRule

    rows = TypeRule.objects.filter(is_active=True, pollution_type__is_active=True).values_list(
        "phrase", "weight", "pollution_type_id", "pollution_type__name", "pollution_type__parent_id"
    )
    return [(tuple(p.lower().split("+")), w, t, n, parent) for p, w, t, n, parent in rows]


def rules():
    from screening.models import TypeRule

    figures = TypeRule.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return _rules((figures["n"], figures["last"]))


def suggest(text: str) -> list[TypeSuggestion]:
    plain = normalise(text)
    if not plain:
        return []
    found: dict[int, TypeSuggestion] = {}
    for parts, weight, type_id, name, parent_id in rules():
        if all(part in plain for part in parts):
            entry = found.setdefault(type_id, TypeSuggestion(type_id, name, parent_id, 0))
            entry.score += weight
            entry.phrases.append("+".join(parts))
    chosen = {pk: s for pk, s in found.items() if s.score >= THRESHOLD}
    parents = {s.parent_id for s in chosen.values() if s.parent_id}
    if parents - set(chosen):
        from complaints.models import PollutionType

        for parent in PollutionType.objects.filter(pk__in=parents - set(chosen)):
            chosen[parent.pk] = TypeSuggestion(parent.pk, parent.name, None, 0)
    return sorted(chosen.values(), key=lambda s: (s.parent_id is not None, -s.score, s.name))
