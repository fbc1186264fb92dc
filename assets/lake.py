"""The Parquet lake asset: the warehouse's raw and mart tables exported after every build."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from assets.dbt import dbt_models
from assets.partitions import WAREHOUSE_POOL, backfill_policy, daily_partitions
from assets.resources import Warehouse
from pipelines.vendors import SOURCE_NAMES
from warehouse.lake import export_lake
from warehouse.lock import hold

MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]


@asset(
    key=AssetKey(["lake", "parquet"]),
    deps=MART_KEYS,
    group_name="lake",
    partitions_def=daily_partitions,
    backfill_policy=backfill_policy,
    pool=WAREHOUSE_POOL,
)
def parquet_lake(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    """Every raw and mart table as Parquet under the lake folder (marts by month of local_date);
    only the months and tables whose content changed are rewritten."""
    # exclusive: two exports publishing the same lake at once would race
    with hold(warehouse.warehouse_path, "lake export"):
        export = export_lake(warehouse.warehouse_path, warehouse.lake_path, SOURCE_NAMES)
    context.log.info(
        f"exported {len(export.rows)} tables to {warehouse.lake_path},"
        f" rewriting {len(export.rewritten)} parts"
    )
    return MaterializeResult(
        metadata={
            "path": str(warehouse.lake_path),
            "tables": len(export.rows),
            "rows": sum(export.rows.values()),
            "rewritten parts": len(export.rewritten),
        }
    )
