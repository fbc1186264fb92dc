"""Ingestion assets, made from the vendor registry: one dlt multi-asset per vendor for the facts
(partitioned by day), and one for the live snapshots of vendors that have them."""

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

from assets.partitions import WAREHOUSE_POOL, backfill_policy, daily_partitions
from pipelines.http import MalformedResponse, RateLimited, VendorError, VendorUnavailable
from pipelines.vendors import VENDORS, Vendor
from pipelines.windows import partition_days
from warehouse.destination import LOADER_FILE_FORMAT

# Run tags that select what a job loads: `role` is facts or snapshots.
ROLE_TAG = "occupancy/role"
FACTS, SNAPSHOTS = "facts", "snapshots"


class SourceTableTranslator(DagsterDltTranslator):
    """Keys each raw table [source, table] as dagster-dbt keys the dbt source: one lineage."""

    def get_asset_spec(self, data: DltResourceTranslatorData) -> AssetSpec:
        spec = super().get_asset_spec(data)
        source_name = data.pipeline.dataset_name
        return spec.replace_attributes(
            key=AssetKey([source_name, data.resource.name]), deps=[], group_name=source_name
        )


TRANSLATOR = SourceTableTranslator()
_UNSERIALIZABLE = (META_KEY_SOURCE, META_KEY_PIPELINE, META_KEY_TRANSLATOR)


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
            metadata={k: v for k, v in spec.metadata.items() if k not in _UNSERIALIZABLE},
            tags={**spec.tags, ROLE_TAG: role},
        )
        for spec in specs
    ]


def _load(
    context: AssetExecutionContext, vendor: Vendor, make_source: Callable[..., Any], purpose: str
) -> Iterator[Any]:
    """Run `make_source(client=...)` into the vendor's raw schema; one materialization a table.
    A vendor without credentials is skipped with a warning, and its tables are materialized
    empty-handed with the reason as metadata: skipping them outright would skip every dbt model
    downstream, the configured vendors' too."""
    connection = getattr(context.resources, vendor.name)
    if missing := connection.missing():
        reason = f"{vendor.label} skipped: {missing} not set"
        context.log.warning(reason)
        for key in context.selected_asset_keys:
            yield MaterializeResult(asset_key=key, metadata={"skipped": reason})
        return
    with connection.client(context.resources.warehouse.pacing_path) as client:
        yield from context.resources.dlt.run(
            context=context,
            dlt_source=make_source(client=client),
            dlt_pipeline=context.resources.warehouse.raw_pipeline(vendor.name, purpose),
            dagster_dlt_translator=TRANSLATOR,
            loader_file_format=LOADER_FILE_FORMAT,
        )
    if client.unreadable:  # what was read is loaded; the run still fails, on the first answer
        more = len(client.unreadable) - 1
        suffix = f" ({more} more unreadable answers in the run's warnings)" if more else ""
        raise Failure(description=f"{client.unreadable[0]}{suffix}")


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
