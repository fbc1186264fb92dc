"""The dbt project built on a fixture warehouse with Density v2 and v3 loaded (raw_fixtures,
density_v3_fixtures): `dbt build` passes every model, data test and unit test, and the marts
hold v3's figures where both APIs count a space, worked out by hand from the fixtures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.fixtures.dbt import query, run_dbt, utc
from tests.fixtures.raw_density_v3 import CONFERENCE_ROOM_HOURS, write_v3_raw_tables
from tests.fixtures.raw_v2 import ensure_source_absent, write_v2_raw_tables

# Each module builds the dbt project at least once: end-to-end, not the fast subset; the modules
# share the session's v2 build (and its unit tests): tests/fixtures/scheduling.py keeps them on
# one xdist worker.
pytestmark = pytest.mark.slow

FLOOR = "density:spc_111"
CONFERENCE_ROOM = "density:spc_1111"
CAFE = "density:spc_1112"
PHONE_BOOTH = "density:spc_1113"
FOCUS_ROOM = "density:spc_2001"
# What the daily schedule asks to find the first floor-day to load again.
EARLIEST_UNFINISHED_DAY = (
    "select min(local_date) from marts.floor_data_status where not is_final and local_date >= ?"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    workdir = tmp_path_factory.mktemp("dbt_density_v3")
    warehouse = workdir / "warehouse.duckdb"
    write_v2_raw_tables(warehouse, "density_v2")
    write_v3_raw_tables(warehouse)
    for source in ("omnos", "occuspace"):
        ensure_source_absent(warehouse, source)
    return warehouse, run_dbt(workdir, warehouse, "build", "--exclude-resource-type", "unit_test")


@pytest.fixture(scope="module")
def warehouse(built) -> Path:
    return built[0]


def test_build_passes_every_model_and_data_test(built):
    _, run_results = built
    statuses = {r["unique_id"]: r["status"] for r in run_results["results"]}
    assert {uid: s for uid, s in statuses.items() if s not in ("success", "pass")} == {}
    for mart in ("sessions", "sensor_health"):
        assert statuses[f"model.occupancy.{mart}"] == "success"


def test_the_v3_unit_tests_pass(v2_fixture_build):
    # Unit tests do not read the warehouse's data: the one session build with them runs them all.
    statuses = {r["unique_id"]: r["status"] for r in v2_fixture_build[1]["results"]}
    names = {uid.split(".")[-1] for uid in statuses if uid.startswith("unit_test.")}
    assert {
        "v3_hourly_time_used_in_hours_and_the_vendors_measures",
        "v3_flags_low_up_time_threshold_is_a_var",
        "v3_flags_count_mismatch_beyond_the_tolerance",
        "hourly_v3_preferred_over_v2_for_the_same_space_and_hour",
        "sessions_local_date_across_midnight_and_dst",
        "sensor_health_intervals_run_to_the_next_change",
    } <= names


def test_every_raw_table_is_staged(warehouse):
    staged = query(
        warehouse,
        "select table_name from information_schema.tables "
        "where table_schema = 'staging' and table_name like 'stg_density_v3__%' order by 1",
    )
    raw = query(
        warehouse,
        "select table_name from information_schema.tables "
        "where table_schema = 'density_v3' order by 1",
    )
    assert [name for (name,) in staged] == [f"stg_density_v3__{name}" for (name,) in raw]


def test_one_space_row_per_key_with_v3_record(warehouse):
    rows = query(
        warehouse,
        "select space_key, count(*), any_value(capacity), any_value(parent_space_key) "
        "from marts.spaces group by space_key order by space_key",
    )
    assert len(rows) == 8  # raw_fixtures' 7 spaces and the Phone Booth
    by_key = {key: row for key, *row in rows}
    assert all(count == 1 for count, _, _ in by_key.values())
    assert by_key[CONFERENCE_ROOM] == [1, 14, FLOOR]  # v3's capacity (v2 says 12)
    assert by_key[PHONE_BOOTH] == [1, 4, FLOOR]  # its parent from the floor's children_ids


def test_shared_space_has_one_row_per_hour_v3_where_delivered(warehouse):
    rows = query(
        warehouse,
        "select hour_start_utc, source_api from marts.occupancy_hourly "
        "where space_key = ? order by hour_start_utc",
        CONFERENCE_ROOM,
    )
    hours = [hour for hour, _ in rows]
    assert len(hours) == len(set(hours)) == 24 + 25  # New York falls back on the 3rd
    v3_hours = {hour for hour, api in rows if api == "density_v3"}
    assert v3_hours == set(CONFERENCE_ROOM_HOURS)
    # the rest of the 3rd, from 12:00 EST on, only v2 has
    assert {hour for hour, api in rows if api == "density_v2"} == set(hours) - v3_hours
    assert min(hour for hour, api in rows if api == "density_v2") == utc("2024-11-03 17:00")


def test_shared_hour_shows_v3_figures(warehouse):
    rows = query(
        warehouse,
        "select source_api, local_hour, occupancy_avg, occupancy_peak, entrances, exits, "
        "time_used_hours, capacity, utilization_avg, up_time, is_capped "
        "from marts.occupancy_hourly where space_key = ? and hour_start_utc = ?",
        CONFERENCE_ROOM,
        utc("2024-11-02 13:00"),
    )
    # v2 has 70/60 people on average, 2 entrances and 50 minutes used this hour
    assert rows == [
        (
            "density_v3",
            9,
            1.25,
            2,
            3,
            1,
            pytest.approx(2_820_000 / 3_600_000),
            14,
            pytest.approx(1.25 / 14),
            1.0,
            False,
        )
    ]


def test_time_used_hours_is_the_raw_milliseconds_over_3_6_million(warehouse):
    pairs = query(
        warehouse,
        "select hourly.time_used_hours, raw.time_used_raw "
        "from marts.occupancy_hourly as hourly "
        "inner join density_v3.metrics as raw "
        "on hourly.space_key = 'density:' || raw.space_id "
        "and hourly.hour_start_utc = raw.timestamp",
    )
    assert len(pairs) == len(CONFERENCE_ROOM_HOURS) + 24
    assert any(raw for _, raw in pairs)
    for hours, raw in pairs:
        assert hours == pytest.approx(raw / 3_600_000)


def test_phone_booth_capped_hour_and_day(warehouse):
    hour = query(
        warehouse,
        "select occupancy_peak, is_capped, capped_count_limit, utilization_avg, utilization_peak "
        "from marts.occupancy_hourly where space_key = ? and hour_start_utc = ?",
        PHONE_BOOTH,
        utc("2024-11-02 16:00"),
    )
    assert hour == [(3, True, 3, 2.5 / 4, 3 / 4)]
    day = query(
        warehouse,
        "select source_api, hours_in_day, is_capped, capped_count_limit, up_time "
        "from marts.occupancy_daily where space_key = ?",
        PHONE_BOOTH,
    )
    # up_time: 22 hours at 1, one at 0.5 and one at 0.8
    assert day == [("density_v3", 24, True, 3, pytest.approx((22 + 0.5 + 0.8) / 24))]


def test_a_day_of_both_apis_is_one_day(warehouse):
    days = query(
        warehouse,
        "select local_date, source_api, hours_in_day from marts.occupancy_daily "
        "where space_key = ? order by local_date",
        CONFERENCE_ROOM,
    )
    assert days == [
        (date(2024, 11, 2), "density_v3", 24),
        (date(2024, 11, 3), "density_v3", 25),
    ]


def test_each_flag_once(warehouse):
    flags = query(
        warehouse,
        "select space_key, grain, period_start, flag from marts.data_quality_flags order by all",
    )
    assert flags == [
        (FLOOR, "day", utc("2024-11-03 04:00"), "floor_data_incomplete"),
        (CONFERENCE_ROOM, "hour", utc("2024-11-03 15:00"), "count_mismatch"),
        (CAFE, "day", utc("2024-11-02 04:00"), "capacity_zero"),
        (CAFE, "day", utc("2024-11-03 04:00"), "capacity_zero"),
        (CAFE, "hour", utc("2024-11-03 20:00"), "negative_count"),
        (PHONE_BOOTH, "hour", utc("2024-11-02 12:00"), "metrics_without_session"),
        (PHONE_BOOTH, "hour", utc("2024-11-02 16:00"), "capped"),
        (PHONE_BOOTH, "hour", utc("2024-11-02 19:00"), "low_up_time"),
        (FOCUS_ROOM, "day", utc("2024-11-01 18:30"), "capacity_missing"),
        (FOCUS_ROOM, "day", utc("2024-11-02 18:30"), "capacity_missing"),
    ]
    [(detail,)] = query(
        warehouse, "select detail from marts.data_quality_flags where flag = 'count_mismatch'"
    )
    # v3 against v2, and v2's counts against its events, in one row
    assert detail.startswith("Density v2 counts 3 entrances and 2 exits, Density v3 5 entrances")
    assert "; counts say 3 entrances and 2 exits, events say 2 entrances and 2 exits" in detail
    [(detail,)] = query(
        warehouse, "select detail from marts.data_quality_flags where flag = 'capped'"
    )
    assert detail.startswith("the sensor hit its count ceiling of 3 people")


def test_floor_data_status_says_which_floor_days_are_final(warehouse):
    assert query(
        warehouse,
        "select space_key, floor_id, local_date, processed_share, is_final "
        "from marts.floor_data_status order by all",
    ) == [
        (FLOOR, "spc_111", date(2024, 11, 2), 1.0, True),
        (FLOOR, "spc_111", date(2024, 11, 3), 0.6, False),
    ]
    assert query(warehouse, EARLIEST_UNFINISHED_DAY, date(2024, 11, 1)) == [(date(2024, 11, 3),)]
    assert query(warehouse, EARLIEST_UNFINISHED_DAY, date(2024, 11, 3)) == [(date(2024, 11, 3),)]
    assert query(warehouse, EARLIEST_UNFINISHED_DAY, date(2024, 11, 4)) == [(None,)]


def test_sessions_in_local_time(warehouse):
    sessions = query(
        warehouse,
        "select space_key, session_start_utc, local_date, duration_hours "
        "from marts.sessions order by space_key, session_start_utc",
    )
    assert sessions == [
        # from 22:00 EDT the evening before
        (CONFERENCE_ROOM, utc("2024-11-02 02:00"), date(2024, 11, 1), 6.0),
        (CONFERENCE_ROOM, utc("2024-11-02 13:10"), date(2024, 11, 2), pytest.approx(65 / 60)),
        (CONFERENCE_ROOM, utc("2024-11-02 18:00"), date(2024, 11, 2), 0.5),
        # 01:30 EDT to 01:45 EST
        (CONFERENCE_ROOM, utc("2024-11-03 05:30"), date(2024, 11, 3), 1.25),
        (CONFERENCE_ROOM, utc("2024-11-03 15:05"), date(2024, 11, 3), pytest.approx(50 / 60)),
        (PHONE_BOOTH, utc("2024-11-02 16:00"), date(2024, 11, 2), pytest.approx(50 / 60)),
        # 23:40 to 00:20
        (PHONE_BOOTH, utc("2024-11-03 03:40"), date(2024, 11, 2), pytest.approx(40 / 60)),
    ]


def test_sensor_health_intervals(warehouse):
    intervals = query(
        warehouse,
        "select health_status, status_start_utc, status_end_utc, hours, space_key, floor_key "
        "from marts.sensor_health where serial_number = 'W000001' order by status_start_utc",
    )
    place = (PHONE_BOOTH, FLOOR)
    assert intervals == [
        ("healthy", utc("2024-11-02 04:00"), utc("2024-11-02 19:00"), 15.0, *place),
        ("degraded", utc("2024-11-02 19:00"), utc("2024-11-02 19:30"), 0.5, *place),
        ("offline", utc("2024-11-02 19:30"), utc("2024-11-02 20:12"), pytest.approx(0.7), *place),
        ("healthy", utc("2024-11-02 20:12"), None, None, *place),
    ]
    [(space_key, space_keys)] = query(
        warehouse,
        "select space_key, space_keys from marts.sensor_health where serial_number = 'Z000002'",
    )
    assert (space_key, space_keys) == (None, [CAFE, FLOOR])
