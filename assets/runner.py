"""Runs a backfill of chosen sources through Dagster in-process; reports failure in one line."""

from __future__ import annotations

import os
import sys
from datetime import date

from dagster import DagsterEventType, DagsterInstance, ExecuteInProcessResult
from dagster._utils.error import SerializableErrorInfo

from warehouse.destination import connect_read_only
from warehouse.settings import load_settings

# Our own errors already read as one actionable line: prefer them over Dagster's and dlt's wrappers.
_OWN_ERRORS = {
    "TokenRejected",
    "RequestRejected",
    "NotFound",
    "RateLimited",
    "VendorUnavailable",
    "MalformedResponse",
    "VendorError",
    "Failure",
    "SettingsError",
    "PlanError",
}


def _instance() -> DagsterInstance:
    """The persistent instance when DAGSTER_HOME is set (the UI shows the run), else in-memory."""
    return DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()


def _root_message(error: SerializableErrorInfo) -> str:
    chain, node = [], error
    while node is not None:
        chain.append(node)
        node = node.cause or node.context
    for node in chain:
        if node.cls_name in _OWN_ERRORS:
            return node.message.strip().splitlines()[-1].split(": ", 1)[-1]
    return chain[-1].message.strip().splitlines()[0]


def failure_summary(result: ExecuteInProcessResult) -> str:
    """One line naming the failed step and the root cause (a vendor error when there is one)."""
    for event in result.all_events:
        if event.event_type == DagsterEventType.STEP_FAILURE:
            error = event.step_failure_data.error
            return f"{event.step_key} failed: {_root_message(error)}"
    return "the run failed before any step ran"


def run_backfill(
    first_day: date, last_day: date, sources: list[str], log_level: str = "CRITICAL"
) -> int:
    """Load [first_day, last_day] for `sources` and rebuild dbt in one Dagster run; 0 on success."""
    from assets.definitions import defs
    from assets.jobs import load_asset_keys, range_tags

    job = defs.resolve_job_def("load_and_build")
    result = job.execute_in_process(
        instance=_instance(),
        tags=range_tags(first_day.isoformat(), last_day.isoformat()),
        asset_selection=load_asset_keys(sources),
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        raise_on_error=False,
    )
    if result.success:
        print(f"loaded {first_day}..{last_day} for {', '.join(sources)} (run {result.run_id})")
        return 0
    print(f"occupancy-elt: error: {failure_summary(result)}", file=sys.stderr)
    return 1


def print_marts() -> None:
    """Rows per mart, and how to query them."""
    settings = load_settings()
    with connect_read_only(settings) as con:
        marts = con.execute(
            "select table_name, estimated_size from duckdb_tables()"
            " where schema_name = 'marts' order by table_name"
        ).fetchall()
    for mart, rows in marts:
        print(f"  marts.{mart:<24} {rows:>8} rows")
    print('query it: occupancy-elt sql "select * from marts.occupancy_daily limit 10"')
