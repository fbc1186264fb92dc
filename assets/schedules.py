"""The daily schedule (yesterday, the trailing restatement window, days not final yet) and the
15-minute snapshot schedule, each for the vendors whose connection is configured."""

from datetime import date, timedelta
from typing import Any

import duckdb
from dagster import RunRequest, ScheduleEvaluationContext, SkipReason, schedule

from assets.jobs import load_job, load_selection, range_tags, snapshot_job, snapshots_of
from assets.resources import VendorConnection, Warehouse
from pipelines.vendors import SOURCE_NAMES

# How far back a day whose floor data is still incomplete is re-loaded by the daily run.
FINALITY_LOOKBACK_DAYS = 30
# The one definition of "final" is the dbt model marts.floor_data_status.
_FIRST_NOT_FINAL = (
    "select min(local_date) from marts.floor_data_status where not is_final and local_date >= ?"
)


def configured_sources(
    context: ScheduleEvaluationContext, connections: dict[str, VendorConnection]
) -> list[str]:
    """Vendors whose connection has what it needs; the others are logged as skipped."""
    sources = []
    for source in SOURCE_NAMES:
        missing = connections[source].missing()
        if missing:
            context.log.info(f"{source}: skipped, {missing} not set")
        else:
            sources.append(source)
    return sources


def first_day_not_final(warehouse: Warehouse, since: date) -> date | None:
    """The first local day on or after `since` that a vendor still reports incomplete, or None
    (also while the warehouse or the model does not exist yet, or a writer holds the lock)."""
    try:
        with warehouse.connect_read_only() as con:
            (day,) = con.execute(_FIRST_NOT_FINAL, [since]).fetchone()
    except (FileNotFoundError, duckdb.CatalogException, duckdb.IOException):
        return None
    return day


# 10:00 UTC: yesterday has ended in every zone from UTC-8 east; the hours a vendor still restates
# (up to ~8 h of late data) are read again by the next runs' trailing window.
@schedule(
    job=load_job,
    cron_schedule="0 10 * * *",
    execution_timezone="UTC",
    required_resource_keys={"warehouse", *SOURCE_NAMES},
)
def daily_load(context: ScheduleEvaluationContext, **resources: Any) -> RunRequest | SkipReason:
    """Yesterday plus the trailing re-load window (the warehouse's reload_days) in one run,
    widened back to any day of the last 30 whose Density v3 floor data is not final yet."""
    warehouse: Warehouse = resources.pop("warehouse")
    sources = configured_sources(context, resources)
    if not sources:
        return SkipReason("no vendor has credentials in the environment")
    last_day = (context.scheduled_execution_time - timedelta(days=1)).date()
    first_day = last_day - timedelta(days=warehouse.reload_days)
    if "density_v3" in sources:
        unfinished = first_day_not_final(warehouse, last_day - timedelta(FINALITY_LOOKBACK_DAYS))
        if unfinished and unfinished < first_day:
            context.log.info(f"density_v3: {unfinished} is not final yet; re-loading from it")
            first_day = unfinished
    return RunRequest(
        run_key=f"daily-{last_day.isoformat()}",
        asset_selection=list(load_selection(sources).resolve(context.repository_def.asset_graph)),
        tags=range_tags(first_day.isoformat(), last_day.isoformat()),
    )


@schedule(
    job=snapshot_job,
    cron_schedule="*/15 * * * *",
    execution_timezone="UTC",
    required_resource_keys=set(SOURCE_NAMES),
)
def snapshots_every_15_minutes(
    context: ScheduleEvaluationContext, **connections: Any
) -> RunRequest | SkipReason:
    """Real-time counts of every configured vendor that has them, every 15 minutes."""
    selection = snapshots_of(configured_sources(context, connections))
    keys = list(selection.resolve(context.repository_def.asset_graph))
    if not keys:
        return SkipReason("no vendor with real-time snapshots has credentials in the environment")
    return RunRequest(asset_selection=keys)
