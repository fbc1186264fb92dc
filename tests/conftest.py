"""Shared fixtures: telemetry off, a fresh dbt manifest, the simulator, and an isolated warehouse."""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

for _name, _value in {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "RUNTIME__DLTHUB_TELEMETRY": "false",
    "DAGSTER_DISABLE_TELEMETRY": "true",
}.items():
    os.environ.setdefault(_name, _value)

# Fast limits for flows that are not about pacing; the pacing test uses the documented 60/min.
FAST_RPM = 1_000_000
VENDOR_ENV = (
    "DENSITY_API_TOKEN",
    "DENSITY_CLIENT_ID",
    "DENSITY_CLIENT_SECRET",
    "DENSITY_V2_BASE_URL",
    "DENSITY_V2_REQUESTS_PER_MINUTE",
    "DENSITY_V3_BASE_URL",
    "DENSITY_V3_REQUESTS_PER_SECOND",
    "DENSITY_V3_BURST",
    "OMNOS_API_TOKEN",
    "OMNOS_BASE_URL",
    "OMNOS_REQUESTS_PER_MINUTE",
    "OCCUSPACE_API_TOKEN",
    "OCCUSPACE_BASE_URL",
    "OCCUSPACE_REQUESTS_PER_MINUTE",
    "OCCUPANCY_WAREHOUSE",
    "OCCUPANCY_LAKE",
    "DAGSTER_HOME",
)


def pytest_configure(config: pytest.Config) -> None:
    """Parse the dbt project once, before any test imports the Dagster definitions."""
    from assets.dbt import prepare_manifest

    prepare_manifest()


@dataclass
class Env:
    """Where one test's data lives and how its sources reach the simulator."""

    data_dir: Path
    monkeypatch: pytest.MonkeyPatch

    @property
    def warehouse(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    def point_at(
        self,
        sim,
        *,
        density_token="tok_density_demo",
        omnos_token="tok_omnos_demo",
        occuspace_token="tok_occuspace_demo",
        rpm: int = FAST_RPM,
    ) -> None:
        """Configure every source against a running simulator (limits raised unless told)."""
        for name, value in {
            "DENSITY_API_TOKEN": density_token,
            "DENSITY_V2_BASE_URL": sim.api_url("density_v2"),
            "DENSITY_V2_REQUESTS_PER_MINUTE": str(rpm),
            "DENSITY_V3_BASE_URL": sim.api_url("density_v3"),
            "DENSITY_V3_REQUESTS_PER_SECOND": str(rpm),
            "DENSITY_V3_BURST": str(rpm),
            "OMNOS_API_TOKEN": omnos_token,
            "OMNOS_BASE_URL": sim.api_url("omnos"),
            "OMNOS_REQUESTS_PER_MINUTE": str(rpm),
            "OCCUSPACE_API_TOKEN": occuspace_token,
            "OCCUSPACE_BASE_URL": sim.api_url("occuspace"),
            "OCCUSPACE_REQUESTS_PER_MINUTE": str(rpm),
        }.items():
            self.monkeypatch.setenv(name, value)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    """A clean environment whose warehouse, lake and dlt state live in tmp_path."""
    for name in VENDOR_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OCCUPANCY_WAREHOUSE", str(tmp_path / "data" / "warehouse.duckdb"))
    monkeypatch.setenv("OCCUPANCY_LAKE", str(tmp_path / "data" / "lake"))
    return Env(tmp_path / "data", monkeypatch)


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
    from dbt_runner import run_dbt
    from raw_fixtures import ensure_source_absent, write_v2_raw_tables

    workdir = tmp_path_factory.mktemp("dbt")
    warehouse = workdir / "warehouse.duckdb"
    write_v2_raw_tables(warehouse, "density_v2")
    ensure_source_absent(warehouse, "omnos")
    return warehouse, run_dbt(workdir, warehouse, "build")


def last_days(sim, days: int) -> tuple[date, date]:
    """The `days` complete days before the simulator's present."""
    last = sim.world.now.date() - timedelta(days=1)
    return last - timedelta(days=days - 1), last
