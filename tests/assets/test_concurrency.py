"""Concurrency by design: CLI backfills of two sources and an overlapping range, the snapshot
job and `occupancy-elt sql` readers all at once on one warehouse all succeed (the waiting ones
say so in one line), two processes on one Density credential keep one rate limit together, and
the warehouse ends as one sequential run leaves it."""

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from assets.resources import VendorConnection
from pipelines.columns import WINDOW
from simulator.server import start
from tests.fixtures.env import Env, last_days
from tests.fixtures.runs import load_and_build
from tests.fixtures.simulator import fast_config
from tests.fixtures.warehouse import query
from warehouse.lock import hold
from warehouse.paths import PROJECT_ROOT

pytestmark = pytest.mark.slow

V3_RATE = 4  # requests per second, burst 4: at most 4 in any second, both processes together
SNAPSHOT_TABLES = ("current_occupancy", "presence_health", "current_sensor_health")
# reads the live snapshots, which land before or after the last dbt build depending on timing
LIVE_MARTS = ("group_occupancy_hourly",)
# The console script `occupancy-elt`, run from this checkout.
CLI = "import sys; from assets.cli import main; sys.exit(main())"
# The snapshot job as the schedule starts it, on the environment's resources.
SNAPSHOT_JOB = (
    "from assets.definitions import defs; defs.resolve_job_def('snapshots').execute_in_process()"
)


def _start(code: str, *args: str, environ: dict, logs: Path) -> subprocess.Popen:
    """A child running `code`, its output in files under `logs`: a pipe nobody drains while the
    test waits on other children would stop the child mid-write, holding the warehouse."""
    logs.mkdir(parents=True, exist_ok=True)
    name = logs / str(len(list(logs.glob("*.out"))))
    with name.with_suffix(".out").open("w") as out, name.with_suffix(".err").open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            cwd=PROJECT_ROOT,
            env=environ,
            stdout=out,
            stderr=err,
        )
    process.log_name = name  # type: ignore[attr-defined]
    return process


def _cli(*args: str, environ: dict, logs: Path) -> subprocess.Popen:
    return _start(CLI, *args, environ=environ, logs=logs)


