"""Density v2 counts and events over HTTP: agreement, resets, DST, bounds, intervals, order."""

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from simulator.server import start
from tests.fixtures.simulator import (
    DENSITY_AUTH,
    OMNOS_AUTH,
    fast_config,
    get_all,
    iso,
    local_midnight,
    parse,
    reference_intervals,
)

AUTH = {"density": DENSITY_AUTH, "omnos": OMNOS_AUTH}
API = {"density": "density_v2", "omnos": "omnos"}


@pytest.fixture(scope="module")
def sim():
    with start(fast_config()) as handle:
        yield handle


@pytest.fixture(scope="module")
def clients(sim):
    made = {
        key: httpx.Client(base_url=sim.api_url(API[key]), headers=AUTH[key], timeout=10)
        for key in AUTH
    }
    yield made
    for client in made.values():
        client.close()


def space(sim, portfolio: str, name: str):
    return next(s for s in sim.world.portfolio(portfolio).spaces if s.name == name)


def counts(client: httpx.Client, space_id: str, start: datetime, end: datetime, **params) -> dict:
    response = client.get(
        f"/spaces/{space_id}/counts/",
        params={"start_time": iso(start), "end_time": iso(end), "page_size": 1000, **params},
    )
    assert response.status_code == 200, response.text
    return response.json()


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


def test_start_is_inclusive_and_end_is_exclusive(sim, clients):
    target = space(sim, "density", "Riverside HQ")
    events = get_all(
        clients["density"],
        f"/spaces/{target.id}/events/",
        {"start_time": "2026-11-18T13:00:00Z", "end_time": "2026-11-18T15:00:00Z"},
    )
    middle = events[len(events) // 2]
    at = middle["timestamp"]
    after = get_all(clients["density"], f"/spaces/{target.id}/events/", {"start_time": at})
    before = get_all(
        clients["density"],
        f"/spaces/{target.id}/events/",
        {"start_time": "2026-11-18T13:00:00Z", "end_time": at},
    )
    assert middle in after and middle not in before
    assert all(parse(e["timestamp"]) < parse(at) for e in before)
    whole = datetime(2026, 11, 18, 10, tzinfo=UTC)
    rows = counts(clients["density"], target.id, whole, whole + timedelta(hours=2))["results"]
    assert [r["timestamp"] for r in rows] == [
        "2026-11-18T10:00:00.000Z",
        "2026-11-18T11:00:00.000Z",
    ]
    rows = counts(clients["density"], target.id, whole, whole + timedelta(hours=2, milliseconds=5))[
        "results"
    ]
    assert len(rows) == 3 and rows[-1]["interval"]["end"] == "2026-11-18T12:00:00.004Z"


@pytest.mark.parametrize(
    ("interval", "minutes"),
    [("1m", 1), ("5m", 5), ("10m", 10), ("15m", 15), ("1h", 60), ("1d", 1440), ("1w", 10080)],
)
def test_every_interval_partitions_the_range(sim, clients, interval, minutes):
    target = space(sim, "density", "HQ Floor 1")
    start = datetime(2026, 11, 9, 5, 17, 30, tzinfo=UTC)  # intervals align to start_time
    end = start + timedelta(days=9)
    rows = get_all(
        clients["density"],
        f"/spaces/{target.id}/counts/",
        {"start_time": iso(start), "end_time": iso(end), "interval": interval},
    )
    assert len(rows) == math.ceil(9 * 1440 / minutes)
    starts = [parse(r["timestamp"]) for r in rows]
    assert starts[0] == start
    step = timedelta(minutes=minutes)
    assert all(b - a == step for a, b in zip(starts, starts[1:], strict=False))
    last_end = min(end, starts[-1] + step) - timedelta(milliseconds=1)
    assert parse(rows[-1]["interval"]["end"]) == last_end
    events = get_all(
        clients["density"],
        f"/spaces/{target.id}/events/",
        {"start_time": iso(start), "end_time": iso(end)},
    )
    entrances = sum(r["interval"]["analytics"]["entrances"] for r in rows)
    assert entrances == sum(e["direction"] == 1 for e in events) > 0


def test_monthly_intervals_are_calendar_months(sim, clients):
    target = space(sim, "omnos", "Reception")
    body = counts(
        clients["omnos"],
        target.id,
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2026, 4, 15, tzinfo=UTC),
        interval="1M",
    )
    assert [(r["interval"]["start"], r["interval"]["end"]) for r in body["results"]] == [
        ("2026-01-01T00:00:00.000Z", "2026-01-31T23:59:59.999Z"),
        ("2026-02-01T00:00:00.000Z", "2026-02-28T23:59:59.999Z"),
        ("2026-03-01T00:00:00.000Z", "2026-03-31T23:59:59.999Z"),
        ("2026-04-01T00:00:00.000Z", "2026-04-14T23:59:59.999Z"),
    ]
    feb = body["results"][1]["interval"]["analytics"]
    assert feb["entry_rate"] == feb["entrances"] / (28 * 1440)


