"""The daily schedule: load yesterday and re-load a trailing window, for every configured source."""

from __future__ import annotations

from datetime import timedelta

from dagster import RunRequest, ScheduleEvaluationContext, SkipReason, schedule

from assets.jobs import load_asset_keys, load_job, range_tags, snapshot_asset_keys, snapshot_job
from assets.sources import SOURCE_NAMES, configured_sources, describe_missing
from warehouse.destination import earliest_unfinished_day
from warehouse.settings import load_settings

# How far back a day whose floor data is still incomplete is re-loaded by the daily run.
FINALITY_LOOKBACK_DAYS = 30


# 10:00 UTC: yesterday has ended in every zone from UTC-8 east; the hours a vendor still restates
# (up to ~8 h of late data) are read again by the next runs' trailing window.
@schedule(job=load_job, cron_schedule="0 10 * * *", execution_timezone="UTC")
def daily_load(context: ScheduleEvaluationContext) -> RunRequest | SkipReason:
    """Yesterday plus the trailing re-load window (OCCUPANCY_RELOAD_DAYS, default 3) in one run,
    widened back to any day of the last 30 whose Density v3 floor data is not final yet."""
    sources = configured_sources()
    for source in sorted(set(SOURCE_NAMES) - set(sources)):
        context.log.info(f"{source}: skipped, {describe_missing(source)} not set")
    if not sources:
        return SkipReason("no vendor has credentials in the environment")
    settings = load_settings()
    last_day = (context.scheduled_execution_time - timedelta(days=1)).date()
    first_day = last_day - timedelta(days=settings.reload_days)
    if "density_v3" in sources:
        since = last_day - timedelta(days=FINALITY_LOOKBACK_DAYS)
        unfinished = earliest_unfinished_day(settings, since)
        if unfinished and unfinished < first_day:
            context.log.info(f"density_v3: {unfinished} is not final yet; re-loading from it")
            first_day = unfinished
    return RunRequest(
        run_key=f"daily-{last_day.isoformat()}",
        asset_selection=load_asset_keys(sources),
        tags=range_tags(first_day.isoformat(), last_day.isoformat()),
    )


@schedule(job=snapshot_job, cron_schedule="*/15 * * * *", execution_timezone="UTC")
def snapshots_every_15_minutes(context: ScheduleEvaluationContext) -> RunRequest | SkipReason:
    """Real-time counts of every configured vendor that has them, every 15 minutes."""
    keys = snapshot_asset_keys(configured_sources())
    if not keys:
        return SkipReason("no vendor with real-time snapshots has credentials in the environment")
    return RunRequest(asset_selection=keys)
