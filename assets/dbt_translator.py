"""How dbt shows in Dagster: every dbt test a check that says what it protects, marts that go
stale when the daily load stops, and the live-snapshot models apart from the daily build."""

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from dagster import AssetCheckSpec, AssetSpec, FreshnessPolicy
from dagster_dbt import DagsterDbtTranslator, DbtProject

from pipelines.vendors import VENDORS

# The daily load runs at 10:00 UTC: a mart not rebuilt for a day and a bit is late (warn), for two
# days the warehouse is stale (fail), whatever the reason (schedule off, every run failing).
MART_FRESHNESS = FreshnessPolicy.time_window(
    fail_window=timedelta(hours=48), warn_window=timedelta(hours=26)
)


def snapshot_tables() -> list[tuple[str, str]]:
    """(source, table) of every live-snapshot raw table, from the vendor registry."""
    return [
        (vendor.name, table)
        for vendor in VENDORS
        if vendor.snapshot_source
        for table in vendor.snapshot_source().resources
    ]


# What a partition of a daily model is, said where the UI lists its partitions.
MODEL_PARTITIONS = (
    "Partitions are calendar days, each the local day in its space's own time zone (a UTC label, "
    "not a UTC window)."
)
_SNAPSHOT_SOURCES = {f"source.occupancy.{source}.{table}" for source, table in snapshot_tables()}

# The models built on live snapshots: built with the snapshots (unpartitioned, every 15 minutes),
# not by the daily load, whose selection would otherwise reach outside itself for their parents.
SNAPSHOT_MODELS = " ".join(f"source:{source}.{table}+" for source, table in snapshot_tables())


def _model(test: Mapping[str, Any]) -> str:
    """The model a generic test is attached to, by name."""
    attached = test.get("attached_node") or next(iter(test["depends_on"]["nodes"]), "")
    return attached.split(".")[-1]


def test_description(test: Mapping[str, Any]) -> str | None:
    """What a dbt test protects, in one sentence: its own description when the yml gives one,
    else one made from the generic test's arguments; None for a test that says nothing (a test
    of the definitions fails on it)."""
    if own := test.get("description") or test.get("meta", {}).get("description"):
        return " ".join(own.split())
    generic = test.get("test_metadata") or {}
    kwargs, model = generic.get("kwargs", {}), _model(test)
    column = kwargs.get("column_name")
    match generic.get("name"):
        case "unique":
            return f"`{column}` identifies one row of {model}: a duplicate would count twice."
        case "unique_combination":
            key = ", ".join(kwargs.get("columns", []))
            return f"({key}) identifies one row of {model}: a duplicate would count twice."
        case "not_null":
            return f"Every row of {model} has `{column}`: a null would fall out of joins and sums."
        case "accepted_values":
            values = ", ".join(map(str, kwargs.get("values", [])))
            return f"`{column}` of {model} is one of {values}: any other value is unread."
        case "relationships":
            target = re.sub(r"ref\('([^']+)'\)", r"\1", str(kwargs.get("to")))
            return (
                f"Every `{column}` of {model} is a `{kwargs.get('field')}` of {target}: an orphan"
                " would drop out of joins."
            )
    return None


class OccupancyDbtTranslator(DagsterDbtTranslator):
    """dagster-dbt's keys and groups, with described checks and a freshness policy on the marts."""

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id, {})
        if node.get("resource_type") != "model":
            return spec
        if not _SNAPSHOT_SOURCES & set(node["depends_on"]["nodes"]):  # a daily model
            # before the raw SQL that dagster-dbt appends, where a reader stops
            text, sql, code = (spec.description or "").partition("\n\n#### Raw SQL")
            spec = spec.replace_attributes(
                description=f"{text.rstrip()}\n\n{MODEL_PARTITIONS}{sql}{code}"
            )
        if spec.group_name == "marts":
            spec = spec.replace_attributes(freshness_policy=MART_FRESHNESS)
        return spec

    def get_asset_check_spec(
        self,
        asset_spec: AssetSpec,
        manifest: Mapping[str, Any],
        unique_id: str,
        project: DbtProject | None,
    ) -> AssetCheckSpec | None:
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        return spec._replace(description=test_description(manifest["nodes"][unique_id]))
