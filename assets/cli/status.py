"""`occupancy-elt status`: per source the days loaded, the days that may still change, the last
load and its outcome, rows per raw table; read-only on the warehouse, `--json` for scripts."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from pipelines.vendors import SOURCE_NAMES
from warehouse.destination import connect_read_only

# Density v2's events are asked from the last daily reset before the first day (to rebuild the
# occupancy running total), so their windows say nothing about which days were loaded.
LEAD_IN_TABLES = frozenset({"events"})


def day_ranges(days: set[date]) -> list[tuple[date, date]]:
    """`days` as contiguous inclusive ranges, oldest first."""
    ranges: list[tuple[date, date]] = []
    for day in sorted(days):
        if ranges and ranges[-1][1] + timedelta(days=1) == day:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def window_days(start: date, end: date) -> set[date]:
    """The days of a half-open window [start, end) of day boundaries."""
    return {start + timedelta(days=n) for n in range((end - start).days)}


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    found = con.execute(
        "select table_name from duckdb_tables() where schema_name = ? and table_name not like"
        " '\\_dlt%' escape '\\' order by table_name",
        [schema],
    ).fetchall()
    return [name for (name,) in found]


def _window_type(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str | None:
    found = con.execute(
        "select data_type from duckdb_columns() where schema_name = ? and table_name = ?"
        " and column_name = 'window_start'",
        [schema, table],
    ).fetchone()
    return found[0] if found else None


def _loaded_days(con: duckdb.DuckDBPyConnection, schema: str, tables: list[str]) -> set[date]:
    """The local days the raw tables' request-window stamps cover."""
    days: set[date] = set()
    for table in tables:
        kind = _window_type(con, schema, table)
        if kind is None or table in LEAD_IN_TABLES:
            continue
        # Occuspace stamps local dates, half-open already; the others the UTC instants of local
        # midnights, whose dates half a day later (every zone's offset is within it) are the days
        day = "{}" if kind == "DATE" else "cast(cast({} as timestamp) + interval 12 hour as date)"
        start, end = day.format("window_start"), day.format("window_end")
        windows = con.execute(
            f'select distinct {start}, {end} from "{schema}"."{table}" where window_start is not'
            " null and window_end > window_start"
        ).fetchall()
        for first, stop in windows:
            days |= window_days(first, stop)
    return days


def _not_final_v3(con: duckdb.DuckDBPyConnection) -> set[date]:
    """Density v3 floor-days not fully processed (the raw data status, < 1)."""
    if "data_status" not in _tables(con, "density_v3"):
        return set()
    rows = con.execute(
        "select distinct cast(date as date) from density_v3.data_status where data_status < 1"
    ).fetchall()
    return {day for (day,) in rows}


def _last_load(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, Any] | None:
    """dlt's last load into `schema`: when, and whether it completed (status 0)."""
    if "_dlt_loads" not in {
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = ?", [schema]
        ).fetchall()
    }:
        return None
    row = con.execute(
        f'select inserted_at, status from "{schema}"._dlt_loads order by inserted_at desc limit 1'
    ).fetchone()
    if row is None:
        return None
    return {"at": str(row[0]), "outcome": "loaded" if row[1] == 0 else f"status {row[1]}"}


def source_status(
    con: duckdb.DuckDBPyConnection, schema: str, reload_days: int
) -> dict[str, Any] | None:
    """One source's status, or None when the warehouse holds nothing of it."""
    tables = _tables(con, schema)
    if not tables:
        return None
    days = _loaded_days(con, schema, tables)
    if schema == "density_v3":
        not_final = _not_final_v3(con) & days
    else:  # the restatement window: the newest days the daily load re-reads
        newest = max(days, default=None)
        not_final = {d for d in days if newest and d > newest - timedelta(days=reload_days)}
    rows = {t: con.execute(f'select count(*) from "{schema}"."{t}"').fetchone()[0] for t in tables}
    return {
        "days_loaded": [[str(a), str(b)] for a, b in day_ranges(days)],
        "days_not_final": [[str(a), str(b)] for a, b in day_ranges(not_final)],
        "last_load": _last_load(con, schema),
        "rows": rows,
    }


def last_dagster_run() -> dict[str, Any] | None:
    """The newest run of the Dagster instance at DAGSTER_HOME (None without one)."""
    if not os.environ.get("DAGSTER_HOME"):
        return None
    from dagster import DagsterInstance

    with DagsterInstance.get() as instance:
        runs = instance.get_run_records(limit=1)
    if not runs:
        return None
    record = runs[0]
    return {
        "run_id": record.dagster_run.run_id,
        "job": record.dagster_run.job_name,
        "status": record.dagster_run.status.value,
        "at": str(record.create_timestamp),
    }


def collect(warehouse_path: Path, reload_days: int) -> dict[str, Any]:
    """The whole status as one JSON-able document (`sources` empty without a warehouse)."""
    document: dict[str, Any] = {"warehouse": str(warehouse_path), "sources": {}}
    if warehouse_path.exists():
        with connect_read_only(warehouse_path) as con:
            con.execute("set TimeZone = 'UTC'")
            for schema in SOURCE_NAMES:
                if (status := source_status(con, schema, reload_days)) is not None:
                    document["sources"][schema] = status
    document["last_run"] = last_dagster_run()
    return document


def _ranges(ranges: list[list[str]]) -> str:
    return ", ".join(a if a == b else f"{a}..{b}" for a, b in ranges) or "none"


def render(document: dict[str, Any]) -> str:
    """The status for a person: a few lines per source."""
    if not document["sources"]:
        return (
            f"no data in {document['warehouse']} yet: run `occupancy-elt demo` or"
            " `occupancy-elt backfill` first"
        )
    lines = [f"warehouse {document['warehouse']}"]
    if run := document.get("last_run"):
        lines.append(
            f"last Dagster run: {run['job']} {run['status']} ({run['run_id']}, {run['at']})"
        )
    for source, status in document["sources"].items():
        load = status["last_load"]
        lines += [
            f"{source}:",
            f"  days loaded     {_ranges(status['days_loaded'])}",
            f"  not final yet   {_ranges(status['days_not_final'])}",
            f"  last load       {load['at'] + ' ' + load['outcome'] if load else 'none'}",
            "  rows            "
            + ", ".join(f"{table} {rows}" for table, rows in status["rows"].items()),
        ]
    return "\n".join(lines)


def run_status(warehouse_path: Path, reload_days: int, as_json: bool) -> int:
    """Print the status (one JSON document with `as_json`)."""
    document = collect(warehouse_path, reload_days)
    print(json.dumps(document, indent=2) if as_json else render(document))
    return 0
