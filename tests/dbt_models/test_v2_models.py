"""The dbt project built on a fixture warehouse: Density v2 loaded, Omnos without credentials.

`dbt build` runs every model, data test and unit test; the marts are then checked against
numbers worked out by hand from the events and counts in raw_fixtures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.fixtures.dbt import query, run_dbt, utc
from tests.fixtures.raw_v2 import ensure_source_absent

# Each module builds the dbt project at least once: end-to-end, not the fast subset; the modules
# share the session's v2 build (and its unit tests): tests/fixtures/scheduling.py keeps them on
# one xdist worker.
pytestmark = pytest.mark.slow

CONFERENCE_ROOM = "density:spc_1111"
CAFE = "density:spc_1112"
FOCUS_ROOM = "density:spc_2001"
STAGED_TABLES = ("spaces", "doorways", "sensors", "tags", "time_segments", "counts", "events")


@pytest.fixture(scope="module")
def built(v2_fixture_build) -> tuple[Path, dict]:
    return v2_fixture_build


@pytest.fixture(scope="module")
def warehouse(built) -> Path:
    return built[0]


def test_build_passes_every_model_data_test_and_unit_test(built):
    _, run_results = built
    statuses = {r["unique_id"]: r["status"] for r in run_results["results"]}
    assert {uid: s for uid, s in statuses.items() if s not in ("success", "pass")} == {}
    kinds = {uid.split(".")[0] for uid in statuses}
    assert kinds == {"model", "test", "unit_test"}
    assert sum(uid.startswith("unit_test.") for uid in statuses) >= 13


def test_source_without_credentials_stages_zero_rows_of_the_same_shape(warehouse):
    columns = """
        select table_name, column_name, data_type
        from information_schema.columns
        where table_schema = 'staging' and table_name = ?
        order by ordinal_position
    """
    for table in STAGED_TABLES:
        density = query(warehouse, columns, f"stg_density_v2__{table}")
        omnos = query(warehouse, columns, f"stg_omnos__{table}")
        assert density, table
        assert [c[1:] for c in omnos] == [c[1:] for c in density], table
        assert query(warehouse, f"select count(*) from staging.stg_omnos__{table}") == [(0,)]
    assert query(warehouse, "select count(*) from marts.spaces where vendor = 'omnos'") == [(0,)]


def test_hours_per_local_day_follow_dst_and_the_half_hour_zone(warehouse):
    days = query(
        warehouse,
        "select space_key, local_date, hours_in_day from marts.occupancy_daily order by all",
    )
    assert days == [
        (CONFERENCE_ROOM, date(2024, 11, 2), 24),
        (CONFERENCE_ROOM, date(2024, 11, 3), 25),  # New York falls back
        (CAFE, date(2024, 11, 2), 24),
        (CAFE, date(2024, 11, 3), 25),
        (FOCUS_ROOM, date(2024, 11, 2), 24),
        (FOCUS_ROOM, date(2024, 11, 3), 24),
    ]
    # Kolkata's local midnight is 18:30 UTC the day before
    first_focus_hour = query(
        warehouse,
        "select min(hour_start_utc), min(local_hour) from marts.occupancy_hourly "
        "where space_key = ? and local_date = date '2024-11-02'",
        FOCUS_ROOM,
    )
    assert first_focus_hour == [(utc("2024-11-01 18:30"), 0)]


@pytest.mark.parametrize(
    ("space_key", "hour_start", "local_hour", "occupancy_avg", "time_used_hours"),
    [
        # 09:00 EDT: 0 until :10, 1 until :20, 2 until :40, then 1 -> (10*1 + 20*2 + 20*1) / 60
        (CONFERENCE_ROOM, "2024-11-02 13:00", 9, 70 / 60, 50 / 60),
        # 02:00 EDT: one person in since 22:00 the evening before, no events this hour
        (CONFERENCE_ROOM, "2024-11-02 06:00", 2, 1.0, 1.0),
        # 04:00 EDT: the daily reset at the hour start clears that person
        (CONFERENCE_ROOM, "2024-11-02 08:00", 4, 0.0, 0.0),
        # the two 01:00 hours of the fall-back night: in from 01:30 EDT to 01:45 EST
        (CONFERENCE_ROOM, "2024-11-03 05:00", 1, 0.5, 0.5),
        (CONFERENCE_ROOM, "2024-11-03 06:00", 1, 0.75, 0.75),
        # Cafe 13:00 EDT: two people in, its 13:30 reset returns the count to 0
        (CAFE, "2024-11-02 17:00", 13, 1.0, 0.5),
        # Cafe 15:00 EST: the count is -1 from :05 to :30, shown as 0
        (CAFE, "2024-11-03 20:00", 15, 0.0, 0.0),
        # Focus Room 10:00 IST (04:30 UTC): in from 10:15
        (FOCUS_ROOM, "2024-11-02 04:30", 10, 0.75, 0.75),
    ],
)
def test_hourly_occupancy_worked_out_by_hand(
    warehouse, space_key, hour_start, local_hour, occupancy_avg, time_used_hours
):
    rows = query(
        warehouse,
        "select local_hour, occupancy_avg, time_used_hours from marts.occupancy_hourly "
        "where space_key = ? and hour_start_utc = ?",
        space_key,
        utc(hour_start),
    )
    assert len(rows) == 1
    assert rows[0][0] == local_hour
    assert rows[0][1] == pytest.approx(occupancy_avg)
    assert rows[0][2] == pytest.approx(time_used_hours)


def test_utilization_follows_capacity(warehouse):
    rows = query(
        warehouse,
        "select space_key, capacity, utilization_avg, utilization_peak "
        "from marts.occupancy_hourly where hour_start_utc = ? or hour_start_utc = ? order by 1",
        utc("2024-11-02 13:00"),
        utc("2024-11-02 04:30"),
    )
    assert rows == [
        (CONFERENCE_ROOM, 12, pytest.approx(70 / 60 / 12), pytest.approx(2 / 12)),
        (CAFE, 0, 0.0, 0.0),
        (FOCUS_ROOM, None, None, None),
    ]


def test_data_quality_flags(warehouse):
    flags = query(
        warehouse,
        "select space_key, grain, period_start, flag from marts.data_quality_flags order by all",
    )
    assert flags == [
        (CONFERENCE_ROOM, "hour", utc("2024-11-03 15:00"), "count_mismatch"),
        (CAFE, "day", utc("2024-11-02 04:00"), "capacity_zero"),
        (CAFE, "day", utc("2024-11-03 04:00"), "capacity_zero"),
        (CAFE, "hour", utc("2024-11-03 20:00"), "negative_count"),
        (FOCUS_ROOM, "day", utc("2024-11-01 18:30"), "capacity_missing"),
        (FOCUS_ROOM, "day", utc("2024-11-02 18:30"), "capacity_missing"),
    ]
    [(detail,)] = query(
        warehouse, "select detail from marts.data_quality_flags where flag = 'count_mismatch'"
    )
    assert detail.startswith(
        "counts say 3 entrances and 2 exits, events say 2 entrances and 2 exits"
    )


def test_without_density_v3_no_floor_day_waits_to_be_final(warehouse):
    query_of_the_schedule = (
        "select min(local_date) from marts.floor_data_status where not is_final and local_date >= ?"
    )
    assert query(warehouse, query_of_the_schedule, date(2024, 1, 1)) == [(None,)]


def test_build_with_no_vendor_loaded_gives_empty_marts(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    for source in ("density_v2", "omnos"):
        ensure_source_absent(warehouse, source)
    run_dbt(tmp_path, warehouse, "build", "--exclude-resource-type", "unit_test")
    for mart in ("spaces", "occupancy_hourly", "occupancy_daily", "data_quality_flags"):
        assert query(warehouse, f"select count(*) from marts.{mart}") == [(0,)], mart
