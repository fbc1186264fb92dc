"""The Parquet lake asset: the warehouse's raw and mart tables exported after every build."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from assets.dbt import dbt_models
from assets.partitions import WAREHOUSE_POOL, backfill_policy, daily_partitions
from warehouse.lake import export_lake
from warehouse.settings import load_settings

MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]


@asset(
    key=AssetKey(["lake", "parquet"]),
    deps=MART_KEYS,
    group_name="lake",
    partitions_def=daily_partitions,
    backfill_policy=backfill_policy,
    pool=WAREHOUSE_POOL,
)
def parquet_lake(context: AssetExecutionContext) -> MaterializeResult:
    """Every raw and mart table as Parquet under OCCUPANCY_LAKE (marts by month of local_date)."""
    settings = load_settings()
    rows = export_lake(settings)
    context.log.info(f"exported {len(rows)} tables to {settings.lake_path}")
    return MaterializeResult(
        metadata={"path": str(settings.lake_path), "tables": len(rows), "rows": sum(rows.values())}
    )
