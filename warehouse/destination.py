"""The dlt pipeline of each source (raw schema = source name); read-only SQL on the warehouse."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from functools import partial, wraps
from pathlib import Path
from typing import Any

import dlt
import duckdb

from warehouse.lock import hold, hold_pipeline
from warehouse.paths import dlt_pipelines_dir

# Parquet load files: DuckDB ingests them ~15x faster than dlt's default INSERT statements
# (45 days of one portfolio: load step 12.5 s -> 0.8 s).
LOADER_FILE_FORMAT = "parquet"

# DuckDB's own guards for a user's SQL: no file but the opened database is read or written (no
# COPY TO, ATTACH, EXPORT, read_csv of /etc), no extension installed or loaded from disk, no spill
# files (so a query larger than memory fails instead of writing), and none of this can be SET back.
QUERY_ONLY = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "temp_directory": "",
    "lock_configuration": True,
}
# What a user's SQL may be: queries (SELECT, FROM, WITH, PIVOT with its IN list, DESCRIBE, SHOW,
# SUMMARIZE all parse to SELECT) and EXPLAIN; DuckDB's own parser says which a statement is.
QUERY_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})


class WriteRefused(ValueError):
    """A user's SQL holds a statement that is not a query."""


def raw_pipeline(source_name: str, warehouse_path: Path, purpose: str = "") -> dlt.Pipeline:
    """The dlt pipeline that lands one source into its own raw schema of the DuckDB warehouse;
    `purpose` (e.g. "snapshots") gives a second pipeline, with its own state, the same schema."""
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    pipeline = dlt.pipeline(
        pipeline_name="_".join(filter(None, ("occupancy", source_name, purpose))),
        destination=dlt.destinations.duckdb(str(warehouse_path)),
        dataset_name=source_name,
        pipelines_dir=str(dlt_pipelines_dir(warehouse_path)),
    )
    # Only the steps that open the DuckDB file hold the warehouse's lock (the state restore at
    # the start of a run, and the load); extracting from the vendor runs beside other writers.
    # A whole run holds the pipeline's own folder: two runs of one source share its packages.
    name, what = pipeline.pipeline_name, f"load {pipeline.pipeline_name}"
    warehouse = partial(hold, warehouse_path, what)
    pipeline._sync_destination = _holding(pipeline._sync_destination, warehouse)
    pipeline.load = _holding(pipeline.load, warehouse)
    pipeline.run = _holding(
        pipeline.run, partial(hold_pipeline, Path(pipeline.pipelines_dir), name)
    )
    return pipeline


def _holding(step: Callable[..., Any], lock: Callable[[], Any]) -> Callable[..., Any]:
    """`step`, run while holding `lock()`."""

    @wraps(step)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with lock():
            return step(*args, **kwargs)

    return locked


class LockedConnection:
    """A DuckDB connection holding the warehouse's shared lock until it is closed, so a reader
    waits for a writer (and a writer for it) instead of failing on DuckDB's file lock."""

    def __init__(self, warehouse_path: Path, **connect: Any) -> None:
        if not warehouse_path.exists():
            raise FileNotFoundError(
                f"no warehouse at {warehouse_path}: run `occupancy-elt demo` or a backfill"
            )
        self._stack = ExitStack()
        self._stack.enter_context(hold(warehouse_path, "read", exclusive=False))
        try:
            self._con = self._stack.enter_context(
                duckdb.connect(str(warehouse_path), read_only=True, **connect)
            )
        except BaseException:
            self._stack.close()
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def __enter__(self) -> LockedConnection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection, then let writers in."""
        self._stack.close()


def connect_read_only(warehouse_path: Path) -> LockedConnection:
    """A read-only connection, so queries can never change what the pipelines loaded; close it
    soon (a `with` block): a writer waits while it is open."""
    return LockedConnection(warehouse_path)


def connect_query_only(warehouse_path: Path) -> LockedConnection:
    """A read-only connection for a user's SQL, which also can touch no other file (QUERY_ONLY)."""
    return LockedConnection(warehouse_path, config=QUERY_ONLY)


def check_query(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse SQL with any statement but a query, before it runs (the lake's in-memory catalog
    would otherwise accept CREATE and INSERT, and a read-only file accepts temp tables)."""
    for statement in con.extract_statements(sql):
        if statement.type not in QUERY_STATEMENTS:
            raise WriteRefused(
                f"read-only: only queries run here, refusing a {statement.type.name} statement"
            )
