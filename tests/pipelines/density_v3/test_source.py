"""The Density v3 client and dlt source against the simulator: planned, exact, idempotent."""

import json
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from pipelines.density_v3 import density_v3_snapshots_source, density_v3_source
from pipelines.density_v3.planner import backfill_requests, presence_floors
from pipelines.http import RateLimiter, VendorClient
from simulator.config import SimulatorConfig
from simulator.density_v3.occupancy import v3_world
from simulator.density_v3.render import space_json
from simulator.server import start
from simulator.world.timeutil import US_PER_H
from tests.fixtures.simulator import local_midnight
from tests.fixtures.warehouse import query, run_source, snapshot, v3_client

TOKEN, CLIENT_ID, SECRET = "tok_density_demo", "cli_density_demo", "sec_density_demo"
DIMENSIONS = ("/spaces", "/doorways", "/labels", "/sensors")
FACTS = ("metrics", "raw_sessions", "sensor_health", "data_status")
TABLES = ("spaces", "doorways", "labels", "sensors", *FACTS)
FAST = {"density_v3_rate_per_second": 1e6, "density_v3_burst": 10**6}
pytestmark = pytest.mark.slow  # each test runs multi-window loads against the simulator (5-50 s)


class Recorder(httpx.HTTPTransport):
    """A real transport that records (method, path, JSON body, status) and can pause once."""

    def __init__(self, pause_after: int | None = None, pause: float = 0.0) -> None:
        super().__init__()
        self.calls: list[tuple[str, str, dict | None, int]] = []
        self._pause_after, self._pause = pause_after, pause

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        path = request.url.path.split("/density/v3", 1)[1]
        body = (
            None if path == "/oauth/token" or not request.content else json.loads(request.content)
        )
        self.calls.append((request.method, path, body, response.status_code))
        if len(self.calls) == self._pause_after:
            time.sleep(self._pause)
        return response


@pytest.fixture(scope="module")
def fast_v3():
    with start(SimulatorConfig(**FAST, density_v3_token_seconds=1)) as sim:
        yield sim


def load(warehouse, client: VendorClient, first: date, last: date) -> None:
    run_source(
        warehouse, "density_v3", density_v3_source(client=client, start_date=first, end_date=last)
    )


def _key(body: dict) -> str:
    return json.dumps(body, sort_keys=True)


