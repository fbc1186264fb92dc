"""The one Dagster Definitions: assets, checks, jobs, schedules and resources, top to bottom."""

from dagster import Definitions, EnvVar
from dagster_dbt import DbtCliResource
from dagster_dlt import DagsterDltResource

from assets.dbt import DBT_EXECUTABLE, dbt_models, dbt_project
from assets.density_v3 import density_v3_assets, density_v3_snapshot_assets
from assets.ingestion import density_v2_assets, omnos_assets
from assets.jobs import load_job, snapshot_job
from assets.lake import parquet_lake
from assets.occuspace import occuspace_assets, occuspace_snapshot_assets
from assets.resources import ApiToken, DensityV3Credentials
from assets.schedules import daily_load, snapshots_every_15_minutes

defs = Definitions(
    assets=[
        density_v2_assets,
        density_v3_assets,
        density_v3_snapshot_assets,
        omnos_assets,
        occuspace_assets,
        occuspace_snapshot_assets,
        dbt_models,
        parquet_lake,
    ],
    jobs=[load_job, snapshot_job],
    schedules=[daily_load, snapshots_every_15_minutes],
    resources={
        "dlt": DagsterDltResource(),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
        "density_token": ApiToken(value=EnvVar("DENSITY_API_TOKEN")),
        "density_v3": DensityV3Credentials(),
        "omnos_token": ApiToken(value=EnvVar("OMNOS_API_TOKEN")),
        "occuspace_token": ApiToken(value=EnvVar("OCCUSPACE_API_TOKEN")),
    },
)
