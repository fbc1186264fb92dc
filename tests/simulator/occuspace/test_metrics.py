"""Occuspace v1 data over HTTP: every range endpoint's fields, DST days, parents, gaps, messages."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from simulator.occuspace.locations import GROUP_STUDY_ID, MAKER_SPACE_ID
from simulator.occuspace.world import OccuspaceWorld
from tests.fixtures.simulator import (
    FIRST_FLOOR,
    HARPER,
    OPEN_WORKSPACE,
    RANGE_FIELDS,
    READING_ROOM,
    UNION_LOUNGE,
    ok,
    rows,
)

WORLD = OccuspaceWorld(7)


@pytest.mark.parametrize("endpoint", sorted(RANGE_FIELDS))
def test_every_range_endpoint_has_the_documented_fields(api, endpoint):
    key, fields = RANGE_FIELDS[endpoint]
    found = rows(api, 1560, endpoint, date(2026, 11, 2), date(2026, 11, 4))
    assert found and all(set(row) == fields for row in found)
    for row in found:
        if "timestamp" in row:  # UTC, as in the documentation's examples
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", row["timestamp"])
        if "normalizedTime" in row:
            assert re.fullmatch(r"\d{2}:00:00", row["normalizedTime"])
        for name in ("avgPercentageOccupied", "peakPercentageOccupied"):
            assert 0 <= row.get(name, 0) <= 1  # a share: 0.2 is 20 %
    daily = endpoint.startswith("daily")
    assert len(found) == (3 if daily else 24 if endpoint == "hourly_occupancy" else 72)


def test_hourly_occupancy_aggregates_each_hour_of_day_over_the_range(api):
    days = [date(2026, 11, 9) + timedelta(n) for n in range(3)]
    assert not any(WORLD.outages(READING_ROOM, d) for d in days)
    per_day = [rows(api, READING_ROOM, "hourly_occupancy", d) for d in days]
    over_range = rows(api, READING_ROOM, "hourly_occupancy", days[0], days[-1])
    assert [r["normalizedTime"] for r in over_range] == [f"{h:02d}:00:00" for h in range(24)]
    for hour, row in enumerate(over_range):
        singles = [day[hour] for day in per_day]
        assert row["peakOccupancy"] == max(s["peakOccupancy"] for s in singles)
        assert abs(row["avgOccupancy"] - sum(s["avgOccupancy"] for s in singles) / 3) <= 1


@pytest.mark.parametrize(
    ("location", "day", "hours", "repeated"),
    [
        (UNION_LOUNGE, date(2026, 3, 8), 23, None),  # Chicago springs forward: no 02:00
        (UNION_LOUNGE, date(2026, 11, 1), 25, "01:00:00"),  # Chicago falls back
        (OPEN_WORKSPACE, date(2026, 3, 29), 23, None),  # Berlin springs forward
        (OPEN_WORKSPACE, date(2026, 10, 25), 25, "02:00:00"),  # Berlin falls back
    ],
)
def test_a_dst_day_has_23_or_25_hours(api, location, day, hours, repeated):
    assert not WORLD.outages(location, day)
    hourly = rows(api, location, "hourly_occupancy", day)
    times = [r["normalizedTime"] for r in hourly]
    assert len(times) == hours
    assert [t for t in times if times.count(t) == 2] == ([repeated] * 2 if repeated else [])
    visitors = rows(api, location, "hourly_visitors", day)
    assert [r["normalizedTime"] for r in visitors] == times
    assert len({r["timestamp"] for r in visitors}) == hours  # each a distinct UTC hour


def test_a_parent_counts_the_sum_of_its_children(api, sim):
    day = date(2026, 11, 4)
    floor = rows(api, FIRST_FLOOR, "daily_visitors", day)[0]["visitors"]
    zones = [rows(api, z, "daily_visitors", day)[0]["visitors"] for z in (1563, 1564)]
    assert floor == sum(zones)
    sim.world.now = datetime(2026, 11, 4, 17, 10, tzinfo=UTC)  # 11:10 in Chicago
    _, now = ok(api.get(f"/locations/{HARPER}/now"))
    assert now["count"] == sum(c["count"] for c in now["childCounts"]) > 0
    assert now["timestamp"] == "2026-11-04T17:00:00.000Z"
    assert now["percentage"] == round(now["count"] / 345, 2)
    assert [c["name"] for c in now["childCounts"]] == [
        "Harper Library 1st Floor",
        "Harper Library 2nd Floor",
    ]
    _, leaf = ok(api.get(f"/locations/{READING_ROOM}/now"))
    assert leaf["childCounts"] is None and leaf["isActive"] is True


def test_days_before_earliest_count_have_no_rows_and_a_message(api):
    message, data = ok(
        api.get(
            f"/locations/{GROUP_STUDY_ID}/daily_occupancy",
            params={"start": "2026-10-15", "end": "2026-10-22"},
        )
    )
    assert [r["normalizedDate"] for r in data["dailyOccupancy"]] == ["2026-10-21", "2026-10-22"]
    assert "before the location was activated" in message and "2026-10-21" in message
    assert rows(api, GROUP_STUDY_ID, "hourly_occupancy", date(2026, 10, 20)) == []
    message, data = ok(
        api.get(
            f"/locations/{MAKER_SPACE_ID}/daily_visitors",
            params={"start": "2026-11-01", "end": "2026-11-02"},
        )
    )
    assert message == "No counts have been recorded for this location yet."
    assert data == {"dailyVisitors": []}


def test_an_outage_leaves_hours_out_and_says_so(api):
    day = next(
        d for d in (date(2026, 10, 1) + timedelta(n) for n in range(60)) if WORLD.outage(HARPER, d)
    )
    message, data = ok(
        api.get(
            f"/locations/{READING_ROOM}/hourly_occupancy",
            params={"start": day.isoformat(), "end": day.isoformat()},
        )
    )
    assert message.startswith(f"Missing data on {day}: the client network of Harper Library")
    assert len(data["hourlyOccupancy"]) < 24
    campus_message, _ = ok(
        api.get(
            "/locations/1560/daily_occupancy",
            params={"start": day.isoformat(), "end": day.isoformat()},
        )
    )
    assert f"Missing data on {day}" in campus_message
    other = day + timedelta(days=1)
    if not WORLD.day_notes(READING_ROOM, other):
        message, _ = ok(
            api.get(
                f"/locations/{READING_ROOM}/daily_occupancy",
                params={"start": other.isoformat(), "end": other.isoformat()},
            )
        )
        assert message == "OK"


def test_a_closed_zone_counts_zero_and_its_parent_says_part_was_closed(api):
    day = next(
        d
        for d in (date(2026, 10, 1) + timedelta(n) for n in range(60))
        if WORLD.closed(1564, d) and not WORLD.outages(1564, d)
    )
    params = {"start": day.isoformat(), "end": day.isoformat()}
    message, data = ok(api.get("/locations/1564/daily_occupancy", params=params))
    assert message == f"The location was closed on {day}."
    assert data["dailyOccupancy"][0]["peakOccupancy"] == 0
    message, _ = ok(api.get(f"/locations/{FIRST_FLOOR}/daily_occupancy", params=params))
    assert message == (
        f"Portions of the location were closed and some were open on {day} (closed: Study Commons)."
    )


def test_the_present_is_the_last_day_with_data(api, sim):
    today = sim.world.now.date()
    message, data = ok(
        api.get(
            f"/locations/{READING_ROOM}/daily_occupancy",
            params={"start": str(today - timedelta(1)), "end": "2026-12-31"},
        )
    )
    assert [r["normalizedDate"] for r in data["dailyOccupancy"]][-1] == str(today)
    assert f"Data for {today} and later is not complete yet." in message
