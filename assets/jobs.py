"""Jobs as asset selections: load-and-build (facts, dbt, lake) and the live snapshots."""

from collections.abc import Iterable

from dagster import AssetSelection, define_asset_job
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from assets.ingestion import FACTS, ROLE_TAG, SNAPSHOTS
from pipelines.vendors import SOURCE_NAMES

DBT_GROUPS = ("staging", "intermediate", "marts")
BUILD = AssetSelection.groups(*DBT_GROUPS, "lake", "report")


def facts_of(sources: Iterable[str]) -> AssetSelection:
    """The raw fact and dimension tables of `sources`."""
    return AssetSelection.groups(*sources) & AssetSelection.tag(ROLE_TAG, FACTS)


def snapshots_of(sources: Iterable[str]) -> AssetSelection:
    """The live snapshot tables of those `sources` that have any, with the models built on them."""
    raw = AssetSelection.groups(*sources) & AssetSelection.tag(ROLE_TAG, SNAPSHOTS)
    return raw.downstream()


def load_selection(sources: Iterable[str]) -> AssetSelection:
    """What a load of `sources` runs: their raw tables, every dbt model (rebuilt from what is
    loaded, with its checks) and the Parquet lake exported from the result; not the models of
    live snapshots, so every parent of the selection is in it or upstream of it in the job."""
    return (facts_of(sources) | BUILD) - snapshots_of(SOURCE_NAMES)


def range_tags(first_day: str, last_day: str) -> dict[str, str]:
    """Run tags that make one run cover a whole partition range."""
    return {ASSET_PARTITION_RANGE_START_TAG: first_day, ASSET_PARTITION_RANGE_END_TAG: last_day}


load_job = define_asset_job(
    "load_and_build",
    selection=load_selection(SOURCE_NAMES),
    description="Ingest the selected days, rebuild the dbt models, export the Parquet lake.",
)

snapshot_job = define_asset_job(
    "snapshots",
    selection=snapshots_of(SOURCE_NAMES),
    description="Append each vendor's real-time counts, with their capture time, and rebuild the "
    "staging views over them.",
)
