"""Density v3 ingestion assets: daily-partitioned facts, and live snapshots for their schedule."""

from collections.abc import Iterator
from typing import Any

from dagster import AssetExecutionContext
from dagster_dlt import DagsterDltResource, dlt_assets

from assets.dlt_support import SourceTableTranslator, declaration_pipeline, load
from assets.partitions import WAREHOUSE_POOL, backfill_policy, daily_partitions
from assets.resources import DensityV3Credentials
from pipelines.client import RateLimiter, VendorClient
from pipelines.density_v3 import density_v3_snapshots_source, density_v3_source
from pipelines.density_v3_auth import density_v3_client
from pipelines.planner import partition_days
from warehouse.settings import Settings, load_settings


def _client(credentials: DensityV3Credentials, settings: Settings) -> VendorClient:
    return density_v3_client(
        base_url=settings.density_v3_base_url,
        limiter=RateLimiter.per_second(
            settings.density_v3_requests_per_second, burst=settings.density_v3_burst
        ),
        **credentials.values(),
    )


@dlt_assets(
    dlt_source=density_v3_source(),
    dlt_pipeline=declaration_pipeline("density_v3"),
    name="density_v3_ingest",
    dagster_dlt_translator=SourceTableTranslator(),
    partitions_def=daily_partitions,
    backfill_policy=backfill_policy,
    pool=WAREHOUSE_POOL,
)
def density_v3_assets(
    context: AssetExecutionContext, dlt: DagsterDltResource, density_v3: DensityV3Credentials
) -> Iterator[Any]:
    """Density v3 raw tables: spaces, doorways, labels, sensors; hourly metrics per space and
    local day, raw sessions, sensor health changes and floor data status."""
    settings = load_settings()
    first_day, last_day = partition_days(*context.partition_time_window)
    with _client(density_v3, settings) as client:
        source = density_v3_source(client=client, start_date=first_day, end_date=last_day)
        yield from load(context, dlt, source, "density_v3", settings)


@dlt_assets(
    dlt_source=density_v3_snapshots_source.with_args(name="density_v3_snapshots")(),
    dlt_pipeline=declaration_pipeline("density_v3", "snapshots"),
    name="density_v3_snapshots",
    dagster_dlt_translator=SourceTableTranslator(),
    pool=WAREHOUSE_POOL,
)
def density_v3_snapshot_assets(
    context: AssetExecutionContext, dlt: DagsterDltResource, density_v3: DensityV3Credentials
) -> Iterator[Any]:
    """Density v3 live state, appended with its capture time: current occupancy, presence
    health and current sensor health."""
    settings = load_settings()
    with _client(density_v3, settings) as client:
        source = density_v3_snapshots_source.with_args(name="density_v3_snapshots")(client=client)
        yield from load(context, dlt, source, "density_v3", settings, "snapshots")
