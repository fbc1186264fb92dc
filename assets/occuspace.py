"""Occuspace ingestion assets: daily-partitioned facts, and `now` snapshots for their schedule."""

from collections.abc import Iterator
from typing import Any

from dagster import AssetExecutionContext, Failure
from dagster_dlt import DagsterDltResource, dlt_assets

from assets.dlt_support import SourceTableTranslator, declaration_pipeline, load
from assets.partitions import WAREHOUSE_POOL, backfill_policy, daily_partitions
from assets.resources import ApiToken
from pipelines.client import RateLimiter, VendorClient
from pipelines.occuspace import occuspace_snapshots_source, occuspace_source
from pipelines.planner import partition_days
from warehouse.settings import Settings, load_settings

VENDOR = "Occuspace"


def _client(token: str, settings: Settings) -> VendorClient:
    return VendorClient(
        vendor=VENDOR,
        base_url=settings.occuspace_base_url,
        token=token,
        token_env_var="OCCUSPACE_API_TOKEN",
        limiter=RateLimiter(settings.occuspace_requests_per_minute, 60.0),
    )


def _fail_on_gaps(problems: list[dict]) -> None:
    """After the load: a forbidden location is the customer's choice, any other skip is a gap."""
    gaps = [problem for problem in problems if problem["outcome"] != "forbidden"]
    if gaps:
        first = gaps[0]
        raise Failure(
            f"Occuspace: {len(gaps)} request(s) got no data (first: {first['error']}); everything"
            " else was loaded, run the same days again to fill the gap"
        )


@dlt_assets(
    dlt_source=occuspace_source(),
    dlt_pipeline=declaration_pipeline("occuspace"),
    name="occuspace_ingest",
    dagster_dlt_translator=SourceTableTranslator(),
    partitions_def=daily_partitions,
    backfill_policy=backfill_policy,
    pool=WAREHOUSE_POOL,
)
def occuspace_assets(
    context: AssetExecutionContext, dlt: DagsterDltResource, occuspace_token: ApiToken
) -> Iterator[Any]:
    """Occuspace raw tables: locations; daily and hourly occupancy, visitors and dwell per
    location and local day; one outcome row per request."""
    settings = load_settings()
    first_day, last_day = partition_days(*context.partition_time_window)
    problems: list[dict] = []
    with _client(occuspace_token.value, settings) as client:
        source = occuspace_source(
            client=client, start_date=first_day, end_date=last_day, problems=problems
        )
        yield from load(context, dlt, source, "occuspace", settings)
    _fail_on_gaps(problems)


@dlt_assets(
    dlt_source=occuspace_snapshots_source.with_args(name="occuspace_snapshots")(),
    dlt_pipeline=declaration_pipeline("occuspace", "snapshots"),
    name="occuspace_snapshots",
    dagster_dlt_translator=SourceTableTranslator(),
    pool=WAREHOUSE_POOL,
)
def occuspace_snapshot_assets(
    context: AssetExecutionContext, dlt: DagsterDltResource, occuspace_token: ApiToken
) -> Iterator[Any]:
    """Occuspace `now`: each location's real-time count, appended with its capture time."""
    settings = load_settings()
    problems: list[dict] = []
    with _client(occuspace_token.value, settings) as client:
        source = occuspace_snapshots_source.with_args(name="occuspace_snapshots")(
            client=client, problems=problems
        )
        yield from load(context, dlt, source, "occuspace", settings, "snapshots")
    _fail_on_gaps(problems)