def test_descending_order_and_metrics_cover_the_whole_request(sim, clients):
    target = space(sim, "density", "Kitchen")
    start = datetime(2026, 11, 16, tzinfo=UTC)
    ascending = counts(clients["density"], target.id, start, start + timedelta(days=2))
    descending = counts(
        clients["density"], target.id, start, start + timedelta(days=2), order="desc"
    )
    assert descending["results"] == ascending["results"][::-1]
    assert descending["metrics"] == ascending["metrics"]
    paged = (
        clients["density"]
        .get(
            f"/spaces/{target.id}/counts/",
            params={
                "start_time": iso(start),
                "end_time": iso(start + timedelta(days=2)),
                "page_size": 5,
                "page": 3,
            },
        )
        .json()
    )
    assert paged["metrics"] == ascending["metrics"] and len(paged["results"]) == 5
    rows = ascending["results"]
    metrics = ascending["metrics"]
    entrances = [r["interval"]["analytics"]["entrances"] for r in rows]
    assert metrics["entrances"]["total"] == sum(entrances)
    assert metrics["entrances"]["peak"]["value"] == max(entrances)
    peak_row = rows[entrances.index(max(entrances))]
    assert metrics["entrances"]["peak"]["timestamp"] == peak_row["timestamp"]
    assert metrics["count"]["max"]["value"] == max(r["count"] for r in rows)
    assert metrics["count"]["average"] == pytest.approx(sum(r["count"] for r in rows) / len(rows))
    assert set(metrics["target_utilization"]["durations"]) == {"0", "40", "80", "100"}


def test_intervals_from_now_on_are_not_returned(sim, clients):
    target = space(sim, "density", "Riverside HQ")
    now = sim.world.now
    rows = counts(clients["density"], target.id, now - timedelta(hours=2), now + timedelta(hours=5))
    assert [r["timestamp"] for r in rows["results"]] == [
        iso(now - timedelta(hours=2)),
        iso(now - timedelta(hours=1)),
    ]
    events = (
        clients["density"]
        .get(f"/spaces/{target.id}/events/", params={"start_time": iso(now - timedelta(days=1))})
        .json()
    )
    assert events["total"] > 0
    assert all(
        parse(e["timestamp"]) < now
        for e in get_all(
            clients["density"],
            f"/spaces/{target.id}/events/",
            {"start_time": iso(now - timedelta(days=1))},
        )
    )


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


def test_events_filter_by_doorway_and_order(sim, clients):
    target = space(sim, "density", "Riverside HQ")
    params = {"start_time": "2026-11-18T00:00:00Z", "end_time": "2026-11-19T00:00:00Z"}
    everything = get_all(clients["density"], f"/spaces/{target.id}/events/", params)
    door = target.doorway_ids[1]
    through_door = get_all(
        clients["density"], f"/spaces/{target.id}/events/", {**params, "doorway_id": door}
    )
    assert through_door == [e for e in everything if e["doorway_id"] == door]
    assert 0 < len(through_door) < len(everything)
    assert set(everything[0]) == {
        "id",
        "sensor_serial_number",
        "doorway_id",
        "timestamp",
        "direction",
    }
    newest_first = get_all(
        clients["density"], f"/spaces/{target.id}/events/", {**params, "order": "DESC"}
    )
    assert newest_first == everything[::-1]
