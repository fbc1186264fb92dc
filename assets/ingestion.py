"""Ingestion assets, made from the vendor registry: one dlt multi-asset per vendor for the facts
(partitioned by day), and one for the live snapshots of vendors that have them."""

import json
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dlt
from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    Failure,
    MaterializeResult,
    multi_asset,
)
from dagster_dlt import DagsterDltTranslator, build_dlt_asset_specs
from dagster_dlt.constants import META_KEY_PIPELINE, META_KEY_SOURCE, META_KEY_TRANSLATOR
from dagster_dlt.translator import DltResourceTranslatorData

from assets.dbt import dbt_project
from assets.fetch_days import fetch_range
from assets.load_report import materializations, pipeline_warnings
from assets.partitions import (
    PARTITION_MEANING,
    WAREHOUSE_POOL,
    backfill_policy,
    daily_partitions,
    refusal,
)
from assets.raw_windows import DAY_TABLES
from pipelines.day_rows import DayRows
from pipelines.http import MalformedResponse, RateLimited, VendorError, VendorUnavailable
from pipelines.progress import BOARD, Throttled
from pipelines.vendors import VENDORS, Vendor
from pipelines.windows import partition_days
from warehouse.destination import LOADER_FILE_FORMAT

# Run tags that select what a job loads: `role` is facts or snapshots.
ROLE_TAG = "occupancy/role"
FACTS, SNAPSHOTS = "facts", "snapshots"


class SourceTableTranslator(DagsterDltTranslator):
    """Keys each raw table [source, table] as dagster-dbt keys the dbt source: one lineage; its
    table name is the warehouse's full one (dagster-dbt's form), as Dagster links assets by it."""

    def get_asset_spec(self, data: DltResourceTranslatorData) -> AssetSpec:
        spec = super().get_asset_spec(data)
        source_name, table = data.pipeline.dataset_name, data.resource.name
        return spec.replace_attributes(
            key=AssetKey([source_name, table]), deps=[], group_name=source_name
        ).merge_attributes(
            metadata={"dagster/table_name": f"{WAREHOUSE_DATABASE}.{source_name}.{table}"}
        )


TRANSLATOR = SourceTableTranslator()
_UNSERIALIZABLE = (META_KEY_SOURCE, META_KEY_PIPELINE, META_KEY_TRANSLATOR)
# dbt-duckdb names the warehouse file's catalog after the file: data/warehouse.duckdb.
WAREHOUSE_DATABASE = "warehouse"
# What the partitions of a table mean, shown with its description where the UI lists them.
LATEST_STATE = (
    "Latest state: the vendor's whole list, merged on its key at each load of any day range; its "
    "partitions record the loads that refreshed it, not days of data."
)
LIVE = "Live snapshots, appended with their capture time every 15 minutes; not partitioned."


def _source_descriptions() -> dict[tuple[str, str], str]:
    """The dbt sources' description of each raw table: one text for the raw table and the source."""
    manifest = json.loads(dbt_project.manifest_path.read_text())
    return {
        (node["source_name"], node["name"]): " ".join(node["description"].split())
        for node in manifest["sources"].values()
    }


def _description(key: AssetKey, fallback: str | None, role: str) -> str:
    """The raw table's description, then what its partitions (or its lack of them) mean."""
    what = _SOURCE_DESCRIPTIONS.get(tuple(key.path)) or fallback or ""
    days = tuple(key.path) in DAY_TABLES
    meaning = LIVE if role == SNAPSHOTS else PARTITION_MEANING if days else LATEST_STATE
    return f"{what}\n\n{meaning}".strip()


_SOURCE_DESCRIPTIONS = _source_descriptions()


def _declaration_pipeline(source_name: str, purpose: str) -> dlt.Pipeline:
    """Dagster reads table names off this pipeline at import; runs load into the warehouse."""
    return dlt.pipeline(
        pipeline_name="_".join(filter(None, ("occupancy", source_name, purpose))),
        destination="duckdb",
        dataset_name=source_name,
        pipelines_dir=str(Path(tempfile.gettempdir()) / "occupancy-elt-declarations"),
    )


def _specs(source: Any, vendor: Vendor, purpose: str, role: str) -> list[AssetSpec]:
    """The raw tables of `source` as asset specs, without dlt's unserializable metadata."""
    specs = build_dlt_asset_specs(
        dlt_source=source,
        dlt_pipeline=_declaration_pipeline(vendor.name, purpose),
        dagster_dlt_translator=TRANSLATOR,
    )
    return [
        spec.replace_attributes(
            description=_description(spec.key, spec.description, role),
            metadata={k: v for k, v in spec.metadata.items() if k not in _UNSERIALIZABLE},
            tags={**spec.tags, ROLE_TAG: role},
        )
        for spec in specs
    ]


def finish_pending(context: AssetExecutionContext, pipeline: dlt.Pipeline) -> None:
    """Load what a killed run left extracted or normalized, before this run extracts: dlt's `run`
    would otherwise load only those packages and return, leaving this run's days unloaded."""
    if pipeline.has_pending_data:
        context.log.warning(f"{pipeline.pipeline_name}: loading the packages a stopped run left")
        pipeline.run()


