"""A planted token appears nowhere, with Dagster, dlt, dbt and httpx all logging at DEBUG: not in
logs, Dagster's event log or compute logs (a persistent instance), the exceptions of a 401, a 403
and a 500, the warehouse, dlt state or dbt's files."""

import logging
import time
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from assets.cli.backfill import execute_load
from simulator.config import SimulatorConfig
from simulator.server import start
from tests.fixtures.env import last_days
from warehouse.paths import DBT_PROJECT_DIR

pytestmark = pytest.mark.slow

PLANTED = "tok_PLANTED_5ecr3t_Zq81"
WRONG = "tok_PLANTED_WRONG_7Hh2"
SOURCES = ["density_v2", "omnos", "occuspace"]
VERBOSE = ("dagster", "dlt", "httpx", "httpcore", "pipelines", "assets", "warehouse")


def _text_of_every_column(warehouse: Path, needle: str) -> list[str]:
    hits = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.sql(
            "select table_schema, table_name, column_name from information_schema.columns"
        ).fetchall()
        for schema, table, column in columns:
            found = con.execute(
                f'select count(*) from "{schema}"."{table}" where cast("{column}" as varchar) like ?',
                [f"%{needle}%"],
            ).fetchone()[0]
            if found:
                hits.append(f"{schema}.{table}.{column}")
    return hits


def _files_holding(root: Path, needle: bytes, since: float = 0.0) -> list[Path]:
    """Every file below `root` (changed since `since`) whose bytes hold `needle`."""
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and path.stat().st_mtime >= since and needle in path.read_bytes()
    ]


@pytest.fixture
def everything_at_debug(monkeypatch):
    """The most verbose logging of every library a run uses (dbt's in its own process)."""
    monkeypatch.setenv("RUNTIME__LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("DBT_DEBUG", "true")
    monkeypatch.setenv("DBT_LOG_LEVEL", "debug")
    monkeypatch.setenv("DBT_LOG_LEVEL_FILE", "debug")
    levels = {name: logging.getLogger(name).level for name in VERBOSE}
    for name in VERBOSE:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_planted_token_is_never_written_or_logged(env, caplog, capfd, everything_at_debug):
    started = time.time()
    config = SimulatorConfig(
        density_tokens=frozenset({PLANTED}),
        omnos_tokens=frozenset({PLANTED}),
        occuspace_tokens=frozenset({PLANTED}),
        density_v2_rate_limit=1_000_000,
        omnos_rate_limit=1_000_000,
    )
    caplog.set_level(logging.DEBUG)
    home = env.data_dir.parent / "dagster_home"
    home.mkdir(parents=True)
    instance = DagsterInstance.local_temp(str(home))
    with start(config) as sim:
        first, last = last_days(sim, 1)
        planted = env.resources(
            sim, density_token=PLANTED, omnos_token=PLANTED, occuspace_token=PLANTED
        )
        good_id, good = execute_load(first, last, SOURCES, planted, instance, "DEBUG")
        # 403: Density v2 refuses a wrong token; 401: Occuspace does; 500: Omnos fails every
        # request made with the planted (valid) token in its Authorization header
        sim.faults.add("omnos", "status", times=10_000, status=500)
        wrong = env.resources(sim, density_token=WRONG, omnos_token=PLANTED, occuspace_token=WRONG)
        bad_id, bad = execute_load(first, last, SOURCES, wrong, instance, "DEBUG")
    assert good is None and bad is not None
    assert "rejected the API token" in bad and "HTTP 403" in bad
    assert "check DENSITY_API_TOKEN" in bad

    events = [e for run in (good_id, bad_id) for e in instance.all_logs(run)]
    dagster_text = "\n".join(repr(event) + str(event.message) for event in events)
    failures = [e for e in instance.all_logs(bad_id) if e.dagster_event and e.is_dagster_event]
    errors = "\n".join(repr(e.dagster_event.event_specific_data) for e in failures)
    # the 403 and the 500 fail their steps; Occuspace's 401 skips its location with a warning
    for status in ("HTTP 401", "HTTP 403", "HTTP 500"):
        assert status in errors + dagster_text, status
    assert "HTTP 403" in errors and "HTTP 500" in errors
    assert any(r.levelno == logging.DEBUG and r.name.startswith("httpcore") for r in caplog.records)
    assert any(r.levelno == logging.DEBUG and r.name.startswith("dlt") for r in caplog.records)

    out, err = capfd.readouterr()
    for text in (caplog.text, out, err, dagster_text, errors, bad):
        assert "PLANTED" not in text
    assert _files_holding(env.data_dir, b"PLANTED") == []
    assert _files_holding(home, b"PLANTED") == []  # event log, compute logs, run storage
    assert _files_holding(DBT_PROJECT_DIR / "target", b"PLANTED", since=started) == []
    assert _text_of_every_column(env.warehouse, "PLANTED") == []
    assert env.warehouse.stat().st_size > 0
    assert any(home.rglob("*.db"))  # the event log was persisted where it was searched