def _outcome(process: subprocess.Popen) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of the child, once it ended."""
    status = process.wait()
    name = process.log_name  # type: ignore[attr-defined]
    return status, name.with_suffix(".out").read_text(), name.with_suffix(".err").read_text()


def _first_line(process: subprocess.Popen, prefix: str) -> str:
    """The first line of the child's stderr starting with `prefix`, waited for while the child
    runs (it cannot end before: it waits on the warehouse the test holds)."""
    path = process.log_name.with_suffix(".err")  # type: ignore[attr-defined]
    while process.poll() is None:
        lines = [line for line in path.read_text().splitlines(True) if line.startswith(prefix)]
        if lines:
            return lines[0]
        time.sleep(0.05)
    raise AssertionError(f"the child ended without a {prefix!r} line: {path.read_text()}")


def _tables(env: Env) -> dict[str, list[tuple]]:
    """Every fact and mart table (no live snapshot), rows in order, without provenance: dlt's
    per-load columns (load ids, and row ids that differ in every load) and the request-window
    stamps (the overlapping backfill fetched its day again, in a window of its own)."""
    names = query(
        env.warehouse,
        "select schema_name, table_name from duckdb_tables()"
        " where schema_name in ('density_v2', 'density_v3', 'omnos', 'marts')"
        " and table_name not like '\\_dlt%' escape '\\' order by all",
    )
    tables = {}
    with duckdb.connect(str(env.warehouse), read_only=True) as con:
        for schema, table in names:
            if table in SNAPSHOT_TABLES or table in LIVE_MARTS:
                continue
            name = f"{schema}.{table}"
            columns = [d[0] for d in con.sql(f"select * from {name} limit 0").description]
            kept = ", ".join(
                f'"{c}"' for c in columns if not c.startswith("_dlt") and c not in WINDOW
            )
            tables[name] = con.sql(f"select {kept} from {name} order by all").fetchall()
    return tables


def _max_in_a_second(times: list[datetime]) -> int:
    """The most requests the vendor logged in any window shorter than one second."""
    stamps = sorted(t.timestamp() for t in times)
    return max(sum(1 for t in stamps[i:] if t - start < 0.98) for i, start in enumerate(stamps))


def test_writers_and_readers_at_once_all_succeed_like_a_sequential_run(env, tmp_path, monkeypatch):
    with start(fast_config(density_v3_rate_per_second=10**6, density_v3_burst=10**6)) as sim:
        env.export_for_cli(monkeypatch, sim)
        environ = {
            **os.environ,
            "DENSITY_V3_REQUESTS_PER_SECOND": str(V3_RATE),
            "DENSITY_V3_BURST": str(V3_RATE),
        }
        logs = tmp_path / "children"
        first, last = last_days(sim, 2)
        days = ["--start", str(first), "--end", str(last)]
        env.warehouse.parent.mkdir(parents=True)
        duckdb.connect(str(env.warehouse)).close()

        with hold(env.warehouse, "the test's own write"):
            reader = _cli("sql", "select 42 as answer", environ=environ, logs=logs)
            waiting = _first_line(reader, "waiting")
            writers = [
                _cli(
                    "backfill",
                    *days,
                    "--source",
                    "density_v2",
                    "--source",
                    "density_v3",
                    environ=environ,
                    logs=logs,
                ),
                _cli("backfill", *days, "--source", "omnos", environ=environ, logs=logs),
                _cli(
                    "backfill",
                    "--start",
                    str(last),
                    "--end",
                    str(last),
                    "--source",
                    "density_v3",
                    environ=environ,
                    logs=logs,
                ),
            ]
        assert waiting == (
            f"waiting for the warehouse (held by pid {os.getpid()}: the test's own write) to read\n"
        )
        snapshots = _start(SNAPSHOT_JOB, environ=environ, logs=logs)
        readers = [reader]
        while any(w.poll() is None for w in writers) and len(readers) < 4:
            readers.append(
                _cli("sql", "select count(*) from duckdb_tables()", environ=environ, logs=logs)
            )
            readers[-1].wait()
        outcomes = [_outcome(p) for p in writers + readers + [snapshots]]
        v3_log = [r for r in sim.requests() if r["api"] == "density_v3"]

    for status, _, err in outcomes:
        assert status == 0, err
        assert "Could not set lock" not in err and "IO Error" not in err
    loaded = [
        [line for line in out.splitlines() if line.startswith("loaded ")]
        for _, out, _ in outcomes[:3]
    ]
    assert [lines[-1].split(" (run")[0] for lines in loaded] == [
        f"loaded {first}..{last} for density_v2, density_v3",
        f"loaded {first}..{last} for omnos",
        f"loaded {last}..{last} for density_v3",
    ]
    assert "42" in outcomes[3][1]
    assert query(env.warehouse, "select count(*) from density_v3.current_occupancy")[0][0] > 0

    # one Density v3 quota for both processes: never more than V3_RATE requests in a second
    assert {r["status"] for r in v3_log} == {200}
    times = [datetime.fromisoformat(r["time"].replace("Z", "+00:00")) for r in v3_log]
    assert _max_in_a_second(times) <= V3_RATE

    sequential = Env(tmp_path / "sequential")
    with start(fast_config()) as sim:
        resources = sequential.resources(sim)
        fields = resources["density_v3"].model_dump()
        resources["density_v3"] = VendorConnection(
            **{**fields, "rate_per_second": 1e6, "burst": 10**6}
        )
        run = load_and_build(resources, first, last, ["density_v2", "density_v3", "omnos"])
    assert run.success, run.failure
    assert _tables(env) == _tables(sequential)
