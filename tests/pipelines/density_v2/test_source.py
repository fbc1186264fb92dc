"""The Density v2 / Omnos dlt source against the simulator: exact, idempotent, fault-tolerant."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from math import ceil

import pytest

from pipelines.density_v2.planner import counts_windows, events_window
from pipelines.density_v2.settings import DIMENSIONS, OPTIONAL_DIMENSIONS
from tests.fixtures.env import last_days
from tests.fixtures.warehouse import V2_SOURCES, load_v2, query, snapshot

pytestmark = pytest.mark.slow  # dlt loads of several days against the simulator (seconds each)
OPTIONAL_LISTS = tuple(DIMENSIONS[name][0] for name in OPTIONAL_DIMENSIONS)


def test_running_twice_loads_nothing_new(env, sim):
    first, last = last_days(sim, 3)
    load_v2(sim, env.warehouse, "omnos", first, last)
    before = snapshot(env.warehouse, "omnos")
    load_v2(sim, env.warehouse, "omnos", first, last)
    assert snapshot(env.warehouse, "omnos") == before
    assert len(before["counts"]) > 0 and len(before["events"]) > 0


@pytest.mark.parametrize("source", ["density_v2", "omnos"])
def test_raw_rows_match_the_simulator_truth_and_the_plan(env, sim, source):
    portfolio_name = V2_SOURCES[source][0]
    first, last = last_days(sim, 4)
    load_v2(sim, env.warehouse, source, first, last)
    portfolio = sim.world.portfolio(portfolio_name)
    expected_requests = 5  # one page each of spaces, doorways, sensors, tags, time segments
    for space in portfolio.spaces:
        created = datetime.fromtimestamp(space.created_us / 1e6, UTC)
        counts = counts_windows(first, last, space.time_zone, created_at=created)
        window = events_window(first, last, space.time_zone, space.daily_reset, created)
        truth = sim.world.events(portfolio_name, space.id, window.start, window.end)
        rows = query(
            env.warehouse,
            f"select count(*), coalesce(sum(direction), 0) from {source}.events where space_id = ?",
            [space.id],
        )
        assert rows == [(len(truth), sum(e.direction for e in truth))]
        (hours,) = query(
            env.warehouse, f"select count(*) from {source}.counts where space_id = ?", [space.id]
        )[0]
        assert hours == sum((w.end - w.start) // timedelta(hours=1) for w in counts)
        expected_requests += len(counts) + max(1, ceil(len(truth) / 1000))
    # links and time segment groups: one page each, or a 404 where they are not served
    optional = [r for r in sim.requests() if r["path"].endswith(OPTIONAL_LISTS)]
    assert sorted(r["path"].rsplit("/", 2)[-2] for r in optional) == sorted(OPTIONAL_DIMENSIONS)
    statuses = Counter(r["status"] for r in sim.requests() if r not in optional)
    assert statuses == {200: expected_requests}


def test_faults_mid_load_change_nothing(env, sim, tmp_path):
    first, last = last_days(sim, 2)
    load_v2(sim, env.warehouse, "density_v2", first, last)
    clean = snapshot(env.warehouse, "density_v2")

    faulty = tmp_path / "faulty" / "warehouse.duckdb"
    faults = sim.faults
    faults.add("density_v2", "status", times=3, status=429, retry_after=0)
    faults.add("density_v2", "status", times=2, status=503, path_contains="/counts/")
    faults.add("density_v2", "drop", times=1, path_contains="/events/")
    faults.add("density_v2", "malformed", times=1, path_contains="/spaces/")
    faults.add("density_v2", "shift_pages", times=50, path_contains="/events/")
    load_v2(sim, faulty, "density_v2", first, last, page_size=100)
    assert faults.pending() == [] or all(f.kind == "shift_pages" for f in faults.pending())
    assert snapshot(faulty, "density_v2") == clean
    statuses = Counter(r["status"] for r in sim.requests())
    assert statuses[429] == 3 and statuses[503] == 2


def test_restated_hours_replace_old_values(env, sim):
    first, last = last_days(sim, 1)
    sim.world.now = sim.world.now.replace(hour=0)  # Los Angeles is mid-afternoon: still settling
    load_v2(sim, env.warehouse, "omnos", first, last)
    early = query(
        env.warehouse, "select count(*), sum(interval__analytics__entrances) from omnos.counts"
    )[0]
    sim.world.now += timedelta(days=1)
    load_v2(sim, env.warehouse, "omnos", first, last)
    late = query(
        env.warehouse, "select count(*), sum(interval__analytics__entrances) from omnos.counts"
    )[0]
    events = query(
        env.warehouse, "select count(*), count(distinct (space_id, id)) from omnos.events"
    )[0]
    assert late[0] >= early[0] and late[1] > early[1]  # more hours and late events arrived
    assert events[0] == events[1]  # reloading never duplicates
    portfolio = sim.world.portfolio("omnos")
    for space in portfolio.spaces:
        window = events_window(first, last, space.time_zone, space.daily_reset)
        truth = sim.world.events("omnos", space.id, window.start, window.end)
        (loaded,) = query(
            env.warehouse, "select count(*) from omnos.events where space_id = ?", [space.id]
        )[0]
        assert loaded == len(truth)