def _load(
    context: AssetExecutionContext, vendor: Vendor, make_source: Callable[..., Any], purpose: str
) -> Iterator[Any]:
    """Run `make_source(client=...)` into the vendor's raw schema; one materialization a table,
    with rows per table (per day in a ranged run) and the run's requests, windows, 429s and
    retries; progress goes to the run's events as it goes (pipelines.progress).
    A vendor without credentials is skipped with a warning, and its tables are materialized
    empty-handed with the reason as metadata: skipping them outright would skip every dbt model
    downstream, the configured vendors' too."""
    connection = getattr(context.resources, vendor.name)
    progress = BOARD.start(
        "_".join(filter(None, (vendor.name, purpose))),
        label=" ".join(filter(None, (vendor.label, purpose))),
        rate=connection.rate_per_second,
        burst=connection.burst,
        rolling=not vendor.pacing.burst_variable,
    )
    if missing := connection.missing():
        reason = f"{vendor.label} skipped: {missing} not set"
        context.log.warning(reason)
        progress.finish(f"skipped: {missing} not set")
        for key in context.selected_asset_keys:
            yield MaterializeResult(asset_key=key, metadata={"skipped": reason})
        return
    pipeline = context.resources.warehouse.raw_pipeline(vendor.name, purpose)
    finish_pending(context, pipeline)
    progress.listeners.append(Throttled(context.log.info))
    day_rows = DayRows()
    try:
        with (
            pipeline_warnings(context),
            connection.client(context.resources.warehouse.pacing_path) as client,
        ):
            client.progress = progress
            results = context.resources.dlt.run(
                context=context,
                dlt_source=day_rows.attach(make_source(client=client)),
                dlt_pipeline=pipeline,
                dagster_dlt_translator=TRANSLATOR,
                loader_file_format=LOADER_FILE_FORMAT,
            )
            yield from materializations(context, results, progress, day_rows)
    except BaseException:
        progress.finish("failed")
        raise
    if client.unreadable:  # what was read is loaded; the run still fails, on the first answer
        more = len(client.unreadable) - 1
        suffix = f" ({more} more unreadable answers in the run's warnings)" if more else ""
        progress.finish("failed")
        raise Failure(description=f"{client.unreadable[0]}{suffix}")
    progress.finish()


def facts_assets(vendor: Vendor) -> AssetsDefinition:
    """The vendor's dimensions and facts for the local days of the run's partition range."""

    @multi_asset(
        name=f"{vendor.name}_ingest",
        specs=_specs(vendor.source(), vendor, "", FACTS),
        can_subset=True,
        partitions_def=daily_partitions,
        backfill_policy=backfill_policy,
        pool=WAREHOUSE_POOL,
        required_resource_keys={vendor.name, "warehouse", "dlt"},
        description=vendor.description,
    )
    def _facts(context: AssetExecutionContext) -> Iterator[Any]:
        first, last = partition_days(*context.partition_time_window)
        present = getattr(context.resources, vendor.name).now()
        if reason := refusal(vendor.label, first, last, present):
            raise Failure(description=reason)
        first, last = fetch_range(context, vendor.name, first, last)
        context.log.info(f"{vendor.label}: loading local days {first}..{last}")

        def source(client: Any) -> Any:
            return vendor.source(client=client, start_date=first, end_date=last)

        try:
            yield from _load(context, vendor, source, "")
        except Exception as exc:
            if (transient := _transient(exc)) is None:
                raise
            rerun = f"occupancy-elt backfill --start {first} --end {last} --source {vendor.name}"
            raise Failure(
                description=f"{str(transient).rstrip('.')}; what was loaded before is kept, "
                f"re-run local days {first}..{last} with `{rerun}`"
            ) from exc

    return _facts


def _transient(exc: BaseException) -> VendorError | None:
    """The vendor error under `exc` that a later run of the same days may not meet (retries
    exhausted on 429, 5xx, timeouts, dropped or non-JSON answers), if any."""
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        if isinstance(node, VendorUnavailable | RateLimited | MalformedResponse):
            return node
        seen.add(id(node))
        node = node.__cause__ or node.__context__
    return None


def snapshot_assets(vendor: Vendor) -> AssetsDefinition:
    """The vendor's live state, appended with its capture time, for the snapshot schedule."""
    name = f"{vendor.name}_snapshots"
    make_source = vendor.snapshot_source.with_args(name=name)

    @multi_asset(
        name=name,
        specs=_specs(make_source(), vendor, SNAPSHOTS, SNAPSHOTS),
        can_subset=True,
        pool=WAREHOUSE_POOL,
        required_resource_keys={vendor.name, "warehouse", "dlt"},
        description=f"{vendor.label} live state, appended with its capture time.",
    )
    def _snapshots(context: AssetExecutionContext) -> Iterator[Any]:
        yield from _load(context, vendor, make_source, SNAPSHOTS)

    return _snapshots


INGESTION_ASSETS = [facts_assets(vendor) for vendor in VENDORS]
SNAPSHOT_ASSETS = [snapshot_assets(vendor) for vendor in VENDORS if vendor.snapshot_source]
