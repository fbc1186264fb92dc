"""Pure readers of the Density v2 contract's open points: listing roots, timestamps, utilization.

Each reader accepts every plausible reading of its field (docs/density_v2.md lists them) and
raises `NotRead(field, found)` for anything else; the caller turns that into `Unreadable`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# ISO 8601 with `T` or a space before the time, optional seconds and fraction, `Z` or an offset
# or none (the docs: every timestamp the API returns is UTC, so a bare one is read as UTC).
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?", re.ASCII
)
# The listing row count: `total` as documented for most lists, `count` as the doorways list.
ROW_COUNT_KEYS = ("total", "count")


class NotRead(ValueError):
    """A value in none of the readings its field allows: `field` names it, `found` shows it."""

    def __init__(self, field: str, found: Any) -> None:
        super().__init__(f"{field}: {found!r}")
        self.field = field
        self.found = repr(found)


@dataclass(frozen=True)
class Page:
    """One listing page: its records, the row count it declares (if any) and its `next` link."""

    results: list[dict]
    total: int | None
    next: str | None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_page(body: Any) -> Page:
    """A listing root `{total|count, next, previous, results}`; the row count may be absent."""
    if not isinstance(body, dict):
        raise NotRead("a listing object", body)
    results = body.get("results")
    if not isinstance(results, list) or not all(isinstance(row, dict) for row in results):
        raise NotRead("results (a list of objects)", results)
    declared = [key for key in ROW_COUNT_KEYS if key in body]
    total = body[declared[0]] if declared else None
    if len(declared) > 1 and body["total"] != body["count"]:
        raise NotRead("total/count (two different row counts)", (body["total"], body["count"]))
    if total is not None and not (_is_int(total) and total >= 0):
        raise NotRead(f"{declared[0]} (a row count)", total)
    link = body.get("next")
    if link is not None and not (isinstance(link, str) and link.strip()):
        raise NotRead("next (a URL, a path or null)", link)
    return Page(results, total, link)


def parse_timestamp(value: Any, field: str) -> datetime | None:
    """An ISO 8601 UTC timestamp with `T` or a space, `Z`, an offset or none -> aware UTC."""
    if value is None:
        return None
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value.strip()):
        raise NotRead(f"{field} (an ISO 8601 timestamp)", value)
    try:
        instant = datetime.fromisoformat(value.strip())
    except ValueError:
        raise NotRead(f"{field} (an ISO 8601 timestamp)", value) from None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def with_timestamps(record: dict, fields: tuple[str, ...]) -> dict:
    """`record` with each present field of `fields` (dotted for nested objects) read as UTC;
    every other field, unknown ones included, kept as it came."""
    out = dict(record)
    for field in fields:
        head, _, rest = field.partition(".")
        if rest:
            if isinstance(out.get(head), dict):
                out[head] = with_timestamps(out[head], (rest,))
        elif head in out:
            out[head] = parse_timestamp(out[head], field)
    return out


def utilization(value: Any, count_max: Any, capacity: Any, field: str) -> float | None:
    """A share of capacity (1.0 = at capacity, the docs' max / capacity) from an integer
    percent, a decimal fraction, a decimal percent, or null. Negative where the interval's max
    count is (a count that drifted below zero before its daily reset).

    Where the interval's max and the space's capacity are known, the reading (value or
    value / 100) nearer to max / capacity by ratio wins; a capacity changed since only moves the
    expectation by that factor, far less than 100. Else a JSON integer is a percent and a
    decimal a fraction.
    """
    if value is None:
        return None
    if not (_is_int(value) or isinstance(value, float)) or not math.isfinite(value):
        raise NotRead(f"{field} (a number or null)", value)
    if value == 0:
        return 0.0
    known = _is_int(count_max) and count_max != 0 and _is_int(capacity) and capacity > 0
    if not known:
        return value / 100 if _is_int(value) else float(value)
    expected = abs(count_max / capacity)
    as_fraction, as_percent = float(value), value / 100
    if abs(math.log(abs(as_fraction) / expected)) <= abs(math.log(abs(as_percent) / expected)):
        return as_fraction
    return as_percent
