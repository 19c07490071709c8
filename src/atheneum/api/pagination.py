"""One page shape for every list: `{count, page, pages, items}`, pages of 50 (at most 100).

Lists must come in a stable order (ordered by a field and then the primary key), so paging
through a list never skips or repeats an item.
"""

import math
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


class Pagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        count: int
        page: int
        pages: int
        items: list[Any]

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request, **params):
        size = pagination.page_size
        offset = (pagination.page - 1) * size
        count = self._items_count(queryset)
        return {
            "count": count,
            "page": pagination.page,
            "pages": max(1, math.ceil(count / size)),
            "items": list(queryset[offset : offset + size]),
        }
