"""Pure request planning: a range of local days -> the fewest vendor-legal request windows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Density v2 interval spellings with a fixed length (a month has none, so it cannot size a window).
INTERVAL_SECONDS = {
    "1m": 60,
    "5m": 300,
    "10m": 600,
    "15m": 900,
    "1h": 3600,
    "1d": 86400,
    "1w": 604800,
}
V2_MAX_PAGE_SIZE = 1000
V2_DEFAULT_DAILY_RESET = "04:00"


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


def _parse_reset(daily_reset: str | None) -> time:
    text = daily_reset or V2_DEFAULT_DAILY_RESET
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise PlanError(f"daily_reset {text!r} is not a HH:MM time") from None


def last_reset_at_or_before(instant: datetime, time_zone: str, daily_reset: str | None) -> datetime:
    """The latest daily-reset instant <= `instant`: where the running count last started from 0."""
    zone = ZoneInfo(time_zone)
    reset = _parse_reset(daily_reset)
    local_day = instant.astimezone(zone).date()
    same_day = datetime.combine(local_day, reset, zone).astimezone(UTC)
    if same_day <= instant:
        return same_day
    return datetime.combine(local_day - timedelta(days=1), reset, zone).astimezone(UTC)


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


def v2_counts_windows(
    start_date: date,
    end_date: date,
    time_zone: str,
    interval: str = "1h",
    page_size: int = V2_MAX_PAGE_SIZE,
) -> list[Window]:
    """Counts windows for one space: each fills exactly one page of samples (the last may not)."""
    if interval not in INTERVAL_SECONDS:
        raise PlanError(
            f"interval {interval!r} has no fixed length; use one of {sorted(INTERVAL_SECONDS)}"
        )
    if not 1 <= page_size <= V2_MAX_PAGE_SIZE:
        raise PlanError(f"page_size must be between 1 and {V2_MAX_PAGE_SIZE}, got {page_size}")
    step = timedelta(seconds=INTERVAL_SECONDS[interval] * page_size)
    return split_window(local_days_window(start_date, end_date, time_zone), step)


def v2_events_window(
    start_date: date, end_date: date, time_zone: str, daily_reset: str | None
) -> Window:
    """Events window for one space, opened at the last reset before the range (counts rebuild)."""
    days = local_days_window(start_date, end_date, time_zone)
    return Window(last_reset_at_or_before(days.start, time_zone, daily_reset), days.end)


def iso_utc(instant: datetime) -> str:
    """ISO-8601 UTC with a trailing Z, the form the v2 API documents."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
