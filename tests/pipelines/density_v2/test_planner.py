"""The request planner: local days -> vendor-legal UTC windows, DST and half-hour zones included."""

from datetime import UTC, date, datetime, timedelta

import pytest

from pipelines.planner import (
    PlanError,
    Window,
    iso_utc,
    last_reset_at_or_before,
    local_days_window,
    partition_days,
    split_window,
    v2_counts_windows,
    v2_events_window,
)


def _hours(window: Window) -> float:
    return (window.end - window.start) / timedelta(hours=1)


@pytest.mark.parametrize(
    ("day", "zone", "hours", "start"),
    [
        (date(2026, 11, 1), "America/New_York", 25, datetime(2026, 11, 1, 4, tzinfo=UTC)),
        (date(2026, 3, 8), "America/New_York", 23, datetime(2026, 3, 8, 5, tzinfo=UTC)),
        (date(2026, 10, 25), "Europe/London", 25, datetime(2026, 10, 24, 23, tzinfo=UTC)),
        (date(2026, 11, 2), "Asia/Kolkata", 24, datetime(2026, 11, 1, 18, 30, tzinfo=UTC)),
        (date(2026, 10, 4), "Australia/Adelaide", 23, datetime(2026, 10, 3, 14, 30, tzinfo=UTC)),
    ],
)
def test_local_day_is_bounded_by_local_midnights(day, zone, hours, start):
    window = local_days_window(day, day, zone)
    assert window.start == start
    assert _hours(window) == hours


def test_reversed_range_is_refused_with_both_dates_named():
    with pytest.raises(PlanError, match="2026-01-01 is before start date 2026-01-05"):
        local_days_window(date(2026, 1, 5), date(2026, 1, 1), "UTC")


def test_partition_window_maps_to_inclusive_days():
    start = datetime(2026, 10, 1, tzinfo=UTC)
    assert partition_days(start, start + timedelta(days=45)) == (
        date(2026, 10, 1),
        date(2026, 11, 14),
    )


def test_counts_windows_fill_whole_pages_and_cover_the_range_exactly():
    windows = v2_counts_windows(
        date(2026, 10, 6), date(2026, 11, 19), "America/New_York", "1h", 1000
    )
    days = local_days_window(date(2026, 10, 6), date(2026, 11, 19), "America/New_York")
    assert [_hours(w) for w in windows] == [1000, _hours(days) - 1000]
    assert windows[0].start == days.start and windows[-1].end == days.end
    assert all(a.end == b.start for a, b in zip(windows, windows[1:], strict=False))


def test_counts_windows_at_five_minutes_hold_one_page_each():
    windows = v2_counts_windows(date(2026, 1, 1), date(2026, 1, 10), "UTC", "5m", 1000)
    assert len(windows) == 3  # 2880 samples
    assert [(w.end - w.start) / timedelta(minutes=5) for w in windows] == [1000, 1000, 880]


@pytest.mark.parametrize(
    ("interval", "page_size"), [("1M", 1000), ("2h", 10), ("1h", 1001), ("1h", 0)]
)
def test_counts_windows_refuse_what_the_vendor_would(interval, page_size):
    with pytest.raises(PlanError):
        v2_counts_windows(date(2026, 1, 1), date(2026, 1, 2), "UTC", interval, page_size)


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
    window = v2_events_window(date(2026, 11, 10), date(2026, 11, 11), "Asia/Kolkata", "02:00")
    assert window.start == datetime(2026, 11, 8, 20, 30, tzinfo=UTC)  # 02:00 IST on the 9th
    assert window.end == datetime(2026, 11, 11, 18, 30, tzinfo=UTC)


def test_malformed_daily_reset_is_named():
    with pytest.raises(PlanError, match="'4am'"):
        v2_events_window(date(2026, 11, 10), date(2026, 11, 10), "UTC", "4am")


def test_split_window_refuses_empty_steps_and_clips_the_last():
    window = Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, 5, tzinfo=UTC))
    assert [_hours(w) for w in split_window(window, timedelta(hours=2))] == [2, 2, 1]
    with pytest.raises(PlanError):
        split_window(window, timedelta(0))


def test_iso_utc_converts_and_uses_z():
    from zoneinfo import ZoneInfo

    local = datetime(2026, 7, 1, 12, tzinfo=ZoneInfo("Europe/London"))
    assert iso_utc(local) == "2026-07-01T11:00:00Z"
