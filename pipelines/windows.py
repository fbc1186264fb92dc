"""Days and request windows: local days -> UTC instants, the pieces every vendor planner uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Window:
    """A half-open UTC request window [start, end)."""

    start: datetime
    end: datetime


class PlanError(ValueError):
    """A range or parameter that no vendor request can express."""


def check_day_range(start_date: date, end_date: date) -> None:
    """Reject a reversed range with a message that names both ends."""
    if end_date < start_date:
        raise PlanError(f"end date {end_date} is before start date {start_date}")


def partition_days(window_start: datetime, window_end: datetime) -> tuple[date, date]:
    """Dagster's daily partition window [start, end) -> the inclusive first and last day."""
    first, last = window_start.date(), (window_end - timedelta(days=1)).date()
    check_day_range(first, last)
    return first, last


def local_midnight_utc(day: date, time_zone: str) -> datetime:
    """The UTC instant at which `day` begins in `time_zone`."""
    return datetime.combine(day, time.min, ZoneInfo(time_zone)).astimezone(UTC)


def local_days_window(start_date: date, end_date: date, time_zone: str) -> Window:
    """Local days [start_date, end_date] as one UTC window: 23- and 25-hour DST days included."""
    check_day_range(start_date, end_date)
    return Window(
        local_midnight_utc(start_date, time_zone),
        local_midnight_utc(end_date + timedelta(days=1), time_zone),
    )


def utc_days_window(start_date: date | None, end_date: date | None) -> Window:
    """The run's calendar days in UTC: the window a dimension snapshot was taken for (an empty
    window at datetime.min when a source is only declared, without a range)."""
    if start_date is None or end_date is None:
        never = datetime.min.replace(tzinfo=UTC)
        return Window(never, never)
    return local_days_window(start_date, end_date, "UTC")


def split_window(window: Window, step: timedelta) -> list[Window]:
    """Consecutive windows of `step` covering `window`, the last one clipped."""
    if step <= timedelta(0):
        raise PlanError("a request window must be longer than zero")
    pieces, start = [], window.start
    while start < window.end:
        end = min(start + step, window.end)
        pieces.append(Window(start, end))
        start = end
    return pieces


def iso_utc(instant: datetime) -> str:
    """ISO-8601 UTC to the second with a trailing Z, the form the vendors document."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
