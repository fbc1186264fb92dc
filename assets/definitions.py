"""The one Dagster Definitions: assets, checks, jobs, schedules and resources, top to bottom."""

import os

from dagster import Definitions
from dagster_dbt import DbtCliResource
from dagster_dlt import DagsterDltResource

from assets.checks import occuspace_requests_answered
from assets.dbt import DBT_EXECUTABLE, dbt_models, dbt_project
from assets.ingestion import INGESTION_ASSETS, SNAPSHOT_ASSETS
from assets.jobs import load_job, snapshot_job
from assets.lake import parquet_lake
from assets.resources import resources_from_env
from assets.schedules import daily_load, snapshots_every_15_minutes

defs = Definitions(
    assets=[*INGESTION_ASSETS, *SNAPSHOT_ASSETS, dbt_models, parquet_lake],
    asset_checks=[occuspace_requests_answered],
    jobs=[load_job, snapshot_job],
    schedules=[daily_load, snapshots_every_15_minutes],
    resources={
        "dlt": DagsterDltResource(),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
        # The environment is read here, once: warehouse paths and each vendor's connection.
        **resources_from_env(os.environ),
    },
)
