"""Density v2 records read for loading: timestamps in UTC, utilization as a share of capacity,
every other field (unknown ones included) kept as it came."""

from __future__ import annotations

from typing import Any

from pipelines.density_v2.readings import NotRead, utilization, with_timestamps

# Timestamp fields of the dimension lists (each only where the record has it).
DIMENSION_TIMESTAMPS = ("created_at", "updated_at", "last_heartbeat")
COUNT_TIMESTAMPS = ("timestamp", "interval.start", "interval.end")
DIRECTIONS = (1, -1)


def dimension_record(record: dict) -> dict:
    """A spaces/doorways/sensors/tags/time_segments/links/time_segment_groups record."""
    return with_timestamps(record, DIMENSION_TIMESTAMPS)


def _required_timestamp(record: dict, field: str) -> dict:
    if record.get(field) is None:
        raise NotRead(f"{field} (an ISO 8601 timestamp)", record.get(field))
    return record


def count_sample(record: dict, space: dict) -> dict:
    """A counts sample of `space`: its `utilization` and `target_utilization` as shares of the
    space's capacity and target capacity (1.0 = at capacity), whatever reading was sent."""
    sample = _required_timestamp(with_timestamps(record, COUNT_TIMESTAMPS), "timestamp")
    interval = sample.get("interval")
    if interval is None:
        return sample
    if not isinstance(interval, dict):
        raise NotRead("interval (an object)", interval)
    analytics = interval.get("analytics")
    if analytics is None:
        return sample
    if not isinstance(analytics, dict):
        raise NotRead("interval.analytics (an object)", analytics)
    count_max = analytics.get("max")
    shares: dict[str, Any] = {
        name: utilization(
            analytics[name], count_max, space.get(capacity), f"interval.analytics.{name}"
        )
        for name, capacity in (
            ("utilization", "capacity"),
            ("target_utilization", "target_capacity"),
        )
        if name in analytics
    }
    return {**sample, "interval": {**interval, "analytics": {**analytics, **shares}}}


def event(record: dict) -> dict:
    """An entrance (+1) or exit (-1) with its instant and id."""
    read = _required_timestamp(with_timestamps(record, ("timestamp",)), "timestamp")
    if not isinstance(read.get("id"), str) or not read["id"]:
        raise NotRead("id (an event id)", read.get("id"))
    direction = read.get("direction")
    if isinstance(direction, bool) or direction not in DIRECTIONS:
        raise NotRead("direction (1 or -1)", direction)
    return read
