"""Every reading of the vendor docs' open points gives the same warehouse.

The simulator serves each switch of simulator/dialect.py in one of three dialects that together
speak every reading; the whole job (four vendors, dbt, lake) runs under each over six days around
the autumn DST change (a 25-hour day in New York, whose repeated hour is where naive local times
are ambiguous), and every mart must equal the default dialect's, row for row.
"""

import pickle
from datetime import date

import pytest
from filelock import FileLock

from pipelines.vendors import SOURCE_NAMES
from simulator.config import SimulatorConfig
from simulator.dialect import Dialect, every_reading
from simulator.server import start
from tests.fixtures.env import FAST_RPM, Env
from tests.fixtures.runs import load_and_build
from tests.fixtures.warehouse import query

pytestmark = pytest.mark.slow

FIRST, LAST = date(2026, 10, 29), date(2026, 11, 3)  # holds New York's 25-hour 1 November
MARTS = (
    "spaces",
    "occupancy_hourly",
    "occupancy_daily",
    "working_hours_daily",
    "sessions",
    "floor_data_status",
    "data_quality_flags",
)


def _config(dialect: Dialect) -> SimulatorConfig:
    return SimulatorConfig(
        density_v2_rate_limit=FAST_RPM,
        omnos_rate_limit=FAST_RPM,
        density_v3_rate_per_second=FAST_RPM,
        density_v3_burst=FAST_RPM,
        dialect=dialect,
    )


def _run(dialect: Dialect, data_dir) -> dict[str, list[tuple]]:
    """The marts (and the raw sessions' instants) after one backfill under `dialect`."""
    with start(_config(dialect)) as sim:
        env = Env(data_dir)
        run = load_and_build(env.resources(sim), FIRST, LAST, list(SOURCE_NAMES))
        assert run.success, f"{dialect}: {run.failure}"
    marts = {m: query(env.warehouse, f"select * from marts.{m} order by all") for m in MARTS}
    marts["raw sessions"] = query(
        env.warehouse,
        "select space_id, start_time, end_time from density_v3.raw_sessions order by all",
    )
    return marts


@pytest.fixture(scope="session")
def default_marts(tmp_path_factory, worker_id) -> dict[str, list[tuple]]:
    """The default dialect's warehouse, built once for every xdist worker (the first to need it
    builds it under a lock, the others wait for it), so each other dialect runs in parallel."""
    root = tmp_path_factory.getbasetemp()  # this session's own, shared by its workers
    shared = (root if worker_id == "master" else root.parent) / "dialect-default.pickle"
    with FileLock(f"{shared}.lock"):
        if not shared.exists():
            marts = _run(Dialect(), tmp_path_factory.mktemp("dialect") / "data")
            shared.write_bytes(pickle.dumps(marts))
    return pickle.loads(shared.read_bytes())


@pytest.mark.parametrize("dialect", every_reading()[1:], ids=repr)
def test_every_dialect_gives_the_default_dialects_marts(default_marts, dialect, tmp_path):
    assert all(default_marts[m] for m in MARTS if m != "data_quality_flags"), "empty proves nothing"
    marts = _run(dialect, tmp_path / "data")
    for name, rows in default_marts.items():
        assert marts[name] == rows, f"{name} differs under {dialect}"
