"""The Dagster definitions load, and their wiring is what the architecture promises."""

from dagster import AssetKey, Definitions

from assets.definitions import defs
from assets.jobs import load_asset_keys
from assets.partitions import WAREHOUSE_POOL

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
    for key in load_asset_keys(["density_v2", "omnos"]):
        node = graph.get(key)
        assert node.pools == {WAREHOUSE_POOL}, key
        assert node.partitions_def is not None, key
        assert node.backfill_policy is not None, key


def test_dbt_tests_become_asset_checks():
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert any(name.startswith("unique_") for name in checks)
    assert any(name.startswith("not_null_") for name in checks)


def test_schedule_loads_yesterday_and_the_trailing_window(env, monkeypatch):
    from datetime import UTC, datetime

    from dagster import build_schedule_context

    from assets.schedules import daily_load

    monkeypatch.setenv("DENSITY_API_TOKEN", "tok_x")
    monkeypatch.delenv("OMNOS_API_TOKEN", raising=False)
    monkeypatch.setenv("OCCUPANCY_RELOAD_DAYS", "3")
    context = build_schedule_context(
        scheduled_execution_time=datetime(2026, 11, 20, 10, tzinfo=UTC)
    )
    request = daily_load(context)
    assert request.tags["dagster/asset_partition_range_start"] == "2026-11-16"
    assert request.tags["dagster/asset_partition_range_end"] == "2026-11-19"
    selected = set(request.asset_selection)
    assert AssetKey(["density_v2", "counts"]) in selected
    assert AssetKey(["omnos", "counts"]) not in selected  # no Omnos credentials: skipped
    assert AssetKey(["marts", "occupancy_hourly"]) in selected


def test_schedule_skips_when_no_vendor_has_credentials(monkeypatch):
    from dagster import SkipReason, build_schedule_context

    from assets.schedules import daily_load

    for name in ("DENSITY_API_TOKEN", "OMNOS_API_TOKEN", "OMNOS_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert isinstance(daily_load(build_schedule_context()), SkipReason)


def test_schedule_reloads_days_whose_floor_data_is_not_final(env, monkeypatch):
    from datetime import UTC, date, datetime

    import duckdb
    from dagster import build_schedule_context

    from assets.schedules import daily_load

    env.warehouse.parent.mkdir(parents=True)
    with duckdb.connect(str(env.warehouse)) as con:
        con.execute("create schema density_v3")
        con.execute(
            "create table density_v3.data_status (floor_id varchar, date date, data_status double)"
        )
        con.execute(
            "insert into density_v3.data_status values"
            " ('spc_f', '2026-10-01', 0.5), ('spc_f', '2026-11-05', 0.9), ('spc_f', '2026-11-06', 1.0)"
        )
    monkeypatch.setenv("DENSITY_API_TOKEN", "tok_x")
    context = build_schedule_context(
        scheduled_execution_time=datetime(2026, 11, 20, 10, tzinfo=UTC)
    )
    request = daily_load(context)
    # 2026-11-05 is not final and within 30 days; 2026-10-01 is too old to chase
    assert request.tags["dagster/asset_partition_range_start"] == date(2026, 11, 5).isoformat()
    assert request.tags["dagster/asset_partition_range_end"] == "2026-11-19"
