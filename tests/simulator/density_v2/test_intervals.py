"""Density v2 ranges over HTTP: bounds, every interval, calendar months, order, metrics, now."""

import math
from datetime import UTC, datetime, timedelta

import pytest

from tests.fixtures.simulator import counts, get_all, iso, parse, space


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
