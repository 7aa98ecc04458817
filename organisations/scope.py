"""Data scope: the one place that decides which rows a user may see.

Every staff user belongs to a unit, and every unit to a region. A region carries `prefix`, the
significant digits of its GB/T 2260 code ("13" Hebei, "1305" Xingtai, "130503" 信都区, a township
"130503001"); the country's root region has the empty prefix. A user sees the rows whose region
prefix starts with the prefix of their own region: their region's subtree, nothing of a neighbour.

Models opt in by using a queryset that subclasses `ScopedQuerySet` and naming, in
`region_prefix_lookup`, the path from the row to a region prefix. Pages, API endpoints, exports and
admin lists all call `Model.objects.visible_to(user)`; nothing else filters by region.
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Scope:
    """What one user may see. `prefix` None means nothing; `everything` means no filter at all."""

    prefix: str | None
    everything: bool = False

    @property
    def ancestor_prefixes(self) -> list[str]:
        """The prefixes of the user's own region and every region above it (for rows that are
        *about* the user's area but registered higher up, such as a city-wide inspection)."""
        if self.prefix is None:
            return []
        cuts = [n for n in (2, 4, 6, 9) if n <= len(self.prefix)]
        return ["", *(self.prefix[:n] for n in cuts)]

    def covers(self, prefix: str) -> bool:
        return self.everything or (self.prefix is not None and prefix.startswith(self.prefix))


NOTHING = Scope(prefix=None)
EVERYTHING = Scope(prefix="", everything=True)


def scope_of(user) -> Scope:
    """The scope of a user, cached on the user object for the length of a request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    cached = getattr(user, "_ducha_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = EVERYTHING
    elif user.unit_id is None:
        scope = NOTHING
    else:
        scope = Scope(prefix=user.unit.region.prefix)
    user._ducha_scope = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a region; `visible_to(user)` keeps the user's subtree."""

    region_prefix_lookup = "region__prefix"

    def visible_to(self, user):
        return self.within(scope_of(user))

    def within(self, scope: Scope):
        if scope.everything:
            return self
        if scope.prefix is None:
            return self.none()
        if scope.prefix == "":
            return self
        return self.filter(**{f"{self.region_prefix_lookup}__startswith": scope.prefix})


def require_office(by, prefix: str, what: str, *, office: str = "督察（整改）办") -> None:
    """Only an office account whose area contains `prefix` (or a superuser) may do `what`."""
    from ducha.errors import PermissionDeniedError

    if by.is_superuser:
        return
    if not by.has_role("office") or not scope_of(by).covers(prefix):
        raise PermissionDeniedError(f"只有本辖区{office}可以{what}")
