"""Density v2 query parameters and pagination: validation with 400s, pages per the dialect."""

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request

from simulator.dialect import Dialect
from simulator.http.vendor_api import ApiError
from simulator.world.timeutil import parse_iso_utc

DEFAULT_PAGE_SIZE = 200
MAX_PAGE_SIZE = 1000  # the documented maximum; larger sizes are served or capped per the dialect
# `2026-11-01 00:00:00Z`: clients that format a datetime with str() send a space for the `T`.
_SPACE_SEPARATOR = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{2}:)")


def parse_time(query: Mapping[str, str], name: str, default: int | None = None) -> int:
    """A required (or defaulted) ISO-8601 UTC timestamp parameter, in microseconds."""
    text = query.get(name)
    if text is None or text == "":
        if default is None:
            raise ApiError(400, f"{name} is required (an ISO 8601 UTC timestamp).")
        return default
    try:
        return parse_iso_utc(_SPACE_SEPARATOR.sub(r"\1T\2", text.strip(), count=1))
    except ValueError:
        raise ApiError(
            400,
            f"{name} must be an ISO 8601 UTC timestamp like 2016-05-23T10:00:00.000Z, "
            f"got {text!r}.",
        ) from None


def parse_range(query: Mapping[str, str], end_default: int | None = None) -> tuple[int, int]:
    """`start_time` and `end_time`; 400 if either is missing or malformed or end < start."""
    start = parse_time(query, "start_time")
    end = parse_time(query, "end_time", end_default)
    if end < start:
        raise ApiError(400, "end_time must not be before start_time.")
    return start, end


def parse_descending(query: Mapping[str, str]) -> bool:
    """`order`: ASC (default) or DESC, any case."""
    order = query.get("order", "ASC").upper()
    if order not in ("ASC", "DESC"):
        raise ApiError(400, f"order must be ASC or DESC, got {query['order']!r}.")
    return order == "DESC"


def _positive_int(query: Mapping[str, str], name: str, default: int) -> int:
    text = query.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(400, f"{name} must be an integer, got {text!r}.") from None
    if value < 1:
        raise ApiError(400, f"{name} must be at least 1, got {value}.")
    return value


def page_params(query: Mapping[str, str], dialect: Dialect) -> tuple[int, int]:
    """`page` (default 1) and the page size served: as asked, or at most 1000 under `cap1000`."""
    page = _positive_int(query, "page", 1)
    size = _positive_int(query, "page_size", DEFAULT_PAGE_SIZE)
    if dialect.v2_page_cap == "cap1000":
        size = min(size, MAX_PAGE_SIZE)
    return page, size


def paginate(
    request: Request,
    items: list,
    render: Callable[[Any], dict],
    dialect: Dialect,
    *,
    shift: bool = False,
    total_key: str = "total",
    extra: dict | None = None,
) -> dict:
    """One page `{total, next, previous, **extra, results}`, its root and links per the dialect."""
    page, size = page_params(request.query_params, dialect)
    if shift and items:  # a record appeared at the front after the first page was served
        items = [items[0], *items]
    pages = max(1, math.ceil(len(items) / size))
    if page > pages:
        raise ApiError(404, "Invalid page.")

    def link(number: int) -> str:
        url = request.url.include_query_params(page=number)
        return str(url) if dialect.v2_next == "absolute" else f"{url.path}?{url.query}"

    return {
        "count" if dialect.v2_total == "count" else total_key: len(items),
        "next": link(page + 1) if page < pages else None,
        "previous": link(page - 1) if page > 1 else None,
        **(extra or {}),
        "results": [render(item) for item in items[(page - 1) * size : page * size]],
    }
