"""Faults from the vendor through a whole backfill: a tenth of requests faulted still gives the
clean run's marts, with one extra request per fault; an outage longer than the retry budget fails
in one line naming the days to re-run, and keeps what was loaded."""

import time
from collections import Counter

import pytest

from tests.fixtures.env import Env, last_days
from tests.fixtures.runs import load_and_build
from tests.fixtures.warehouse import query

pytestmark = pytest.mark.slow

SOURCES = ["density_v2", "omnos"]
RAW_TABLES = ("spaces", "counts", "events")


def _marts(env: Env) -> dict[str, list[tuple]]:
    tables = query(
        env.warehouse,
        "select table_name from duckdb_tables() where schema_name = 'marts' order by 1",
    )
    return {
        table: query(env.warehouse, f"select * from marts.{table} order by all")
        for (table,) in tables
    }


def _raw(env: Env, source: str) -> dict[str, list[tuple]]:
    return {
        table: query(
            env.warehouse,
            f"select * exclude (_dlt_load_id, _dlt_id) from {source}.{table} order by all",
        )
        for table in RAW_TABLES
    }


def _timed_run(env: Env, sim, days: tuple) -> tuple[object, float, list[dict]]:
    sim.clear_requests()
    started = time.perf_counter()
    run = load_and_build(env.resources(sim), *days, SOURCES)
    return run, time.perf_counter() - started, sim.requests()


def test_a_tenth_of_requests_faulted_gives_the_clean_marts(sim, tmp_path, record_property):
    days = last_days(sim, 2)
    clean_env, faulty_env = Env(tmp_path / "clean"), Env(tmp_path / "faulty")
    clean, clean_seconds, clean_log = _timed_run(clean_env, sim, days)
    assert clean.success, clean.failure

    sim.faults.sprinkle(0.10, seed=12, apis=SOURCES)
    faulty, faulty_seconds, faulty_log = _timed_run(faulty_env, sim, days)
    fired = sim.faults.fired()
    assert faulty.success, faulty.failure

    assert _marts(faulty_env) == _marts(clean_env)
    assert {kind for _, _, kind in fired} >= {"status", "drop"}
    assert len(fired) >= len(clean_log) // 20
    # every fault cost exactly one more request: the same request, retried
    assert Counter((r["api"], r["path"]) for r in faulty_log) == Counter(
        (r["api"], r["path"]) for r in clean_log
    ) + Counter((api, path) for api, path, _ in fired)
    ratio = faulty_seconds / clean_seconds
    record_property("faulted_to_clean_wall_time", round(ratio, 2))
    print(
        f"\n10 % faulted: {len(fired)} faults over {len(faulty_log)} requests;"
        f" clean {clean_seconds:.1f} s, faulted {faulty_seconds:.1f} s, ratio {ratio:.2f}"
    )


def test_an_outage_longer_than_the_retry_budget_fails_naming_the_days_to_rerun(env, sim):
    first, last = last_days(sim, 2)
    before = load_and_build(env.resources(sim), first, last, ["density_v2"])
    assert before.success, before.failure
    loaded = _raw(env, "density_v2")

    # a 429 storm with Retry-After 0 on every counts request: 6 attempts, then the run fails
    sim.faults.add(
        "density_v2", "status", times=10_000, status=429, retry_after=0, path_contains="/counts/"
    )
    run = load_and_build(env.resources(sim), first, last, SOURCES)

    assert run.failure == (
        "density_v2_ingest failed: Density v2 still rate-limited GET "
        f"{sim.faults.fired()[0][1]} (HTTP 429: Request was throttled.) after 6 attempts; try"
        f" again later; what was loaded before is kept, re-run local days {first}..{last} with"
        f" `occupancy-elt backfill --start {first} --end {last} --source density_v2`"
    )
    assert len(sim.faults.fired()) == 6
    assert _raw(env, "density_v2") == loaded
    assert query(env.warehouse, "select count(*) from omnos.counts")[0][0] > 0
