"""Pure request planning for Occuspace v1: a range of local days -> requests per location.

`hourly_occupancy` aggregates by hour of day over whatever range it is asked, so the only way to
get an hourly series is one request per location per local day. Every other range endpoint
returns one row per day (or per hour of each day) and has no documented longest range: one
request per location covers the whole range. No location is asked for days before its
`earliestCount`; a location without one has never counted and is not asked at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pipelines.windows import PlanError, check_day_range

HOURLY_OCCUPANCY = "hourly_occupancy"
RANGE_ENDPOINTS = ("daily_occupancy", "daily_visitors", "hourly_visitors", "daily_dwell_time")
ENDPOINTS = (*RANGE_ENDPOINTS, HOURLY_OCCUPANCY)


@dataclass(frozen=True)
class LocationRequest:
    """One GET `/locations/{location_id}/{endpoint}?start=..&end=..` (inclusive local dates)."""

    location_id: int
    endpoint: str
    start: date
    end: date

    @property
    def path(self) -> str:
        return f"/locations/{self.location_id}/{self.endpoint}"

    @property
    def params(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def parse_earliest_count(value: Any) -> date | None:
    """A location's `earliestCount` (a date, or a timestamp whose date is taken) or None."""
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise PlanError(f"earliestCount {value!r} is not a YYYY-MM-DD date") from None


def clipped_range(
    start_date: date, end_date: date, earliest_count: date | None
) -> tuple[date, date] | None:
    """The part of [start_date, end_date] from earliestCount on, or None if there is none."""
    check_day_range(start_date, end_date)
    if earliest_count is None or earliest_count > end_date:
        return None
    return max(start_date, earliest_count), end_date


def plan_location(
    location_id: int, earliest_count: date | None, start_date: date, end_date: date
) -> list[LocationRequest]:
    """One location's requests: each range endpoint once, then hourly_occupancy day by day."""
    clipped = clipped_range(start_date, end_date, earliest_count)
    if clipped is None:
        return []
    first, last = clipped
    requests = [LocationRequest(location_id, name, first, last) for name in RANGE_ENDPOINTS]
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        requests.append(LocationRequest(location_id, HOURLY_OCCUPANCY, day, day))
    return requests


def plan_requests(
    locations: list[dict[str, Any]], start_date: date, end_date: date
) -> list[LocationRequest]:
    """Every location's requests for [start_date, end_date], from `/locations` nodes."""
    return [
        request
        for node in locations
        for request in plan_location(
            int(node["id"]), parse_earliest_count(node.get("earliestCount")), start_date, end_date
        )
    ]
