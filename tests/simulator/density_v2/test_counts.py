"""Density v2 counts over HTTP against the event stream: agreement, resets, negatives, DST days."""

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fixtures.simulator import (
    counts,
    get_all,
    iso,
    local_midnight,
    parse,
    reference_intervals,
    space,
)


@pytest.mark.parametrize(
    ("portfolio", "name", "interval"),
    [
        ("density", "Board Room", "1h"),  # 23:00 reset
        ("density", "Open Office East", "15m"),  # null reset, capacity unset
        ("density", "HQ Floor 2", "1h"),  # 02:00 reset
        ("density", "Bengaluru Lab", "1h"),  # half-hour zone
        ("omnos", "Huddle Room", "1h"),
        ("omnos", "Adelaide Studio", "1h"),  # half-hour zone with DST
        ("omnos", "Wellness Room", "10m"),  # capacity 0
    ],
)
def test_counts_agree_with_the_event_stream(sim, clients, portfolio, name, interval):
    target = space(sim, portfolio, name)
    start = local_midnight(date(2026, 11, 16), target.time_zone)
    end = local_midnight(date(2026, 11, 18), target.time_zone)
    body = counts(clients[portfolio], target.id, start, end, interval=interval)
    events = get_all(
        clients[portfolio],
        f"/spaces/{target.id}/events/",
        {"start_time": iso(start - timedelta(days=2)), "end_time": iso(end)},
    )
    resets = sim.world.reset_instants(portfolio, target.id, start - timedelta(days=2), end)
    rows = body["results"]
    bounds = [(parse(r["interval"]["start"]), parse(r["interval"]["end"])) for r in rows]
    bounds = [(s, e + timedelta(milliseconds=1)) for s, e in bounds]
    expected = reference_intervals(
        [(parse(e["timestamp"]), e["direction"]) for e in events], resets, bounds
    )
    assert body["total"] == len(rows) == math.ceil((end - start) / (bounds[0][1] - bounds[0][0]))
    for row, want in zip(rows, expected, strict=True):
        analytics = row["interval"]["analytics"]
        assert row["timestamp"] == row["interval"]["start"]
        assert row["count"] == want["count"]
        got = {k: analytics[k] for k in ("min", "max", "entrances", "exits")}
        assert got == {k: want[k] for k in ("min", "max", "entrances", "exits")}
        assert analytics["events"] == want["entrances"] + want["exits"]
        expected_utilization = want["max"] / target.capacity if target.capacity else None
        assert analytics["utilization"] == expected_utilization
    assert sum(r["interval"]["analytics"]["entrances"] for r in rows) > 0


def test_the_daily_reset_clears_a_nonzero_count(sim, clients):
    found = 0
    for target in sim.world.portfolio("density").spaces:
        for offset in range(1, 15):
            day = date(2026, 11, 19) - timedelta(days=offset)
            first = local_midnight(day, target.time_zone)
            reset = sim.world.reset_instants("density", target.id, first, first + timedelta(1))[0]
            if sim.world.count_at("density", target.id, reset - timedelta(minutes=1)) == 0:
                continue
            rows = counts(
                clients["density"],
                target.id,
                reset - timedelta(minutes=1),
                reset + timedelta(minutes=1),
                interval="1m",
            )["results"]
            assert rows[0]["count"] != 0 and rows[1]["count"] == 0
            found += 1
    assert found >= 3


def test_negative_counts_are_served(sim, clients):
    target = space(sim, "omnos", "Adelaide Studio")
    end = local_midnight(date(2026, 11, 20), target.time_zone)
    rows = counts(clients["omnos"], target.id, end - timedelta(days=30), end)["results"]
    assert any(r["interval"]["analytics"]["min"] < 0 for r in rows)
    assert any(r["count"] < 0 for r in rows)


@pytest.mark.parametrize(
    ("portfolio", "name", "day", "hours"),
    [
        ("density", "Riverside HQ", date(2026, 3, 8), 23),
        ("density", "Riverside HQ", date(2026, 11, 1), 25),
        ("density", "London Office", date(2026, 3, 29), 23),
        ("density", "London Office", date(2026, 10, 25), 25),
        ("density", "Bengaluru Lab", date(2026, 3, 8), 24),
        ("omnos", "Adelaide Studio", date(2026, 10, 4), 23),
        ("omnos", "Adelaide Studio", date(2026, 4, 5), 25),
        ("omnos", "Gryd West", date(2026, 11, 1), 25),
    ],
)
def test_local_days_have_their_real_number_of_hours(sim, clients, portfolio, name, day, hours):
    target = space(sim, portfolio, name)
    start = local_midnight(day, target.time_zone)
    end = local_midnight(day + timedelta(days=1), target.time_zone)
    rows = counts(clients[portfolio], target.id, start, end)["results"]
    assert len(rows) == hours
    zone = ZoneInfo(target.time_zone)
    local = [parse(r["timestamp"]).astimezone(zone) for r in rows]
    assert all(t.minute == 0 and t.second == 0 for t in local)
    assert local[0].hour == 0 and local[-1].hour == 23
    if target.time_zone in ("Asia/Kolkata", "Australia/Adelaide"):
        assert all(r["timestamp"].endswith(":30:00.000Z") for r in rows)


def test_the_campus_counts_nobody(sim, clients):
    campus = space(sim, "density", "Riverside Campus")
    body = counts(
        clients["density"],
        campus.id,
        datetime(2026, 11, 10, tzinfo=UTC),
        datetime(2026, 11, 17, tzinfo=UTC),
        interval="1d",
    )
    assert body["total"] == 7
    assert {r["interval"]["analytics"]["max"] for r in body["results"]} == {0}
    assert body["results"][0]["interval"]["analytics"]["utilization"] is None
