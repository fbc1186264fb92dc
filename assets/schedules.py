"""The daily schedule: load yesterday and re-load a trailing window, for every configured source."""

from __future__ import annotations

from datetime import timedelta

from dagster import RunRequest, ScheduleEvaluationContext, SkipReason, schedule

from assets.jobs import load_asset_keys, load_job, range_tags, snapshot_asset_keys, snapshot_job
from assets.sources import SOURCE_NAMES, configured_sources, describe_missing
from warehouse.settings import load_settings


# 10:00 UTC: yesterday has ended in every zone from UTC-8 east; the hours a vendor still restates
# (up to ~8 h of late data) are read again by the next runs' trailing window.
@schedule(job=load_job, cron_schedule="0 10 * * *", execution_timezone="UTC")
def daily_load(context: ScheduleEvaluationContext) -> RunRequest | SkipReason:
    """Yesterday plus the trailing re-load window (OCCUPANCY_RELOAD_DAYS, default 3) in one run."""
    sources = configured_sources()
    for source in sorted(set(SOURCE_NAMES) - set(sources)):
        context.log.info(f"{source}: skipped, {describe_missing(source)} not set")
    if not sources:
        return SkipReason("no vendor has credentials in the environment")
    last_day = (context.scheduled_execution_time - timedelta(days=1)).date()
    first_day = last_day - timedelta(days=load_settings().reload_days)
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
