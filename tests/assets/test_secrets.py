"""A planted token appears nowhere: logs, exceptions, Dagster events, the warehouse, dlt state."""

import logging
from pathlib import Path

import duckdb
import pytest

from simulator.config import SimulatorConfig
from simulator.server import start
from tests.fixtures.env import last_days
from tests.fixtures.runs import load_and_build

pytestmark = pytest.mark.slow

PLANTED = "tok_PLANTED_5ecr3t_Zq81"
WRONG = "tok_PLANTED_WRONG_7Hh2"


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


def test_planted_token_is_never_written_or_logged(env, caplog, capfd):
    config = SimulatorConfig(
        density_tokens=frozenset({PLANTED}),
        omnos_tokens=frozenset({PLANTED}),
        density_v2_rate_limit=1_000_000,
        omnos_rate_limit=1_000_000,
    )
    caplog.set_level(logging.DEBUG)
    with start(config) as sim:
        first, last = last_days(sim, 2)
        sources = ["density_v2", "omnos"]
        planted = env.resources(sim, density_token=PLANTED, omnos_token=PLANTED)
        good = load_and_build(planted, first, last, sources)
        wrong = env.resources(sim, density_token=WRONG, omnos_token=WRONG)
        bad = load_and_build(wrong, first, last, sources)
    assert good.success and not bad.success
    summary = bad.failure
    assert "rejected the API token" in summary and "HTTP 403" in summary
    assert "check DENSITY_API_TOKEN" in summary

    out, err = capfd.readouterr()
    dagster_text = "\n".join(
        repr(event) + str(event.message) for run in (good, bad) for event in run.events
    )
    for text in (caplog.text, out, err, dagster_text, summary):
        assert "PLANTED" not in text
    for path in env.data_dir.rglob("*"):
        if path.is_file():
            assert b"PLANTED" not in path.read_bytes(), path
    assert _text_of_every_column(env.warehouse, "PLANTED") == []
    assert env.warehouse.stat().st_size > 0
