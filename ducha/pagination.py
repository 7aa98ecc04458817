"""The API's page-number pagination with bounds: a page beyond a million is refused with 422, not
turned into an SQL offset the database cannot hold."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"页码，1 至 {MAX_PAGE}")
        page_size: int | None = Field(None, ge=1, le=1000, description="每页条数，至多 1000")
