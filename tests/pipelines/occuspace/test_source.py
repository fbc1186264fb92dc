"""The Occuspace dlt source on the simulator: plan, truth, messages, failures, reruns."""

import logging
from collections import Counter
from datetime import date, timedelta
from datetime import time as clock

import httpx
import pytest
import respx
from dlt.pipeline.exceptions import PipelineStepFailed

from pipelines.http import BearerToken, RateLimiter, VendorClient
from pipelines.occuspace import occuspace_snapshots_source, occuspace_source
from pipelines.occuspace.planner import plan_location
from simulator.occuspace.locations import ATHLETICS_ID, MAKER_SPACE_ID
from simulator.occuspace.metrics import daily_occupancy, hourly_occupancy, message
from simulator.occuspace.world import OccuspaceWorld
from simulator.world.timeutil import local_midnight, to_us
from tests.fixtures.env import last_days
from tests.fixtures.warehouse import client, query, run_source, snapshot

TABLES = (
    "locations",
    "daily_occupancy",
    "hourly_occupancy",
    "daily_visitors",
    "hourly_visitors",
    "daily_dwell_time",
    "request_outcomes",
)
FACTS = TABLES[1:-1]


def load(
    sim,
    warehouse,
    first,
    last,
    *,
    token="tok_occuspace_demo",
    transport=None,
    max_attempts=3,
    source=occuspace_source,
):
    """One run of an Occuspace source against the simulator, retries without sleeping."""
    args = {"start_date": first, "end_date": last} if source is occuspace_source else {}
    kw = {"max_attempts": max_attempts, "transport": transport, "sleep": lambda _: None}
    with client(sim, "occuspace", token, vendor="Occuspace", **kw) as occuspace:
        run_source(warehouse, "occuspace", source(client=occuspace, **args))


def problems(warehouse) -> list[dict]:
    """The requests of the latest load that got no data, as `request_outcomes` keeps them (a
    forbidden location once, at its 401: its later requests were not sent)."""
    rows = query(
        warehouse,
        "select location_id, endpoint, outcome, error from occuspace.request_outcomes"
        " where outcome <> 'ok' and http_status is not null and _dlt_load_id ="
        " (select max(_dlt_load_id) from occuspace.request_outcomes) order by all",
    )
    return [
        dict(zip(("location_id", "endpoint", "outcome", "error"), r, strict=True)) for r in rows
    ]


