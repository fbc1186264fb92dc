"""The one Dagster Definitions: assets, checks, jobs, schedules and resources, top to bottom."""

from dagster import Definitions, EnvVar
from dagster_dbt import DbtCliResource
from dagster_dlt import DagsterDltResource

from assets.dbt import DBT_EXECUTABLE, dbt_models, dbt_project
from assets.ingestion import density_v2_assets, omnos_assets
from assets.jobs import load_job
from assets.lake import parquet_lake
from assets.resources import ApiToken
from assets.schedules import daily_load

defs = Definitions(
    assets=[density_v2_assets, omnos_assets, dbt_models, parquet_lake],
    jobs=[load_job],
    schedules=[daily_load],
    resources={
        "dlt": DagsterDltResource(),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
        "density_token": ApiToken(value=EnvVar("DENSITY_API_TOKEN")),
        "omnos_token": ApiToken(value=EnvVar("OMNOS_API_TOKEN")),
    },
)
