"""Crash anywhere, resume, lose nothing: the CLI backfill is SIGKILLed (its whole process group)
at each crash point, then the same backfill runs again and must leave the warehouse and the lake
checksum for checksum as one clean run leaves them, with no key twice; the lake stays readable."""

import pytest

from tests.fixtures.crash import (
    backfill,
    cli_environment,
    duplicate_keys,
    kill_at,
    lake_checksums,
    mart_keys,
    raw_keys,
    warehouse_checksums,
)
from tests.fixtures.env import Env, last_days

pytestmark = pytest.mark.slow

# Density v2: paged listings (the between-pages point), merge loads, every mart downstream.
SOURCE = "density_v2"
POINTS = (
    "mid-request",
    "between-pages",
    "after-extract",
    "mid-normalize",
    "mid-load",
    "after-merge",
    "after-load-before-state",
    "mid-dbt",
)


@pytest.fixture(scope="module")
def days(fast_sim):
    """Three days: short, with a listing long enough to need a second page."""
    return last_days(fast_sim, 3)


@pytest.fixture(scope="module")
def clean(fast_sim, tmp_path_factory, days):
    """One uninterrupted backfill of the range: (warehouse checksums, lake checksums)."""
    env = Env(tmp_path_factory.mktemp("clean") / "data")
    backfill(cli_environment(env, fast_sim), days, SOURCE, env.data_dir.parent / "clean.log")
    assert any(r["query"].get("page") == "2" for r in fast_sim.requests())
    return warehouse_checksums(env.warehouse, SOURCE), lake_checksums(env.lake, SOURCE)


def _resume_and_compare(env: Env, environ: dict, sim, days, clean) -> None:
    """Run the same backfill again: it starts, fetches what it needs again, and ends where a clean
    run ends, with no key of a raw table or mart held twice."""
    sim.clear_requests()
    backfill(environ, days, SOURCE, env.data_dir.parent / "resumed.log")
    assert any(r["api"] == SOURCE for r in sim.requests())
    warehouse, lake = clean
    assert warehouse_checksums(env.warehouse, SOURCE) == warehouse
    assert lake_checksums(env.lake, SOURCE) == lake
    keys = {**raw_keys(env.warehouse, SOURCE), **mart_keys()}
    assert duplicate_keys(env.warehouse, keys) == {}


@pytest.mark.parametrize("point", POINTS)
def test_a_backfill_killed_at_the_point_resumes_to_the_clean_result(
    point, clean, fast_sim, tmp_path, days
):
    env = Env(tmp_path / "data")
    environ = cli_environment(env, fast_sim)
    kill_at(point, environ, days, SOURCE, tmp_path / "killed.log")
    assert lake_checksums(env.lake, SOURCE) is None  # no export began: still no lake to read
    _resume_and_compare(env, environ, fast_sim, days, clean)


def test_a_backfill_killed_mid_lake_export_leaves_the_old_lake_whole(
    clean, fast_sim, tmp_path, days
):
    env = Env(tmp_path / "data")
    environ = cli_environment(env, fast_sim)
    _, last = days
    backfill(environ, (last, last), SOURCE, tmp_path / "earlier.log")
    earlier = lake_checksums(env.lake, SOURCE)
    assert earlier is not None and earlier != clean[1]
    kill_at("mid-lake-export", environ, days, SOURCE, tmp_path / "killed.log")
    assert lake_checksums(env.lake, SOURCE) == earlier
    _resume_and_compare(env, environ, fast_sim, days, clean)
    versions = env.data_dir / ".lake.versions"
    assert len(list(versions.iterdir())) == 2  # the lake and the one before; the killed one gone