class MissingEndpoint(httpx.HTTPTransport):
    """Sends one request path to a path the vendor does not have (its HTML 404 page answers)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(self.path):
            url = request.url.copy_with(path=request.url.path + "_v0")
            request = httpx.Request(request.method, url, headers=request.headers)
        return super().handle_request(request)


def hours_in(day: date, tz: str) -> int:
    return (local_midnight(day + timedelta(1), tz) - local_midnight(day, tz)) // 3_600_000_000


@pytest.fixture(scope="module")
def backfill(fast_sim, tmp_path_factory):
    """A 60-day backfill and its request log, then the same range loaded again."""
    warehouse = tmp_path_factory.mktemp("occuspace") / "data" / "warehouse.duckdb"
    fast_sim.clear_requests()
    fast_sim.faults.clear()
    first, last = last_days(fast_sim, 60)
    load(fast_sim, warehouse, first, last)
    log = fast_sim.requests()
    once = snapshot(warehouse, "occuspace", TABLES)
    first_problems = problems(warehouse)
    load(fast_sim, warehouse, first, last)
    yield {
        "first": first,
        "last": last,
        "log": log,
        "once": once,
        "twice": snapshot(warehouse, "occuspace", TABLES),
        "problems": first_problems,
        "warehouse": warehouse,
        "hourly": query(
            warehouse,
            "select location_id, normalized_date, normalized_time, fold, "
            "avg_occupancy, avg_percentage_occupied, peak_occupancy, "
            "peak_percentage_occupied, vendor_message "
            "from occuspace.hourly_occupancy",
        ),
    }


def test_a_60_day_backfill_asks_hourly_occupancy_per_day_and_the_rest_per_range(backfill, fast_sim):
    first, last, log = backfill["first"], backfill["last"], backfill["log"]
    world = OccuspaceWorld(fast_sim.config.seed)
    planned = Counter()
    for loc in world.locations():
        if loc.id != ATHLETICS_ID:
            for request in plan_location(loc.id, loc.earliest_count, first, last):
                planned[request.path, request.params["start"], request.params["end"]] += 1
    asked = Counter((r["path"], r["query"].get("start"), r["query"].get("end")) for r in log)
    assert asked.pop(("/locations", None, None)) == 1
    forbidden = [r for r in log if r["path"].startswith(f"/locations/{ATHLETICS_ID}/")]
    assert [r["status"] for r in forbidden] == [401]  # asked once, then skipped
    asked.pop((forbidden[0]["path"], str(first), str(last)))
    assert asked == planned and set(planned.values()) == {1}
    assert not any(f"/{MAKER_SPACE_ID}/" in r["path"] for r in log)  # no earliestCount
    hourly = Counter(path.rsplit("/", 2)[1] for path, *_ in planned if "hourly_occ" in path)
    assert hourly[str(1568)] == 30 and hourly[str(1560)] == 60  # activated on 2026-10-21
    assert Counter(r["status"] for r in log) == {200: 1 + len(planned), 401: 1}
    assert [(p["location_id"], p["outcome"]) for p in backfill["problems"]] == [
        (ATHLETICS_ID, "forbidden")
    ]


def truth_of_hourly_rows(world, loc, day, now_us) -> list[tuple]:
    """The simulator's hourly_occupancy of one day as warehouse rows (fold numbers repeats)."""
    said = message(world, loc, day, day, now_us)
    seen: Counter[str] = Counter()
    rows = []
    for row in hourly_occupancy(world, loc, day, day, now_us)["hourlyOccupancy"]:
        label = row["normalizedTime"]
        rows.append(
            (
                loc.id,
                day,
                clock.fromisoformat(label),
                seen[label],
                row["avgOccupancy"],
                row["avgPercentageOccupied"],
                row["peakOccupancy"],
                row["peakPercentageOccupied"],
                said,
            )
        )
        seen[label] += 1
    return rows


def test_hourly_rows_match_the_truth_with_24_or_25_hours_a_day(backfill, fast_sim):
    first, last = backfill["first"], backfill["last"]
    world, now_us = OccuspaceWorld(fast_sim.config.seed), to_us(fast_sim.world.now)
    truth, hours_per_day = [], Counter()
    for loc in world.locations():
        if loc.id in (ATHLETICS_ID, MAKER_SPACE_ID):
            continue
        day = max(first, loc.earliest_count)
        while day <= last:
            rows = truth_of_hourly_rows(world, loc, day, now_us)
            if not world.outages(loc.id, day):
                assert len(rows) == hours_in(day, loc.time_zone)
                hours_per_day[len(rows)] += 1
            truth.extend(rows)
            day += timedelta(1)
    assert sorted(backfill["hourly"]) == sorted(truth)
    loaded = query(
        backfill["warehouse"],
        "select distinct count(*) from occuspace.hourly_occupancy "
        "group by location_id, normalized_date",
    )
    assert {n for (n,) in loaded} >= {24, 25} and set(hours_per_day) == {24, 25}


def test_every_non_ok_message_is_kept_for_its_location_and_day(backfill, fast_sim):
    first, last = backfill["first"], backfill["last"]
    world = OccuspaceWorld(fast_sim.config.seed)
    by_day = {(loc, day): said for loc, day, *_, said in backfill["hourly"]}
    noted = 0
    for (loc, day), said in by_day.items():
        notes = world.day_notes(loc, day)
        assert said == (" ".join(notes) or "OK"), (loc, day)
        noted += bool(notes)
    assert noted > 20
    daily = query(
        backfill["warehouse"],
        "select location_id, any_value(vendor_message) from occuspace.daily_occupancy group by all",
    )
    for loc, said in daily:
        day = max(first, world.location(loc).earliest_count)
        while day <= last:
            assert all(note in said for note in world.day_notes(loc, day))
            day += timedelta(1)
    outcomes = query(
        backfill["warehouse"],
        "select outcome, count(*) from occuspace.request_outcomes group by all",
    )
    assert dict(outcomes) == {"ok": len(backfill["log"]) - 2, "forbidden": 4 + 60}


