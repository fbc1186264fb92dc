"""The Dagster definitions load, and their wiring is what the architecture promises."""

from dagster import AssetKey, Definitions

from assets.definitions import defs
from assets.jobs import load_selection
from assets.partitions import WAREHOUSE_POOL
from assets.resources import Warehouse, resources_from_env

RAW_TABLES = ("spaces", "doorways", "sensors", "tags", "time_segments", "counts", "events")


def test_definitions_load():
    Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = set(graph.get_all_asset_keys())
    for source in ("density_v2", "omnos"):
        assert {AssetKey([source, table]) for table in RAW_TABLES} <= keys


def test_dbt_sources_are_the_ingestion_assets_so_lineage_is_one_graph():
    graph = defs.resolve_asset_graph()
    staging = graph.get(AssetKey(["staging", "stg_density_v2__counts"]))
    assert AssetKey(["density_v2", "counts"]) in staging.parent_keys
    assert graph.get(AssetKey(["density_v2", "counts"])).is_materializable
    marts = {
        AssetKey(["marts", name]) for name in ("spaces", "occupancy_hourly", "occupancy_daily")
    }
    assert marts <= set(graph.get_all_asset_keys())


def test_every_warehouse_writer_shares_one_pool_and_partitioning():
    graph = defs.resolve_asset_graph()
    for key in load_selection(["density_v2", "omnos"]).resolve(graph):
        node = graph.get(key)
        assert node.pools == {WAREHOUSE_POOL}, key
        assert node.partitions_def is not None, key
        assert node.backfill_policy is not None, key


def test_dbt_tests_become_asset_checks():
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert any(name.startswith("unique_") for name in checks)
    assert any(name.startswith("not_null_") for name in checks)


def _schedule_context(env, monkeypatch, when=None, **variables):
    """A schedule evaluation in an environment holding `variables` (the daemon resolves the
    secrets' EnvVars from its environment)."""
    import os

    from dagster import build_schedule_context

    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    resources = resources_from_env(os.environ)
    resources["warehouse"] = Warehouse(path=str(env.warehouse), lake=str(env.lake))
    return build_schedule_context(
        scheduled_execution_time=when,
        resources=resources,
        repository_def=defs.get_repository_def(),
    )


def test_schedule_loads_yesterday_and_the_trailing_window(env, monkeypatch):
    from datetime import UTC, datetime

    from assets.schedules import daily_load

    context = _schedule_context(
        env, monkeypatch, datetime(2026, 11, 20, 10, tzinfo=UTC), DENSITY_API_TOKEN="tok_x"
    )
    request = daily_load(context)
    assert request.tags["dagster/asset_partition_range_start"] == "2026-11-16"
    assert request.tags["dagster/asset_partition_range_end"] == "2026-11-19"
    selected = set(request.asset_selection)
    assert AssetKey(["density_v2", "counts"]) in selected
    assert AssetKey(["omnos", "counts"]) not in selected  # no Omnos credentials: skipped
    assert AssetKey(["marts", "occupancy_hourly"]) in selected


def test_schedule_skips_when_no_vendor_has_credentials(env, monkeypatch):
    from dagster import SkipReason

    from assets.schedules import daily_load

    assert isinstance(daily_load(_schedule_context(env, monkeypatch)), SkipReason)


def test_schedule_reloads_days_whose_floor_data_is_not_final(env, monkeypatch):
    from datetime import UTC, date, datetime

    import duckdb

    from assets.schedules import daily_load

    env.warehouse.parent.mkdir(parents=True)
    with duckdb.connect(str(env.warehouse)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.floor_data_status"
            " (space_key varchar, floor_id varchar, local_date date, processed_share double,"
            " is_final boolean)"
        )
        con.execute(
            "insert into marts.floor_data_status values"
            " ('density:spc_f', 'spc_f', '2026-10-01', 0.5, false),"
            " ('density:spc_f', 'spc_f', '2026-11-05', 0.9, false),"
            " ('density:spc_f', 'spc_f', '2026-11-06', 1.0, true)"
        )
    context = _schedule_context(
        env, monkeypatch, datetime(2026, 11, 20, 10, tzinfo=UTC), DENSITY_API_TOKEN="tok_x"
    )
    request = daily_load(context)
    # 2026-11-05 is not final and within 30 days; 2026-10-01 is too old to chase
    assert request.tags["dagster/asset_partition_range_start"] == date(2026, 11, 5).isoformat()
    assert request.tags["dagster/asset_partition_range_end"] == "2026-11-19"
