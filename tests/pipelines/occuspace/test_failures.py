"""The Occuspace dlt source when requests fail: 401, an HTML 404, 500s, a bad token; snapshots."""

import logging
from datetime import date

import pytest
import respx
from dlt.pipeline.exceptions import PipelineStepFailed

from pipelines.http import BearerToken, RateLimiter, VendorClient
from pipelines.occuspace import occuspace_snapshots_source, occuspace_source
from simulator.occuspace.locations import ATHLETICS_ID, MAKER_SPACE_ID
from tests.fixtures.env import last_days
from tests.fixtures.warehouse import query, run_source, snapshot
from tests.pipelines.occuspace.runs import FACTS, TABLES, MissingEndpoint, load, problems

pytestmark = pytest.mark.slow  # dlt loads against the simulator (seconds each)


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