def test_daily_rows_match_the_truth_and_a_second_run_changes_nothing(backfill, fast_sim):
    first, last = backfill["first"], backfill["last"]
    world, now_us = OccuspaceWorld(fast_sim.config.seed), to_us(fast_sim.world.now)
    expected = sorted(
        (
            loc.id,
            date.fromisoformat(row["normalizedDate"]),
            row["avgOccupancy"],
            row["peakOccupancy"],
            row["peakPercentageOccupied"],
        )
        for loc in world.locations()
        if loc.id != ATHLETICS_ID
        for row in daily_occupancy(world, loc, first, last, now_us)["dailyOccupancy"]
    )
    assert (
        query(
            backfill["warehouse"],
            "select location_id, normalized_date, avg_occupancy, peak_occupancy, "
            "peak_percentage_occupied from occuspace.daily_occupancy order by all",
        )
        == expected
    )
    assert backfill["twice"] == backfill["once"]
    assert all(backfill["once"][table] for table in TABLES)


def test_a_day_that_skips_an_hour_has_23_hourly_rows(env, sim):
    for day, location in ((date(2026, 3, 8), 1572), (date(2026, 3, 29), 1575)):
        load(sim, env.warehouse, day, day)
        counts = query(
            env.warehouse,
            "select location_id, count(*) from occuspace.hourly_occupancy "
            "where normalized_date = ? group by all",
            [day],
        )
        assert dict(counts)[location] == 23


def test_a_401_a_404_page_and_a_500_each_skip_only_their_request(env, sim, caplog):
    first, last = last_days(sim, 3)
    sim.faults.add(
        "occuspace", "status", status=500, times=3, path_contains="/locations/1563/daily_visitors"
    )
    caplog.set_level(logging.WARNING, logger="pipelines.occuspace")
    load(
        sim,
        env.warehouse,
        first,
        last,
        transport=MissingEndpoint("/locations/1571/daily_dwell_time"),
    )
    skipped = problems(env.warehouse)
    said = {p["outcome"]: p["error"] for p in skipped}
    assert len(skipped) == 3 and said == {
        "forbidden": f"location {ATHLETICS_ID} (Athletics Annex) is not readable with this "
        "Occuspace token (HTTP 401 on daily_occupancy); its data is skipped",
        "unavailable": f"location 1563 (Reading Room): daily_visitors {first}..{last} skipped: "
        "Occuspace is unavailable for GET /locations/1563/daily_visitors "
        "(HTTP 500: A server error occurred.) after 3 attempts; try again later.",
        "not_found": f"location 1571 (Food Court): daily_dwell_time {first}..{last} skipped: "
        "Occuspace has no GET /locations/1571/daily_dwell_time (HTTP 404): "
        "Error Cannot GET /occuspace/v1/locations/1571/daily_dwell_time_v0",
    }
    assert [
        (r.levelname, r.getMessage())
        for r in caplog.records
        # the vendor's discrepancy messages are logged too (tests/.../test_readings.py)
        if r.name.startswith("pipelines.occuspace") and "says:" not in r.getMessage()
    ] == [
        ("ERROR", said["unavailable"]),
        ("ERROR", said["not_found"]),
        ("WARNING", said["forbidden"]),
    ]
    skipped = query(
        env.warehouse,
        "select location_id, endpoint from occuspace.request_outcomes "
        "where outcome not in ('ok', 'forbidden')",
    )
    assert sorted(skipped) == [(1563, "daily_visitors"), (1571, "daily_dwell_time")]
    per_table = {
        t: {
            loc
            for (loc,) in query(env.warehouse, f"select distinct location_id from occuspace.{t}")
        }
        for t in FACTS
    }
    readable = {n for (n,) in query(env.warehouse, "select id from occuspace.locations")} - {
        ATHLETICS_ID,
        MAKER_SPACE_ID,
    }
    assert per_table["daily_visitors"] == readable - {1563}  # every other location loaded
    assert per_table["daily_dwell_time"] == readable - {1571}
    assert per_table["hourly_occupancy"] == per_table["daily_occupancy"] == readable

    load(
        sim, env.warehouse, first, last
    )  # a clean run fills the gaps; then faults again lose nothing
    clean = snapshot(env.warehouse, "occuspace", TABLES[:-1])
    sim.faults.add("occuspace", "status", status=500, times=3, path_contains="/1563/daily_vis")
    load(
        sim,
        env.warehouse,
        first,
        last,
        transport=MissingEndpoint("/locations/1571/daily_dwell_time"),
    )
    assert snapshot(env.warehouse, "occuspace", TABLES[:-1]) == clean


