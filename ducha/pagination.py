"""Paging long lists. The API's page-number pagination is bounded: a page beyond a million is refused
with 422, not turned into an SQL offset the database cannot hold. Both the API and the pages read a page
in two steps — the page's ids first, then those rows with whatever they join — so that a deep page walks
an index (the lists' order, carrying the scope's columns) rather than thousands of joined rows."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


def rows_by_ids(queryset, bottom: int, top: int) -> list:
    """Rows `bottom`..`top` of `queryset` in its order: their ids through the index, then the rows."""
    plain = not isinstance(queryset, QuerySet) or queryset._fields or queryset.query.combinator
    if plain or queryset.query.distinct_fields:  # values(), unions, DISTINCT ON: read as they are
        return list(queryset[bottom:top])
    ids = list(queryset.values_list("pk", flat=True)[bottom:top])
    if not ids:
        return []
    found = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
    return [found[pk] for pk in ids if pk in found]


class IdPaginator(Paginator):
    """Django's paginator, reading each page by ids first (rows_by_ids)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(rows_by_ids(self.object_list, bottom, top), number, self)


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"页码，1 至 {MAX_PAGE}")
        page_size: int | None = Field(None, ge=1, le=1000, description="每页条数，至多 1000")

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        return {
            self.items_attribute: rows_by_ids(queryset, offset, offset + page_size),
            "count": self._items_count(queryset),
        }
