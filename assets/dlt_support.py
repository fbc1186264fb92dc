"""What every ingestion asset shares: [source, table] keys, the declaration pipeline, the load."""

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dlt
from dagster import AssetExecutionContext, AssetKey, AssetSpec
from dagster_dlt import DagsterDltResource, DagsterDltTranslator
from dagster_dlt.translator import DltResourceTranslatorData
from dlt.extract.source import DltSource

from warehouse.destination import LOADER_FILE_FORMAT, raw_pipeline
from warehouse.settings import Settings


class SourceTableTranslator(DagsterDltTranslator):
    """Keys each raw table [source, table] as dagster-dbt keys the dbt source: one lineage."""

    def get_asset_spec(self, data: DltResourceTranslatorData) -> AssetSpec:
        spec = super().get_asset_spec(data)
        source_name = data.pipeline.dataset_name
        return spec.replace_attributes(
            key=AssetKey([source_name, data.resource.name]), deps=[], group_name=source_name
        )


def declaration_pipeline(source_name: str, purpose: str = "") -> dlt.Pipeline:
    """Dagster reads names off this pipeline at import; runs load through raw_pipeline() instead."""
    return dlt.pipeline(
        pipeline_name="_".join(filter(None, ("occupancy", source_name, purpose))),
        destination="duckdb",
        dataset_name=source_name,
        pipelines_dir=str(Path(tempfile.gettempdir()) / "occupancy-elt-declarations"),
    )


def load(
    context: AssetExecutionContext,
    dlt_resource: DagsterDltResource,
    source: DltSource,
    source_name: str,
    settings: Settings,
    purpose: str = "",
) -> Iterator[Any]:
    """Run `source` into the raw schema `source_name`; one materialization per table."""
    yield from dlt_resource.run(
        context=context,
        dlt_source=source,
        dlt_pipeline=raw_pipeline(source_name, settings, purpose),
        loader_file_format=LOADER_FILE_FORMAT,
    )
