"""The lake rewrites only the parts whose content changed, and always equals the warehouse."""

from pathlib import Path

import duckdb

from warehouse.lake import connect_lake, export_lake

MARTS = "marts.occupancy_daily"
RAW = "density_v2.counts"


def _plant(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create schema density_v2")
        con.execute(
            f"create table {MARTS} as select 'density:' || (i % 3) as space_key,"
            " date '2026-01-20' + cast(i as integer) as local_date,"
            " i * 1.5 as occupancy_avg from range(60) r(i)"
        )
        con.execute(f"create table {RAW} as select i as value from range(5) r(i)")
        con.execute("create table marts.spaces as select 'density:1' as space_key")
        con.execute("create table marts.sessions (space_key text, local_date date)")


def _files(lake: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every Parquet file by its path in the lake."""
    return {
        str(f.relative_to(lake)): (f.stat().st_ino, f.stat().st_mtime_ns)
        for f in lake.rglob("*.parquet")
    }


def _assert_lake_equals_warehouse(warehouse: Path, lake: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as wh, connect_lake(lake) as lk:
        for table in (MARTS, RAW, "marts.spaces", "marts.sessions"):
            assert sorted(wh.sql(f"select * from {table}").fetchall()) == sorted(
                lk.sql(f"select * from {table}").fetchall()
            ), table


def test_only_changed_months_and_tables_are_rewritten(tmp_path):
    warehouse, lake = tmp_path / "warehouse.duckdb", tmp_path / "lake"
    _plant(warehouse)
    first = export_lake(warehouse, lake, ("density_v2",))
    assert len(first.rewritten) == 6  # three months, the raw table, spaces, empty sessions
    before = _files(lake)

    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"update {MARTS} set occupancy_avg = -1 where local_date = '2026-02-10'")
        con.execute(f"delete from {MARTS} where local_date >= '2026-03-01'")
        con.execute("insert into marts.sessions values ('density:1', date '2026-02-02')")
    second = export_lake(warehouse, lake, ("density_v2",))

    # March is gone (its folder removed, nothing written); the empty sessions file is replaced
    assert sorted(second.rewritten) == [
        "marts.occupancy_daily/local_month=2026-02",
        "marts.sessions/local_month=2026-02",
    ]
    after = _files(lake)
    kept = {path for path in before if path in after and before[path] == after[path]}
    assert {p.split("/local_month")[0] for p in kept if "local_month=2026-01" in p} == {
        "marts/occupancy_daily"
    }
    assert any(path.startswith("density_v2/counts/") for path in kept)
    assert any(path.startswith("marts/spaces/") for path in kept)
    assert not any("2026-02" in path or "2026-03" in path for path in kept)
    assert not (lake / "marts" / "occupancy_daily" / "local_month=2026-03").exists()
    _assert_lake_equals_warehouse(warehouse, lake)
    assert export_lake(warehouse, lake, ("density_v2",)).rewritten == []
    assert _files(lake) == after


def test_parts_without_a_fingerprint_and_stray_folders_are_replaced(tmp_path):
    import pyarrow.parquet as pq

    warehouse, lake = tmp_path / "warehouse.duckdb", tmp_path / "lake"
    _plant(warehouse)
    export_lake(warehouse, lake, ("density_v2",))
    spaces = lake / "marts" / "spaces" / "data.parquet"
    pq.write_table(pq.read_table(spaces).replace_schema_metadata(None), spaces)  # an older lake
    (lake / "marts" / "occupancy_daily" / "local_month=1999-01").mkdir()
    again = export_lake(warehouse, lake, ("density_v2",))
    assert again.rewritten == ["marts.spaces/data.parquet"]
    assert not (lake / "marts" / "occupancy_daily" / "local_month=1999-01").exists()
    _assert_lake_equals_warehouse(warehouse, lake)
