"""An answer in no documented shape: the run loads everything else, fails in one line naming the
vendor, endpoint, window and field, and a re-run of the same days completes them, no key twice."""

import pytest

from tests.fixtures.env import last_days
from tests.fixtures.runs import load_and_build
from tests.fixtures.warehouse import query

pytestmark = pytest.mark.slow

KEYS = {
    "density_v3.metrics": "space_id, time_resolution, timestamp",
    "density_v3.raw_sessions": "space_id, start_time",
    "marts.occupancy_hourly": "space_key, hour_start_utc",
}


def _duplicates(env) -> dict[str, int]:
    return {
        table: query(env.warehouse, f"select count(*) - count(distinct ({key})) from {table}")[0][0]
        for table, key in KEYS.items()
    }


def test_an_unreadable_answer_fails_in_one_line_and_a_rerun_completes(env, sim):
    first, last = last_days(sim, 12)  # two 7-day metrics windows per time zone
    sim.faults.add(api="density_v3", kind="unreadable", path_contains="/analytics/metrics")
    failed = load_and_build(env.resources(sim), first, last, ["density_v3"])

    assert not failed.success
    assert "\n" not in failed.failure
    assert "Density v3 POST /analytics/metrics for " in failed.failure
    assert "re-run this window" in failed.failure
    kept = query(env.warehouse, "select count(*) from density_v3.metrics")[0][0]
    sessions = query(env.warehouse, "select count(*) from density_v3.raw_sessions")[0][0]
    assert kept > 0 and sessions > 0  # the other answers of the run were loaded

    rerun = load_and_build(env.resources(sim), first, last, ["density_v3"])
    assert rerun.success, rerun.failure
    assert query(env.warehouse, "select count(*) from density_v3.metrics")[0][0] > kept
    assert _duplicates(env) == dict.fromkeys(KEYS, 0)
