"""dbt assets: the staging, intermediate and mart models, with dbt tests as Dagster asset checks."""

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, MetadataValue, Output
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from assets.dbt_translator import SNAPSHOT_MODELS, OccupancyDbtTranslator
from assets.partitions import WAREHOUSE_POOL, backfill_policy, daily_partitions
from assets.resources import Warehouse
from pipelines.windows import partition_days
from warehouse.lock import hold
from warehouse.paths import DBT_PROJECT_DIR

# dbt may not be on PATH (a virtualenv used without activation): use the one beside python.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

PARTIAL_PARSE = "partial_parse.msgpack"

# The mart tables the build left (a failed model leaves none to count).
MART_TABLES = "select table_name from duckdb_tables() where schema_name = 'marts'"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def prepare_manifest() -> None:
    """Parse the dbt project into target/manifest.json, which the dbt assets are built from."""
    # Parse beside the manifest and swap it in whole: a process loading the definitions while
    # another parses (`dagster dev` parses on start) reads the old manifest or the new one.
    target = dbt_project.manifest_path.parent
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="parse-", dir=target) as scratch:
        if (partial := target / PARTIAL_PARSE).exists():
            shutil.copy2(partial, scratch)
        resource = DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)
        resource.cli(["parse", "--quiet"], target_path=Path(scratch)).wait()
        for name in (PARTIAL_PARSE, dbt_project.manifest_path.name):
            os.replace(Path(scratch) / name, target / name)


def manifest_is_stale() -> bool:
    """Whether a file of the dbt project changed since the manifest was parsed (or none exists)."""
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return True
    parsed = manifest.stat().st_mtime
    project = Path(DBT_PROJECT_DIR)
    files = [project / "dbt_project.yml", project / "profiles.yml"]
    files += [f for folder in ("models", "macros", "tests") for f in (project / folder).rglob("*")]
    return any(f.is_file() and f.stat().st_mtime > parsed for f in files)


# Parse only when the project changed: `dagster dev` after an edit parses once, a run process
# (and every other import) reads the prepared manifest.
if manifest_is_stale():
    prepare_manifest()


def dbt_vars(warehouse: Warehouse, days: tuple[date, date] | None = None) -> list[str]:
    """`--vars` telling dbt's profile which DuckDB file to build (dbt runs in dbt_models/) and,
    for a run over a range, its first and last local day: the day-grained marts rebuild only
    those (macros/run_days.sql)."""
    values = {"warehouse_path": str(warehouse.warehouse_path)}
    if days is not None:
        values |= {"first_day": days[0].isoformat(), "last_day": days[1].isoformat()}
    return ["--vars", json.dumps(values)]


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    exclude=SNAPSHOT_MODELS,  # assets/snapshot_models.py builds them with the snapshots
    dagster_dbt_translator=OccupancyDbtTranslator(),
    partitions_def=daily_partitions,
    backfill_policy=backfill_policy,
    pool=WAREHOUSE_POOL,
)
def dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse
) -> Iterator[Any]:
    """Every dbt model (staging views, intermediate, mart tables); the day-grained marts rebuild
    only the run's local days, the other models whole."""
    days = partition_days(*context.partition_time_window)
    # Unit tests check the models' logic, not the data: CI runs them, production builds skip them.
    build = ["build", "--exclude-resource-type", "unit_test", *dbt_vars(warehouse, days)]
    with hold(warehouse.warehouse_path, "dbt build"):
        events = list(dbt.cli(build, context=context).stream())
        yield from with_mart_rows(context, events, warehouse)


def with_mart_rows(
    context: AssetExecutionContext, events: list[Any], warehouse: Warehouse
) -> Iterator[Any]:
    """dbt's events, each mart's output with its table's row count (`dagster/row_count`),
    counted once dbt has released the file (dagster-dbt's own counting keeps a connection
    open in the run's process, which the lake step's connection then collides with)."""
    marts = {
        event.output_name: context.asset_key_for_output(event.output_name).path[-1]
        for event in events
        if isinstance(event, Output)
        and context.asset_key_for_output(event.output_name).path[0] == "marts"
    }
    with warehouse.connect_read_only() as con:
        tables = {row[0] for row in con.execute(MART_TABLES).fetchall()}
        rows = {
            name: con.execute(f'select count(*) from marts."{table}"').fetchone()[0]
            for name, table in marts.items()
            if table in tables
        }
    for event in events:
        if isinstance(event, Output) and event.output_name in rows:
            count = MetadataValue.int(rows[event.output_name])
            event = event.with_metadata({**event.metadata, "dagster/row_count": count})
        yield event
