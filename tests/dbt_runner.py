"""Run the dbt project on a fixture warehouse the way the ELT does, and read the result back."""

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from assets.dbt import DBT_EXECUTABLE
from warehouse.settings import DBT_PROJECT_DIR

UTC = ZoneInfo("UTC")


def utc(text: str) -> datetime:
    """An aware UTC datetime from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def run_dbt(workdir: Path, warehouse: Path, *args: str) -> dict:
    """Run a dbt command on `warehouse` with its target and logs in `workdir`; return run_results."""
    env = {
        **os.environ,
        "OCCUPANCY_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        DBT_EXECUTABLE,
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(workdir / "target"),
        "--log-path",
        str(workdir / "logs"),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    return json.loads((workdir / "target" / "run_results.json").read_text())


def query(warehouse: Path, sql: str, *params) -> list[tuple]:
    """Rows of a read-only query, timestamps in UTC."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        return con.execute(sql, params).fetchall()
