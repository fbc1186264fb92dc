"""The dbt models built on live snapshots, unpartitioned and run with the snapshots."""

from collections.abc import Iterator
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, dbt_assets

from assets.dbt import dbt_project, dbt_vars
from assets.dbt_translator import SNAPSHOT_MODELS, OccupancyDbtTranslator
from assets.partitions import WAREHOUSE_POOL
from assets.resources import Warehouse
from warehouse.lock import hold


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    select=SNAPSHOT_MODELS,
    name="snapshot_models",
    dagster_dbt_translator=OccupancyDbtTranslator(),
    pool=WAREHOUSE_POOL,
)
def snapshot_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse
) -> Iterator[Any]:
    """The staging views over the live snapshots, latest state: rebuilt after each capture, so the
    daily load's selection never reaches for parents outside it (Dagster's "may fail" prompt)."""
    build = ["build", "--exclude-resource-type", "unit_test", *dbt_vars(warehouse)]
    # dbt writes the file: it waits its turn like every writer (warehouse/lock.py)
    with hold(warehouse.warehouse_path, "dbt build of the snapshot views"):
        yield from dbt.cli(build, context=context).stream()
