"""Density v2 and Omnos ingestion assets: one dlt multi-asset each, partitioned by day."""

from collections.abc import Iterator
from typing import Any

from dagster import AssetExecutionContext, Failure
from dagster_dlt import DagsterDltResource, dlt_assets

from assets.dlt_support import SourceTableTranslator, declaration_pipeline, load
from assets.partitions import WAREHOUSE_POOL, backfill_policy, daily_partitions
from assets.resources import ApiToken
from pipelines.client import RateLimiter, VendorClient
from pipelines.density_v2 import density_v2_source, omnos_source
from pipelines.planner import partition_days
from warehouse.settings import Settings, load_settings


def _run_v2(
    context: AssetExecutionContext,
    dlt_resource: DagsterDltResource,
    *,
    source_name: str,
    vendor: str,
    make_source: Any,
    base_url: str | None,
    base_url_env_var: str,
    token: str,
    token_env_var: str,
    requests_per_minute: int,
    settings: Settings,
) -> Iterator[Any]:
    if not base_url:
        raise Failure(f"{base_url_env_var} is not set: {vendor} needs the customer's base URL")
    first_day, last_day = partition_days(*context.partition_time_window)
    context.log.info(
        f"{vendor}: loading local days {first_day}..{last_day} at <= {requests_per_minute} req/min"
    )
    client = VendorClient(
        vendor=vendor,
        base_url=base_url,
        token=token,
        token_env_var=token_env_var,
        limiter=RateLimiter(requests_per_minute, 60.0),
    )
    with client:
        source = make_source(client=client, start_date=first_day, end_date=last_day)
        yield from load(context, dlt_resource, source, source_name, settings)


@dlt_assets(
    dlt_source=density_v2_source(),
    dlt_pipeline=declaration_pipeline("density_v2"),
    name="density_v2_ingest",
    dagster_dlt_translator=SourceTableTranslator(),
    partitions_def=daily_partitions,
    backfill_policy=backfill_policy,
    pool=WAREHOUSE_POOL,
)
def density_v2_assets(
    context: AssetExecutionContext, dlt: DagsterDltResource, density_token: ApiToken
) -> Iterator[Any]:
    """Density v2 raw tables: dimension snapshots; hourly counts and events per space, local day."""
    settings = load_settings()
    yield from _run_v2(
        context,
        dlt,
        source_name="density_v2",
        vendor="Density v2",
        make_source=density_v2_source,
        base_url=settings.density_v2_base_url,
        base_url_env_var="DENSITY_V2_BASE_URL",
        token=density_token.value,
        token_env_var="DENSITY_API_TOKEN",
        requests_per_minute=settings.density_v2_requests_per_minute,
        settings=settings,
    )


@dlt_assets(
    dlt_source=omnos_source(),
    dlt_pipeline=declaration_pipeline("omnos"),
    name="omnos_ingest",
    dagster_dlt_translator=SourceTableTranslator(),
    partitions_def=daily_partitions,
    backfill_policy=backfill_policy,
    pool=WAREHOUSE_POOL,
)
def omnos_assets(
    context: AssetExecutionContext, dlt: DagsterDltResource, omnos_token: ApiToken
) -> Iterator[Any]:
    """Omnos raw tables: the Density v2 shapes for the customer's Gryd portfolio, same grains."""
    settings = load_settings()
    yield from _run_v2(
        context,
        dlt,
        source_name="omnos",
        vendor="Omnos",
        make_source=omnos_source,
        base_url=settings.omnos_base_url,
        base_url_env_var="OMNOS_BASE_URL",
        token=omnos_token.value,
        token_env_var="OMNOS_API_TOKEN",
        requests_per_minute=settings.omnos_requests_per_minute,
        settings=settings,
    )