def test_a_bad_token_fails_the_run_and_a_vendor_that_keeps_failing_stops_it(env, sim):
    with pytest.raises(PipelineStepFailed) as failed:
        load(sim, env.warehouse, date(2026, 11, 1), date(2026, 11, 2), token="tok_revoked")
    assert (
        "Occuspace rejected the API token on GET /locations (HTTP 401: Unauthorized: the "
        "token is invalid.)"
    ) in str(failed.value)
    sim.clear_requests()
    sim.faults.add("occuspace", "status", status=500, times=100, path_contains="/locations/")
    with pytest.raises(PipelineStepFailed, match="HTTP 500"):
        load(sim, env.warehouse, date(2026, 11, 1), date(2026, 11, 2), max_attempts=2)
    assert len(sim.requests()) == 1 + 3 * 2  # three requests in a row failed: gave up


def test_snapshots_append_each_capture_with_its_time(env, sim):
    load(sim, env.warehouse, None, None, source=occuspace_snapshots_source)
    load(sim, env.warehouse, None, None, source=occuspace_snapshots_source)
    rows = query(
        env.warehouse,
        "select id, count, is_active, vendor_message, captured_at, child_counts "
        "from occuspace.now where outcome = 'ok' order by captured_at",
    )
    assert len(rows) == 2 * 17 and len({r[4] for r in rows}) == 2 * 17
    assert ATHLETICS_ID not in {r[0] for r in rows}
    unread = query(
        env.warehouse, "select id, outcome, count from occuspace.now where outcome <> 'ok'"
    )
    assert unread == [(ATHLETICS_ID, "forbidden", None)] * 2
    maker = [r for r in rows if r[0] == MAKER_SPACE_ID]
    assert maker[0][1:4] == (0, False, "No counts have been recorded for this location yet.")
    assert all(r[5] is None for r in maker)


def test_an_html_body_is_never_data(env):
    base = "https://api.occuspace.io/v1"
    node = {
        "id": 1,
        "name": "Lab",
        "parentID": None,
        "capacity": 9,
        "earliestCount": "2026-11-01",
        "isActive": True,
    }
    with respx.mock(base_url=base) as mock:
        mock.get("/locations").respond(json={"message": "OK", "data": [node]})
        mock.get("/locations/1/hourly_occupancy").respond(json={"hourlyOccupancy": []})
        mock.get(url__regex=r"/locations/1/(daily|hourly_visitors)").respond(
            html="<html><body>Down for maintenance</body></html>"
        )
        occuspace = VendorClient(
            vendor="Occuspace",
            base_url=base,
            auth=BearerToken("tok_test"),
            limiter=RateLimiter(1000, 1.0),
            max_attempts=1,
        )
        run_source(
            env.warehouse,
            "occuspace",
            occuspace_source(
                client=occuspace, start_date=date(2026, 11, 1), end_date=date(2026, 11, 1)
            ),
        )
    skipped = problems(env.warehouse)
    said = {p["endpoint"]: p["error"] for p in skipped}
    assert {p["outcome"] for p in skipped} == {"malformed"} and len(said) == 5
    assert said["daily_occupancy"].endswith(
        "Occuspace sent a non-JSON body for GET /locations/1/daily_occupancy (HTTP 200, "
        "text/html; charset=utf-8) after 1 attempt; try again later."
    )
    assert said["hourly_occupancy"].endswith(
        "Occuspace sent a body without the {message, data} envelope for GET "
        "/locations/1/hourly_occupancy."
    )
    assert query(env.warehouse, "select count(*) from occuspace.locations") == [(1,)]
