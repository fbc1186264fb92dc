"""The load-and-build job and the asset keys that load a chosen set of sources."""

from __future__ import annotations

from collections.abc import Iterable

from dagster import AssetKey, AssetsDefinition, define_asset_job
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from assets.dbt import dbt_models
from assets.density_v3 import density_v3_assets, density_v3_snapshot_assets
from assets.ingestion import density_v2_assets, omnos_assets
from assets.lake import parquet_lake
from assets.occuspace import occuspace_assets, occuspace_snapshot_assets
from assets.sources import SOURCE_NAMES

INGESTION_ASSETS: dict[str, AssetsDefinition] = {
    "density_v2": density_v2_assets,
    "density_v3": density_v3_assets,
    "omnos": omnos_assets,
    "occuspace": occuspace_assets,
}
SNAPSHOT_ASSETS: dict[str, AssetsDefinition] = {
    "density_v3": density_v3_snapshot_assets,
    "occuspace": occuspace_snapshot_assets,
}


def load_asset_keys(sources: Iterable[str]) -> list[AssetKey]:
    """The ingestion assets of `sources`, every dbt model (they rebuild from what is loaded), and
    the Parquet lake exported from the result."""
    keys = [key for source in sources for key in INGESTION_ASSETS[source].keys]
    return [*keys, *dbt_models.keys, parquet_lake.key]


def range_tags(first_day: str, last_day: str) -> dict[str, str]:
    """Run tags that make one run cover a whole partition range."""
    return {ASSET_PARTITION_RANGE_START_TAG: first_day, ASSET_PARTITION_RANGE_END_TAG: last_day}


def snapshot_asset_keys(sources: Iterable[str]) -> list[AssetKey]:
    """The real-time snapshot tables of those `sources` that have any."""
    return [
        key
        for source in sources
        if source in SNAPSHOT_ASSETS
        for key in SNAPSHOT_ASSETS[source].keys
    ]


load_job = define_asset_job(
    "load_and_build",
    selection=load_asset_keys(SOURCE_NAMES),
    description="Ingest the selected days, rebuild the dbt models, export the Parquet lake.",
)

snapshot_job = define_asset_job(
    "snapshots",
    selection=snapshot_asset_keys(SOURCE_NAMES),
    description="Append each vendor's real-time counts, with their capture time.",
)
