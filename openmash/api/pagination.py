from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

MAX_PAGE_SIZE = 500
PAGE_INVALID = "Enter a page number: a whole number from 1."
PAGE_SIZE_INVALID = "Enter a page size: a whole number from 1."


class Pagination(PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 500 (a larger one is cut to 500).

    A `page` or `page_size` that is not a whole number from 1 is a 400 naming it, as a filter the
    list would otherwise ignore is (`filters_check`); a page past the end is a 404.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        _check(request, self.page_query_param, PAGE_INVALID)
        _check(request, self.page_size_query_param, PAGE_SIZE_INVALID)
        return super().paginate_queryset(queryset, request, view)


def _check(request: Request, name: str, message: str) -> None:
    # DRF reads the last of a repeated parameter; every one must be a number all the same.
    if not all(_counts_from_one(value) for value in request.query_params.getlist(name)):
        raise ValidationError({name: [message]})


def _counts_from_one(value: str) -> bool:
    return value.isascii() and value.isdigit() and int(value) >= 1
