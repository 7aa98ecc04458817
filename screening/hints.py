"""What the screener sees while typing a complaint: one function for the intake page and the API."""

from dataclasses import dataclass, field

from screening.places import Suggestion, suggest_county
from screening.pollution import suggest as suggest_types

MAX_TEXT = 5000


@dataclass
class Hints:
    place: Suggestion
    similar: list = field(default_factory=list)
    types: list = field(default_factory=list)
    threshold: float = 0.6


def hints_for(user, inspection, *, text: str, address: str = "", picked=None) -> Hints:
    """The county the address names (with the reason, or the counties a name fits); earlier complaints of
    the inspection that seem to be the same matter (searched in the whole inspection, within the user's
    scope); pollution types the words suggest. `picked` is a county the screener chose already. When the
    text says nothing of where and a repeat is found, the repeat's county is offered, saying so."""
    from complaints.queries import similar_complaints

    text, address = (text or "")[:MAX_TEXT], (address or "")[:200]
    place = suggest_county(inspection, address, text)
    region = picked or place.region
    similar = (
        similar_complaints(text, user=user, inspection=inspection, region=region, address=address)
        if len(text) >= 8
        else []
    )
    if region is None and similar:
        first = similar[0]
        place = Suggestion(region=first.region, reason=f"与 {first.number} 疑似重复，取其区县")
    return Hints(
        place=place,
        similar=similar,
        types=suggest_types(text) if len(text) >= 4 else [],
        threshold=float(inspection.duplicate_threshold),
    )
