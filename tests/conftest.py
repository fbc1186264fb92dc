"""Shared fixtures: telemetry off, a fresh dbt manifest, the simulator, and an isolated warehouse."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.env import FAST_RPM, VENDOR_ENV, Env

# The browser fixtures, one chromium per worker for every module that drives a page.
pytest_plugins = ["tests.fixtures.browser"]

for _name, _value in {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "RUNTIME__DLTHUB_TELEMETRY": "false",
    "DAGSTER_DISABLE_TELEMETRY": "true",
}.items():
    os.environ.setdefault(_name, _value)


def pytest_configure(config: pytest.Config) -> None:
    """Parse the dbt project if it changed (importing assets.dbt does), before any test imports
    the Dagster definitions; in the controlling process only: pytest-xdist's workers start after
    it and read the same manifest."""
    if not hasattr(config, "workerinput"):
        import assets.dbt  # noqa: F401


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Modules whole, and the users of the session's dbt build together (tests/fixtures/scheduling)."""
    from tests.fixtures.scheduling import ByFixtureScope

    return ByFixtureScope(config, log)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    """A test whose warehouse, lake and dlt state live in tmp_path, with no vendor variable of
    the developer's environment in sight."""
    for name in VENDOR_ENV:
        monkeypatch.delenv(name, raising=False)
    return Env(tmp_path / "data")


@pytest.fixture(scope="session")
def fast_sim() -> Iterator:
    """One simulator for the session, limits raised; tests that inject faults clear them after."""
    from simulator.config import SimulatorConfig
    from simulator.server import start

    config = SimulatorConfig(
        density_v2_rate_limit=FAST_RPM,
        omnos_rate_limit=FAST_RPM,
        density_v3_rate_per_second=FAST_RPM,
        density_v3_burst=FAST_RPM,
    )
    with start(config) as sim:
        yield sim


@pytest.fixture
def sim(fast_sim) -> Iterator:
    """The session simulator with an empty request log and no faults left over."""
    fast_sim.clear_requests()
    fast_sim.faults.clear()
    now = fast_sim.world.now
    yield fast_sim
    fast_sim.faults.clear()
    fast_sim.world.now = now


@pytest.fixture(scope="session")
def v2_fixture_build(tmp_path_factory) -> tuple[Path, dict]:
    """The dbt project built once on the raw_fixtures warehouse (Density v2 loaded, Omnos
    without credentials): (warehouse, run_results). Tests that change it work on a copy."""
    from tests.fixtures.dbt import run_dbt
    from tests.fixtures.raw_v2 import ensure_source_absent, write_v2_raw_tables

    workdir = tmp_path_factory.mktemp("dbt")
    warehouse = workdir / "warehouse.duckdb"
    write_v2_raw_tables(warehouse, "density_v2")
    ensure_source_absent(warehouse, "omnos")
    return warehouse, run_dbt(workdir, warehouse, "build")