def test_a_150_day_backfill_makes_exactly_the_planned_requests(env):
    with start(SimulatorConfig()) as sim:  # the vendor's limits: 15 per second, burst 100
        last = sim.world.now.date() - timedelta(days=1)
        first = last - timedelta(days=149)
        recorder = Recorder()
        started = time.monotonic()
        with v3_client(sim.api_url("density_v3"), token=TOKEN, transport=recorder) as client:
            load(env.warehouse, client, first, last)
        elapsed = time.monotonic() - started
        logged = sim.requests()
        truth = v3_world(sim.world)
    plan = backfill_requests([space_json(truth, s) for s in truth.folio.spaces], first, last)
    assert Counter(r["status"] for r in logged) == {200: len(plan) + len(DIMENSIONS)}
    assert Counter(r["path"] for r in logged) == Counter([*DIMENSIONS, *(r.path for r in plan)])
    sent = Counter(
        _key(body)
        for method, path, body, _ in recorder.calls
        if method == "POST" and path != "/sensors"
    )
    assert sent == Counter(_key(r.body) for r in plan)  # each window once, none missing
    batches = {
        (r.time_zone, tuple(r.body["space_ids"]))
        for r in plan
        if r.path == "/analytics/sessions/raw"
    }
    by_path = Counter(r.path for r in plan)
    assert by_path["/analytics/sessions/raw"] == 3 * len(batches) == 9
    for request in plan:
        if request.path in ("/sensors/health", "/analytics/data-status"):
            assert request.window.end - request.window.start <= timedelta(days=10)
            assert len(request.body.get("floor_ids", ())) <= 5
    assert by_path["/analytics/data-status"] == len(
        [r for r in plan if r.path == "/sensors/health"]
    )  # one batch of floors per zone
    print(f"\n150-day v3 backfill: {len(logged)} requests {dict(by_path)} in {elapsed:.1f} s")

    rows = query(
        env.warehouse,
        "select space_id, epoch_us(timestamp), time_used_raw, up_time from density_v3.metrics",
    )
    hours = Counter(space_id for space_id, *_ in rows)
    for space_id, count in hours.items():
        zone = truth.folio.space(space_id).time_zone
        assert count == (
            local_midnight(last + timedelta(days=1), zone) - local_midnight(first, zone)
        ) // timedelta(hours=1)
    by_space: dict[str, list] = {}
    for space_id, stamp, used, up in rows:
        by_space.setdefault(space_id, []).append((stamp, used, up))
    for space_id, hours_of_space in by_space.items():
        space = truth.folio.space(space_id)
        first_hour = min(h for h, _, _ in hours_of_space)
        last_hour = max(h for h, _, _ in hours_of_space)
        series = truth.series(space, first_hour, last_hour + US_PER_H, sim.world.now_us)
        for hour, used, up in hours_of_space:
            measure = series.measure([(hour, hour + US_PER_H)])
            assert (used, up) == (measure.used // 1000, round(measure.online / US_PER_H, 4))


def test_running_twice_loads_nothing_new_even_through_faults(env, fast_v3):
    last = fast_v3.world.now.date() - timedelta(days=1)
    first = last - timedelta(days=7)
    with v3_client(
        fast_v3.api_url("density_v3"),
        client_id=CLIENT_ID,
        client_secret=SECRET,
        sleep=lambda _: None,
    ) as client:
        load(env.warehouse, client, first, last)
        before = snapshot(env.warehouse, "density_v3", TABLES)
        faults = fast_v3.faults
        faults.add("density_v3", "status", times=2, status=429, retry_after=0)
        faults.add("density_v3", "status", times=2, status=503, path_contains="/analytics/")
        faults.add("density_v3", "drop", times=1, path_contains="/sessions/raw")
        faults.add("density_v3", "malformed", times=1, path_contains="/sensors/health")
        try:
            load(env.warehouse, client, first, last)
            assert faults.pending() == []  # every fault fired and was retried through
        finally:
            faults.clear()
    assert snapshot(env.warehouse, "density_v3", TABLES) == before
    assert all(before[table] for table in TABLES)
    capped = query(env.warehouse, "select count(*) from density_v3.metrics where is_capped")[0][0]
    zero_up = query(env.warehouse, "select count(*) from density_v3.metrics where up_time < 1")[0][
        0
    ]
    assert capped > 0 and zero_up > 0


def test_an_expiring_token_is_renewed_mid_backfill_without_losing_a_window(env, fast_v3, tmp_path):
    base = fast_v3.api_url("density_v3")  # its access tokens live 1 s
    last = fast_v3.world.now.date() - timedelta(days=1)
    first = last - timedelta(days=6)
    with v3_client(base, token=TOKEN) as client:
        load(env.warehouse, client, first, last)
    static = snapshot(env.warehouse, "density_v3", TABLES)
    for renewal in ("before expiry", "after a 401"):
        warehouse = tmp_path / renewal / "warehouse.duckdb"
        recorder = Recorder(pause_after=6, pause=1.1)  # the first token expires mid-run
        frozen = renewal == "after a 401"  # a client clock that never sees the expiry coming
        with v3_client(
            base,
            client_id=CLIENT_ID,
            client_secret=SECRET,
            limiter=RateLimiter(10**6, 1.0),
            transport=recorder,
            clock=(lambda: 0.0) if frozen else None,
        ) as client:
            load(warehouse, client, first, last)
        assert snapshot(warehouse, "density_v3", TABLES) == static, renewal
        statuses = Counter(
            (path == "/oauth/token", status) for _, path, _, status in recorder.calls
        )
        assert statuses[True, 200] >= 2 and (statuses[False, 401] > 0) is frozen, renewal
        answered = Counter(
            _key(body)
            for _, path, body, status in recorder.calls
            if status == 200 and body is not None and path != "/sensors"
        )
        assert set(answered.values()) == {1}  # every window answered exactly once
        for index, (_, path, body, status) in enumerate(recorder.calls):
            if status == 401:  # renewed, then the same request again
                assert recorder.calls[index + 1][1] == "/oauth/token"
                assert recorder.calls[index + 2][1:3] == (path, body)


def test_restated_recent_data_replaces_old_values(env, fast_v3, tmp_path):
    days = (date(2026, 11, 18), date(2026, 11, 19))
    base = fast_v3.api_url("density_v3")
    try:
        fast_v3.world.now = datetime(2026, 11, 19, 23, 0, tzinfo=UTC)
        with v3_client(base, token=TOKEN) as client:
            load(env.warehouse, client, *days)
            early = snapshot(env.warehouse, "density_v3", FACTS)
            fast_v3.world.now += timedelta(days=1)
            load(env.warehouse, client, *days)
            restated = snapshot(env.warehouse, "density_v3", FACTS)
            fresh_warehouse = tmp_path / "fresh" / "w.duckdb"
            load(fresh_warehouse, client, *days)
            fresh = snapshot(fresh_warehouse, "density_v3", FACTS)
    finally:
        fast_v3.world.now = fast_v3.config.now
    assert restated == fresh  # every restated value replaced the old one, nothing left behind
    assert early["metrics"] != restated["metrics"]
    assert len(early["metrics"]) < len(restated["metrics"])
    early_status = [row for row in early["data_status"] if row[2] < 1]
    assert early_status and all(row[2] == 1.0 for row in restated["data_status"])
    assert len(early["raw_sessions"]) < len(restated["raw_sessions"])
    assert set(early["raw_sessions"]) <= set(restated["raw_sessions"])  # settled sessions stay


def test_snapshots_are_appended_with_their_capture_time(env, fast_v3):
    day = fast_v3.world.now.date() - timedelta(days=1)
    with v3_client(fast_v3.api_url("density_v3"), token=TOKEN) as client:
        load(env.warehouse, client, day, day)
        facts = snapshot(env.warehouse, "density_v3", ("spaces", "metrics", "data_status"))
        for minute in (0, 15):
            captured = datetime(2026, 11, 20, 12, minute, tzinfo=UTC)
            run_source(
                env.warehouse,
                "density_v3",
                density_v3_snapshots_source(client=client, captured_at=captured),
            )
    assert snapshot(env.warehouse, "density_v3", ("spaces", "metrics", "data_status")) == facts
    spaces = query(
        env.warehouse, "select count(*) from density_v3.spaces where counting_mode is not null"
    )
    for table, per_capture in (
        ("current_occupancy", spaces[0][0]),
        ("presence_health", 8),
        ("current_sensor_health", 28),
    ):
        counts = query(
            env.warehouse, f"select captured_at, count(*) from density_v3.{table} group by 1"
        )
        assert sorted(c for _, c in counts) == [per_capture, per_capture]
    truth = v3_world(fast_v3.world)
    floors = presence_floors([space_json(truth, s) for s in truth.folio.spaces])
    assert {
        r[0] for r in query(env.warehouse, "select distinct floor_id from density_v3.data_status")
    } == {f["id"] for f in floors}
