"""dbt assets: the staging, intermediate and mart models, with dbt tests as Dagster asset checks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from assets.partitions import WAREHOUSE_POOL, backfill_policy, daily_partitions
from warehouse.settings import DBT_PROJECT_DIR, load_settings

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()
if not dbt_project.manifest_path.exists():
    dbt_project.preparer.prepare(dbt_project)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    partitions_def=daily_partitions,
    backfill_policy=backfill_policy,
    pool=WAREHOUSE_POOL,
)
def dbt_models(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    """Every dbt model (staging views, intermediate, mart tables), rebuilt whole after each load."""
    # dbt runs in dbt_models/, so it must get the warehouse as an absolute path.
    os.environ.update(load_settings().dbt_env())
    yield from dbt.cli(["build"], context=context).stream()
