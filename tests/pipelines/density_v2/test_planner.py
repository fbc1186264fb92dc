"""The Density v2 planner: counts windows of whole pages, events from the last daily reset."""

from datetime import UTC, date, datetime, timedelta

import pytest

from pipelines.density_v2.planner import (
    counts_windows,
    events_window,
    last_reset_at_or_before,
    since_created,
)
from pipelines.windows import PlanError, Window, local_days_window


def _hours(window: Window) -> float:
    return (window.end - window.start) / timedelta(hours=1)


def test_counts_windows_fill_whole_pages_and_cover_the_range_exactly():
    windows = counts_windows(date(2026, 10, 6), date(2026, 11, 19), "America/New_York", "1h", 1000)
    days = local_days_window(date(2026, 10, 6), date(2026, 11, 19), "America/New_York")
    assert [_hours(w) for w in windows] == [1000, _hours(days) - 1000]
    assert windows[0].start == days.start and windows[-1].end == days.end
    assert all(a.end == b.start for a, b in zip(windows, windows[1:], strict=False))


def test_counts_windows_at_five_minutes_hold_one_page_each():
    windows = counts_windows(date(2026, 1, 1), date(2026, 1, 10), "UTC", "5m", 1000)
    assert len(windows) == 3  # 2880 samples
    assert [(w.end - w.start) / timedelta(minutes=5) for w in windows] == [1000, 1000, 880]


def test_counts_windows_above_the_documented_page_size_ask_fewer_pages():
    # a server that serves 5000 answers each window in one request; one that caps at 1000 is
    # followed by `next`, so the windows are right for both
    windows = counts_windows(date(2026, 1, 1), date(2026, 12, 31), "UTC", "1h", 5000)
    assert [_hours(w) for w in windows] == [5000, 365 * 24 - 5000]


@pytest.mark.parametrize(("interval", "page_size"), [("1M", 1000), ("2h", 10), ("1h", 0)])
def test_counts_windows_refuse_what_the_vendor_would(interval, page_size):
    with pytest.raises(PlanError):
        counts_windows(date(2026, 1, 1), date(2026, 1, 2), "UTC", interval, page_size)


@pytest.mark.parametrize(
    ("instant", "reset", "expected"),
    [
        # New York midnight on 2026-11-10 is 05:00Z; the 04:00 reset of the day before was 09:00Z.
        (datetime(2026, 11, 10, 5, tzinfo=UTC), "04:00", datetime(2026, 11, 9, 9, tzinfo=UTC)),
        (datetime(2026, 11, 10, 5, tzinfo=UTC), None, datetime(2026, 11, 9, 9, tzinfo=UTC)),
        (datetime(2026, 11, 10, 5, tzinfo=UTC), "00:00", datetime(2026, 11, 10, 5, tzinfo=UTC)),
        (datetime(2026, 11, 10, 5, tzinfo=UTC), "23:00", datetime(2026, 11, 10, 4, tzinfo=UTC)),
    ],
)
def test_last_reset_before_an_instant(instant, reset, expected):
    assert last_reset_at_or_before(instant, "America/New_York", reset) == expected


def test_events_window_opens_at_the_reset_before_the_first_day():
    window = events_window(date(2026, 11, 10), date(2026, 11, 11), "Asia/Kolkata", "02:00")
    assert window.start == datetime(2026, 11, 8, 20, 30, tzinfo=UTC)  # 02:00 IST on the 9th
    assert window.end == datetime(2026, 11, 11, 18, 30, tzinfo=UTC)


def test_counts_start_at_the_hour_the_space_was_created_in():
    created = datetime(2026, 3, 2, 10, 23, tzinfo=UTC)  # 15:53 in Kolkata: hours start at :30 UTC
    windows = counts_windows(
        date(2026, 3, 1), date(2026, 3, 3), "Asia/Kolkata", "1h", 1000, created
    )
    assert windows == [Window(datetime(2026, 3, 2, 9, 30, tzinfo=UTC), windows[0].end)]
    assert windows[0].end == datetime(2026, 3, 3, 18, 30, tzinfo=UTC)


def test_a_space_created_after_the_range_is_not_asked():
    created = datetime(2026, 3, 5, tzinfo=UTC)
    assert counts_windows(date(2026, 3, 1), date(2026, 3, 3), "UTC", "1h", 1000, created) == []
    assert events_window(date(2026, 3, 1), date(2026, 3, 3), "UTC", None, created) is None


def test_events_open_at_creation_when_it_is_after_the_last_reset():
    created = datetime(2026, 3, 1, 2, 0, 7, tzinfo=UTC)  # after the 04:00 reset of Feb 28
    window = events_window(date(2026, 3, 1), date(2026, 3, 1), "UTC", None, created)
    assert window == Window(created, datetime(2026, 3, 2, tzinfo=UTC))
    earlier = datetime(2026, 1, 1, tzinfo=UTC)
    unclamped = events_window(date(2026, 3, 1), date(2026, 3, 1), "UTC", None, None)
    assert events_window(date(2026, 3, 1), date(2026, 3, 1), "UTC", None, earlier) == unclamped


@pytest.mark.parametrize(
    ("created", "start"),
    [
        (None, datetime(2026, 3, 1, tzinfo=UTC)),
        (datetime(2026, 3, 1, 0, 0, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC)),
        (datetime(2026, 3, 1, 5, 59, 59, tzinfo=UTC), datetime(2026, 3, 1, 5, tzinfo=UTC)),
        (datetime(2026, 3, 1, 6, tzinfo=UTC), datetime(2026, 3, 1, 6, tzinfo=UTC)),
    ],
)
def test_since_created_floors_to_the_sample_grid(created, start):
    days = Window(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC))
    assert since_created(days, created, timedelta(hours=1)) == Window(start, days.end)


def test_malformed_daily_reset_is_named():
    with pytest.raises(PlanError, match="'4am'"):
        events_window(date(2026, 11, 10), date(2026, 11, 10), "UTC", "4am")
