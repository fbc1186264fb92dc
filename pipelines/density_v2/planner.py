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


def since_created(
    window: Window, created_at: datetime | None, grid: timedelta | None = None
) -> Window | None:
    """`window` from the space's `created_at` on (nothing exists before it), or None if the
    space was created at or after its end. With `grid`, the start is floored to a multiple of
    `grid` from the window's start, so that count samples keep their interval boundaries."""
    if created_at is None or created_at <= window.start:
        return window
    if created_at >= window.end:
        return None
    start = created_at
    if grid is not None:
        start = window.start + (created_at - window.start) // grid * grid
    return Window(start, window.end)


def counts_windows(
    start_date: date,
    end_date: date,
    time_zone: str,
    interval: str = "1h",
    page_size: int = MAX_PAGE_SIZE,
    created_at: datetime | None = None,
) -> list[Window]:
    """Counts windows for one space from its creation on: each asks exactly one page of
    `page_size` samples (the last may hold fewer); a server that serves smaller pages is
    followed by `next`, so a page_size above the documented 1000 costs nothing where it is
    capped and saves requests where it is served."""
    if interval not in INTERVAL_SECONDS:
        raise PlanError(
            f"interval {interval!r} has no fixed length; use one of {sorted(INTERVAL_SECONDS)}"
        )
    if page_size < 1:
        raise PlanError(f"page_size must be at least 1, got {page_size}")
    sample = timedelta(seconds=INTERVAL_SECONDS[interval])
    days = since_created(local_days_window(start_date, end_date, time_zone), created_at, sample)
    return [] if days is None else split_window(days, sample * page_size)


def events_window(
    start_date: date,
    end_date: date,
    time_zone: str,
    daily_reset: str | None,
    created_at: datetime | None = None,
) -> Window | None:
    """Events window for one space, opened at the last reset before the range (counts rebuild)
    or at the space's creation if later; None if the space did not exist yet."""
    days = local_days_window(start_date, end_date, time_zone)
    opened = Window(last_reset_at_or_before(days.start, time_zone, daily_reset), days.end)
    return since_created(opened, created_at)
