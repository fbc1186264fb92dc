"""Loaded days that may still change are a warning listing them: the restatement window before the
vendor's present, and Density v3 floor days not final."""

from datetime import UTC, date, datetime

import duckdb
from dagster import AssetCheckSeverity

from assets.final_checks import _loaded, day_ranges, floor_days_final, restatement_days
from assets.resources import Warehouse
from tests.fixtures.raw_v2 import write_v2_raw_tables


def test_the_restatement_window_ends_at_the_last_complete_day():
    present = datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert restatement_days(present, 3) == (date(2026, 11, 16), date(2026, 11, 19))
    assert restatement_days(present, 0) == (date(2026, 11, 19), date(2026, 11, 19))


def test_days_print_as_contiguous_ranges():
    days = [date(2026, 11, d) for d in (19, 17, 18, 21)]
    assert day_ranges(days) == "2026-11-17..2026-11-19, 2026-11-21"
    assert day_ranges([]) == ""


def test_loaded_days_are_the_local_days_of_the_request_windows(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    write_v2_raw_tables(path, "density_v2")  # New York days 2024-11-02..03 (a 25-hour day)
    with duckdb.connect(str(path), read_only=True) as con:
        window = con.execute("select min(window_start), max(window_end) from density_v2.counts")
        assert [str(t) for t in window.fetchone()] == [
            "2024-11-02 04:00:00+00:00",
            "2024-11-04 05:00:00+00:00",
        ]
        loaded = _loaded(con, "density_v2.counts", date(2024, 10, 30), date(2024, 11, 5))
    assert loaded == [date(2024, 11, 2), date(2024, 11, 3)]


def test_floor_days_not_final_warn_and_list_the_days(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.floor_data_status as select * from (values"
            " ('spc_f', date '2026-11-18', true), ('spc_f', date '2026-11-19', false),"
            " ('spc_g', date '2026-11-19', false)) t(floor_id, local_date, is_final)"
        )
    result = floor_days_final(warehouse=Warehouse(path=str(path)))
    assert not result.passed and result.severity == AssetCheckSeverity.WARN
    assert result.description == (
        "1 loaded day(s) may still change (Density v3 floor data not final): 2026-11-19"
    )
    with duckdb.connect(str(path)) as con:
        con.execute("update marts.floor_data_status set is_final = true")
    assert floor_days_final(warehouse=Warehouse(path=str(path))).passed
