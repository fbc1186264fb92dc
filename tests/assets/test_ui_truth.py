"""What the Dagster UI shows is true: every asset and check described, dbt grouped, marts with a
freshness policy, raw tables linked only to themselves, and a main job whose selection reaches
no parent outside it (the UI's "may fail" prompt)."""

from collections import Counter

from dagster import AssetKey

from assets.dbt_translator import MODEL_PARTITIONS
from assets.definitions import defs
from assets.jobs import load_selection, snapshots_of
from assets.raw_windows import DAY_TABLES
from pipelines.vendors import SOURCE_NAMES

GRAPH = defs.resolve_asset_graph()
KEYS = set(GRAPH.get_all_asset_keys())


def test_every_asset_has_a_description():
    undescribed = [key for key in KEYS if not (GRAPH.get(key).description or "").strip()]
    assert not undescribed


def test_every_check_has_a_description_saying_what_it_protects():
    missing = [key for key in GRAPH.asset_check_keys if not GRAPH.get_check_spec(key).description]
    assert not missing
    spec = GRAPH.get_check_spec(
        next(k for k in GRAPH.asset_check_keys if k.name.startswith("unique_combination_"))
    )
    assert "identifies one row of" in spec.description and "count twice" in spec.description


def test_dbt_models_are_grouped_by_layer():
    groups = {GRAPH.get(key).group_name for key in KEYS if key.path[0] in ("staging", "marts")}
    assert groups == {"staging", "marts"}
    assert "default" not in {GRAPH.get(key).group_name for key in KEYS}


def test_marts_go_stale_and_nothing_else_has_a_policy():
    with_policy = {key for key in KEYS if GRAPH.get(key).freshness_policy}
    assert with_policy == {key for key in KEYS if key.path[0] == "marts"}


def test_raw_tables_link_only_to_themselves():
    names = Counter(
        GRAPH.get(key).metadata.get("dagster/table_name") for key in KEYS
    )  # Dagster links assets that share a table name
    assert GRAPH.get(AssetKey(["omnos", "counts"])).metadata["dagster/table_name"] == (
        "warehouse.omnos.counts"
    )
    assert [name for name, n in names.items() if name and n > 1] == []


def test_partitioned_raw_tables_say_what_a_partition_is():
    counts = GRAPH.get(AssetKey(["density_v2", "counts"])).description
    spaces = GRAPH.get(AssetKey(["density_v2", "spaces"])).description
    assert "local day in its space's own time zone" in counts
    assert spaces.endswith("not days of data.") and "Latest state" in spaces
    assert ("density_v2", "spaces") not in DAY_TABLES
    daily = GRAPH.get(AssetKey(["marts", "occupancy_daily"])).description
    live = GRAPH.get(AssetKey(["staging", "stg_occuspace__now"])).description
    assert MODEL_PARTITIONS in daily.split("#### Raw SQL")[0]
    assert MODEL_PARTITIONS not in live


def test_the_main_job_reaches_no_parent_outside_it():
    selected = load_selection(SOURCE_NAMES).resolve(GRAPH)
    outside = {(k, p) for k in selected for p in GRAPH.get(k).parent_keys if p not in selected}
    assert outside == set()
    job = defs.resolve_job_def("load_and_build")
    assert AssetKey(["staging", "stg_occuspace__now"]) not in job.asset_layer.selected_asset_keys


def test_live_snapshot_models_run_with_the_snapshots_unpartitioned():
    snapshots = snapshots_of(SOURCE_NAMES).resolve(GRAPH)
    assert AssetKey(["staging", "stg_occuspace__now"]) in snapshots
    assert all(GRAPH.get(key).partitions_def is None for key in snapshots)


def test_raw_facts_tables_have_key_and_window_checks():
    checks = {(tuple(k.asset_key.path), k.name) for k in GRAPH.asset_check_keys}
    assert (("density_v2", "counts"), "primary_key_unique") in checks
    assert (("occuspace", "hourly_occupancy"), "rows_inside_request_window") in checks
    assert (("marts", "floor_data_status"), "days_final") in checks
    for source in ("density_v2", "omnos", "occuspace"):
        assert any(key[0] == source and name == "days_final" for key, name in checks)
