"""Pure request planning for Density v3: local days -> the fewest vendor-legal request bodies."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pipelines.density_v3.settings import (
    DATA_STATUS_MAX_FLOORS,
    HEALTH_MAX,
    METRICS_RESOLUTION,
    PRESENCE_MODES,
    RESOLUTION_MAX_DAYS,
    SESSIONS_MAX_DAYS,
    SPACE_BATCH,
)
from pipelines.windows import PlanError, Window, check_day_range, iso_utc, local_days_window


@dataclass(frozen=True)
class LocalDays:
    """Whole local days [first, last], sent as local wall times with an inclusive end."""

    first: date
    last: date

    @property
    def start_date(self) -> str:
        return f"{self.first.isoformat()}T00:00:00"

    @property
    def end_date(self) -> str:
        return f"{self.last.isoformat()}T23:59:59"

    def window(self, time_zone: str) -> Window:
        """The same days as a half-open UTC window in a time zone."""
        return local_days_window(self.first, self.last, time_zone)


@dataclass(frozen=True)
class Request:
    """One planned POST: its path, JSON body, time zone and the UTC window it covers."""

    path: str
    body: dict
    time_zone: str
    window: Window


def day_windows(start_date: date, end_date: date, max_days: int) -> list[LocalDays]:
    """Consecutive runs of at most `max_days` local days covering [start_date, end_date]."""
    check_day_range(start_date, end_date)
    if max_days < 1:
        raise PlanError("a window must hold at least one day")
    found, first = [], start_date
    while first <= end_date:
        last = min(first + timedelta(days=max_days - 1), end_date)
        found.append(LocalDays(first, last))
        first = last + timedelta(days=1)
    return found


def utc_day_windows(
    start_date: date, end_date: date, time_zone: str, longest: timedelta = HEALTH_MAX
) -> list[Window]:
    """Runs of whole local days whose UTC span, end inclusive, is at most `longest`.

    A run that crosses a 25-hour DST day is a day shorter than one that does not.
    """
    check_day_range(start_date, end_date)
    found, first = [], start_date
    while first <= end_date:
        last = min(first + timedelta(days=longest.days - 1), end_date)
        while last > first and _inclusive_span(first, last, time_zone) > longest:
            last -= timedelta(days=1)
        if _inclusive_span(first, last, time_zone) > longest:
            raise PlanError(f"one local day in {time_zone} is longer than {longest}")
        found.append(local_days_window(first, last, time_zone))
        first = last + timedelta(days=1)
    return found


def _inclusive_span(first: date, last: date, time_zone: str) -> timedelta:
    window = local_days_window(first, last, time_zone)
    return window.end - window.start - timedelta(seconds=1)


def inclusive_end(window: Window) -> str:
    """A half-open window's end as the inclusive `end_date` (one second before)."""
    return iso_utc(window.end - timedelta(seconds=1))


def batches(ids: Sequence[str], size: int) -> list[list[str]]:
    """`ids` in consecutive batches of at most `size`."""
    if size < 1:
        raise PlanError("a batch holds at least one id")
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def by_time_zone(spaces: Iterable[dict]) -> dict[str, list[str]]:
    """Space ids grouped by time zone, so a local range means the same instants in a request."""
    groups: dict[str, list[str]] = {}
    for space in spaces:
        groups.setdefault(space.get("time_zone") or "UTC", []).append(space["id"])
    return dict(sorted(groups.items()))


def counted_spaces(spaces: Iterable[dict]) -> list[dict]:
    """Spaces with sensors of their own (a counting mode): the ones with analytics."""
    return [s for s in spaces if s.get("counting_mode")]


def presence_floors(spaces: Sequence[dict]) -> list[dict]:
    """Floors with open-area (OA or Waffle) spaces below them: the ones with a data status."""
    by_id = {s["id"]: s for s in spaces}

    def has_presence(space_id: str) -> bool:
        space = by_id.get(space_id, {})
        return space.get("counting_mode") in PRESENCE_MODES or any(
            has_presence(c) for c in space.get("children_ids") or ()
        )

    return [s for s in spaces if s.get("space_type") == "floor" and has_presence(s["id"])]


def analytics_requests(
    spaces: Sequence[dict],
    start_date: date,
    end_date: date,
    path: str = "/analytics/metrics",
    resolution: str = METRICS_RESOLUTION,
    batch: int = SPACE_BATCH,
) -> list[Request]:
    """Per time zone and space batch, one request per longest range the resolution allows."""
    if resolution not in RESOLUTION_MAX_DAYS:
        raise PlanError(f"unknown time_resolution {resolution!r}")
    return [
        Request(
            path,
            {
                "space_ids": ids,
                "start_date": days.start_date,
                "end_date": days.end_date,
                "time_resolution": resolution,
            },
            tz,
            days.window(tz),
        )
        for tz, group in by_time_zone(counted_spaces(spaces)).items()
        for ids in batches(group, batch)
        for days in day_windows(start_date, end_date, RESOLUTION_MAX_DAYS[resolution])
    ]


def sessions_requests(
    spaces: Sequence[dict], start_date: date, end_date: date, batch: int = SPACE_BATCH
) -> list[Request]:
    """Raw sessions: per time zone and space batch, 60-day windows of local days, no Z."""
    return [
        Request(
            "/analytics/sessions/raw",
            {"space_ids": ids, "start_date": days.start_date, "end_date": days.end_date},
            tz,
            days.window(tz),
        )
        for tz, group in by_time_zone(counted_spaces(spaces)).items()
        for ids in batches(group, batch)
        for days in day_windows(start_date, end_date, SESSIONS_MAX_DAYS)
    ]


def health_requests(
    spaces: Sequence[dict], start_date: date, end_date: date, batch: int = SPACE_BATCH
) -> list[Request]:
    """Sensor health changes: per time zone and space batch, windows of at most 10 days (UTC)."""
    return [
        Request(
            "/sensors/health",
            {"space_ids": ids, "start_date": iso_utc(w.start), "end_date": inclusive_end(w)},
            tz,
            w,
        )
        for tz, group in by_time_zone(counted_spaces(spaces)).items()
        for ids in batches(group, batch)
        for w in utc_day_windows(start_date, end_date, tz)
    ]


def data_status_requests(spaces: Sequence[dict], start_date: date, end_date: date) -> list[Request]:
    """Data status: per time zone, at most 5 floors and at most 10 days (UTC) per request."""
    return [
        Request(
            "/analytics/data-status",
            {"floor_ids": ids, "start_date": iso_utc(w.start), "end_date": inclusive_end(w)},
            tz,
            w,
        )
        for tz, group in by_time_zone(presence_floors(spaces)).items()
        for ids in batches(group, DATA_STATUS_MAX_FLOORS)
        for w in utc_day_windows(start_date, end_date, tz)
    ]


def backfill_requests(spaces: Sequence[dict], start_date: date, end_date: date) -> list[Request]:
    """Every fact request of a backfill over local days, given the spaces listing."""
    return [
        *analytics_requests(spaces, start_date, end_date),
        *sessions_requests(spaces, start_date, end_date),
        *health_requests(spaces, start_date, end_date),
        *data_status_requests(spaces, start_date, end_date),
    ]
