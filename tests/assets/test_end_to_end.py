"""A 45-day backfill of Density v2 and Omnos through Dagster, checked against the simulator's truth."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from math import ceil
from zoneinfo import ZoneInfo

import pytest
from dagster import AssetCheckEvaluation, AssetCheckSeverity, AssetKey
from dagster._core.events import StepMaterializationData

from pipelines.density_v2.planner import counts_windows, events_window
from pipelines.windows import local_days_window
from simulator.world.timeutil import from_us
from tests.fixtures.env import Env, last_days
from tests.fixtures.runs import load_and_build
from tests.fixtures.warehouse import query

pytestmark = pytest.mark.slow

PORTFOLIOS = {"density_v2": ("density", "density"), "omnos": ("omnos", "omnos")}
MARTS = ("spaces", "occupancy_hourly", "occupancy_daily", "data_quality_flags")


SOURCES = ["density_v2", "omnos"]


def _marts(env: Env) -> dict[str, list[tuple]]:
    return {
        mart: query(env.warehouse, f"select * from marts.{mart} order by all") for mart in MARTS
    }


@pytest.fixture(scope="module")
def backfill(fast_sim, tmp_path_factory):
    """One 45-day backfill (and the request log it made), shared by the assertions below."""
    env = Env(tmp_path_factory.mktemp("e2e") / "data")
    fast_sim.clear_requests()
    first, last = last_days(fast_sim, 45)
    run = load_and_build(env.resources(fast_sim), first, last, SOURCES)
    yield run, fast_sim.requests(), (first, last), env


def test_backfill_succeeds_and_every_dbt_test_passes_as_an_asset_check(backfill):
    run, *_ = backfill
    assert run.success, run.failure
    evaluations = run.specific(AssetCheckEvaluation)
    assert len(evaluations) > 20
    # days_final warns (WARN) about the loaded days the vendors may still restate; nothing fails
    assert {e.check_name for e in evaluations if not e.passed} <= {"days_final"}
    assert all(e.severity == AssetCheckSeverity.WARN for e in evaluations if not e.passed)


def test_one_hourly_row_per_space_per_local_hour(backfill, fast_sim):
    _, _, (first, last), env = backfill
    for vendor, portfolio in PORTFOLIOS.values():
        for space in fast_sim.world.portfolio(portfolio).spaces:
            window = local_days_window(first, last, space.time_zone)
            rows = query(
                env.warehouse,
                "select count(*), count(distinct hour_start_utc), min(hour_start_utc),"
                " max(hour_start_utc) from marts.occupancy_hourly where space_key = ?",
                [f"{vendor}:{space.id}"],
            )[0]
            hours = (window.end - window.start) // timedelta(hours=1)
            assert rows == (hours, hours, window.start, window.end - timedelta(hours=1)), space.name


def test_entrance_and_exit_totals_equal_the_simulator_truth(backfill, fast_sim):
    _, _, (first, last), env = backfill
    for vendor, portfolio in PORTFOLIOS.values():
        for space in fast_sim.world.portfolio(portfolio).spaces:
            window = local_days_window(first, last, space.time_zone)
            truth = fast_sim.world.events(portfolio, space.id, window.start, window.end)
            loaded = query(
                env.warehouse,
                "select coalesce(sum(entrances), 0), coalesce(sum(exits), 0)"
                " from marts.occupancy_hourly where space_key = ?",
                [f"{vendor}:{space.id}"],
            )[0]
            entrances = sum(1 for e in truth if e.direction == 1)
            assert loaded == (entrances, len(truth) - entrances), space.name


def test_requests_are_all_legal_and_no_more_than_the_planned_minimum(backfill, fast_sim):
    _, requests, (first, last), env = backfill
    assert Counter(r["status"] for r in requests) == {200: len(requests)}
    for source, (_, portfolio) in PORTFOLIOS.items():
        minimum = 7  # one page of each dimension list, links and time segment groups included
        for space in fast_sim.world.portfolio(portfolio).spaces:
            created = from_us(space.created_us)
            minimum += len(counts_windows(first, last, space.time_zone, created_at=created))
            window = events_window(first, last, space.time_zone, space.daily_reset, created)
            if window is None:  # created after the range: nothing to ask
                continue
            events = fast_sim.world.events(portfolio, space.id, window.start, window.end)
            minimum += max(1, ceil(len(events) / 1000))
        made = [r for r in requests if r["api"] == source]
        assert len(made) == minimum, source
        assert all(int(r["query"].get("page_size", 1000)) <= 1000 for r in made)


def test_each_days_materialization_carries_that_days_rows_and_the_runs_requests(backfill):
    run, requests, (first, last), env = backfill
    days = [str(first + timedelta(days=n)) for n in range((last - first).days + 1)]
    for source in SOURCES:
        made = [m.materialization for m in run.specific(StepMaterializationData)]
        counts = [m for m in made if m.asset_key == AssetKey([source, "counts"])]
        assert sorted(m.partition for m in counts) == days  # one per day, none twice
        zones = dict(query(env.warehouse, f"select id, time_zone from {source}.spaces"))
        samples = query(env.warehouse, f"select space_id, epoch(timestamp) from {source}.counts")
        local_days = Counter(
            str(datetime.fromtimestamp(at, UTC).astimezone(ZoneInfo(zones[space])).date())
            for space, at in samples
        )
        for m in counts:
            assert m.metadata["rows"].value == local_days[m.partition], (source, m.partition)
            assert m.metadata["requests"].value == sum(r["api"] == source for r in requests)
            assert m.metadata["http_429"].value == 0


def test_each_marts_materialization_carries_its_row_count(backfill):
    run, *_, env = backfill
    made = [m.materialization for m in run.specific(StepMaterializationData)]
    for mart in MARTS:
        counted = {
            m.metadata["dagster/row_count"].value
            for m in made
            if m.asset_key == AssetKey(["marts", mart])
        }
        assert counted == {query(env.warehouse, f"select count(*) from marts.{mart}")[0][0]}, mart


def test_loading_the_same_range_again_changes_nothing(backfill, fast_sim):
    _, _, (first, last), env = backfill
    before = _marts(env)
    assert all(before.values())
    assert load_and_build(env.resources(fast_sim), first, last, SOURCES).success
    after = _marts(env)
    for mart in MARTS:
        assert after[mart] == before[mart], mart


def test_the_lake_holds_the_same_marts_readable_without_duckdb(backfill):
    import pyarrow.dataset as ds

    from warehouse.lake import connect_lake

    *_, env = backfill
    with connect_lake(env.lake) as lake:
        for mart in MARTS:
            rows = lake.sql(f"select * from marts.{mart} order by all").fetchall()
            assert rows == query(env.warehouse, f"select * from marts.{mart} order by all"), mart
        raw = lake.sql("select count(*) from density_v2.events").fetchone()[0]
    assert raw == query(env.warehouse, "select count(*) from density_v2.events")[0][0]
    hourly = env.lake / "marts" / "occupancy_hourly"
    months = sorted(path.name for path in hourly.iterdir())
    assert months and all(name.startswith("local_month=") for name in months)
    table = ds.dataset(hourly, format="parquet", partitioning="hive").to_table()
    assert (
        table.num_rows == query(env.warehouse, "select count(*) from marts.occupancy_hourly")[0][0]
    )
