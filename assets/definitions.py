"""The one Dagster Definitions: assets, checks, jobs, schedules and resources, top to bottom."""

import os
from collections.abc import Mapping

from dagster import ConfigurableResource, Definitions, in_process_executor
from dagster_dbt import DbtCliResource
from dagster_dlt import DagsterDltResource

from assets.checks import occuspace_requests_answered
from assets.dbt import DBT_EXECUTABLE, dbt_models, dbt_project
from assets.final_checks import FINAL_CHECKS
from assets.ingestion import INGESTION_ASSETS, SNAPSHOT_ASSETS
from assets.jobs import load_job, snapshot_job
from assets.lake import parquet_lake
from assets.raw_checks import RAW_CHECKS
from assets.report import occupancy_report
from assets.resources import resources_from_env
from assets.schedules import daily_load, snapshots_every_15_minutes
from assets.snapshot_models import snapshot_models


def definitions(resources: Mapping[str, ConfigurableResource]) -> Definitions:
    """Everything, with `resources` (the warehouse and every vendor connection) as configured;
    the CLI, the demo and the tests build theirs, Dagster's code location reads the environment."""
    return Definitions(
        assets=[
            *INGESTION_ASSETS,
            *SNAPSHOT_ASSETS,
            dbt_models,
            snapshot_models,
            parquet_lake,
            occupancy_report,
        ],
        asset_checks=[occuspace_requests_answered, *RAW_CHECKS, *FINAL_CHECKS],
        jobs=[load_job, snapshot_job],
        # One process per run, not per step: the steps take turns at the warehouse anyway (one
        # writer), and a step process pays the whole import of Dagster, dlt and dbt again.
        executor=in_process_executor,
        schedules=[daily_load, snapshots_every_15_minutes],
        resources={
            "dlt": DagsterDltResource(),
            "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
            **resources,
        },
    )


# The environment is read here, once: the warehouse paths and each vendor's connection.
defs = definitions(resources_from_env(os.environ))
