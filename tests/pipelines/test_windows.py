"""Days and windows: local days -> UTC windows, DST and half-hour zones included."""

from datetime import UTC, date, datetime, timedelta

import pytest

from pipelines.windows import (
    PlanError,
    Window,
    iso_utc,
    local_days_window,
    partition_days,
    split_window,
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


def test_split_window_refuses_empty_steps_and_clips_the_last():
    window = Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, 5, tzinfo=UTC))
    assert [_hours(w) for w in split_window(window, timedelta(hours=2))] == [2, 2, 1]
    with pytest.raises(PlanError):
        split_window(window, timedelta(0))


def test_iso_utc_converts_and_uses_z():
    from zoneinfo import ZoneInfo

    local = datetime(2026, 7, 1, 12, tzinfo=ZoneInfo("Europe/London"))
    assert iso_utc(local) == "2026-07-01T11:00:00Z"
