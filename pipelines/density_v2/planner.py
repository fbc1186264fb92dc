"""Pure request planning for the Density v2 contract: local days -> counts and events windows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pipelines.density_v2.settings import DEFAULT_DAILY_RESET, INTERVAL_SECONDS, MAX_PAGE_SIZE
from pipelines.windows import PlanError, Window, local_days_window, split_window


def _parse_reset(daily_reset: str | None) -> time:
    text = daily_reset or DEFAULT_DAILY_RESET
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


def counts_windows(
    start_date: date,
    end_date: date,
    time_zone: str,
    interval: str = "1h",
    page_size: int = MAX_PAGE_SIZE,
) -> list[Window]:
    """Counts windows for one space: each fills exactly one page of samples (the last may not)."""
    if interval not in INTERVAL_SECONDS:
        raise PlanError(
            f"interval {interval!r} has no fixed length; use one of {sorted(INTERVAL_SECONDS)}"
        )
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise PlanError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}")
    step = timedelta(seconds=INTERVAL_SECONDS[interval] * page_size)
    return split_window(local_days_window(start_date, end_date, time_zone), step)


def events_window(
    start_date: date, end_date: date, time_zone: str, daily_reset: str | None
) -> Window:
    """Events window for one space, opened at the last reset before the range (counts rebuild)."""
    days = local_days_window(start_date, end_date, time_zone)
    return Window(last_reset_at_or_before(days.start, time_zone, daily_reset), days.end)
