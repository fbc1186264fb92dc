"""The Density v2 planner: counts windows of whole pages, events from the last daily reset."""

from datetime import UTC, date, datetime, timedelta

import pytest

from pipelines.density_v2.planner import counts_windows, events_window, last_reset_at_or_before
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


@pytest.mark.parametrize(
    ("interval", "page_size"), [("1M", 1000), ("2h", 10), ("1h", 1001), ("1h", 0)]
)
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


def test_malformed_daily_reset_is_named():
    with pytest.raises(PlanError, match="'4am'"):
        events_window(date(2026, 11, 10), date(2026, 11, 10), "UTC", "4am")
