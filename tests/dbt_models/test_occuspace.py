"""The dbt project built on a fixture warehouse with Occuspace (occuspace_fixtures) and Density v2
(raw_fixtures) loaded, Omnos without credentials.

`dbt build` runs every model, data test and unit test; the Occuspace rows of the marts are then
checked against numbers worked out by hand from the fixture.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.fixtures.dbt import query, run_dbt, utc
from tests.fixtures.raw_occuspace import OUTAGE_MESSAGE, write_occuspace_raw_tables
from tests.fixtures.raw_v2 import ensure_source_absent, write_v2_raw_tables

# Each module builds the dbt project at least once: end-to-end, not the fast subset; the modules
# share the session's v2 build (and its unit tests): tests/fixtures/scheduling.py keeps them on
# one xdist worker.
pytestmark = pytest.mark.slow

CAMPUS = "occuspace:1"
BUILDING = "occuspace:2"
FLOOR = "occuspace:3"
ZONE_A = "occuspace:4"
ZONE_B = "occuspace:5"
FALL_BACK = date(2024, 11, 3)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    workdir = tmp_path_factory.mktemp("dbt_occuspace")
    warehouse = workdir / "warehouse.duckdb"
    write_v2_raw_tables(warehouse, "density_v2")
    ensure_source_absent(warehouse, "omnos")
    write_occuspace_raw_tables(warehouse)
    return warehouse, run_dbt(workdir, warehouse, "build", "--exclude-resource-type", "unit_test")


@pytest.fixture(scope="module")
def warehouse(built) -> Path:
    return built[0]


def test_build_passes_every_model_and_data_test(built):
    _, run_results = built
    statuses = {r["unique_id"]: r["status"] for r in run_results["results"]}
    assert {uid: s for uid, s in statuses.items() if s not in ("success", "pass")} == {}


def test_the_occuspace_unit_tests_pass(v2_fixture_build):
    # Unit tests do not read the warehouse's data: the one session build with them runs them all.
    statuses = {r["unique_id"]: r["status"] for r in v2_fixture_build[1]["results"]}
    assert {uid: s for uid, s in statuses.items() if s not in ("success", "pass")} == {}
    occuspace_unit_tests = [
        uid for uid in statuses if uid.startswith("unit_test.") and "occuspace" in uid
    ]
    assert len(occuspace_unit_tests) >= 11


def test_locations_are_spaces_typed_by_their_height_without_a_time_zone(warehouse):
    assert query(
        warehouse,
        "select space_key, space_type, parent_space_key, time_zone, floor_key from marts.spaces"
        " where vendor = 'occuspace' order by space_key",
    ) == [
        (CAMPUS, "campus", None, None, None),
        (BUILDING, "building", CAMPUS, None, None),
        (FLOOR, "floor", BUILDING, None, FLOOR),
        (ZONE_A, "space", FLOOR, None, FLOOR),
        (ZONE_B, "space", FLOOR, None, FLOOR),
    ]


def test_the_fall_back_day_has_25_hours_with_01_00_twice(warehouse):
    hours = query(
        warehouse,
        "select hour_start_utc, local_hour, occupancy_avg, visitors from marts.occupancy_hourly"
        " where space_key = ? and local_date = ? order by hour_start_utc",
        FLOOR,
        FALL_BACK,
    )
    assert len(hours) == 25
    # 01:00 EDT and 01:00 EST: Zone A has 1 person at 01:00 (1 % 5), Zone B 2, in both
    assert hours[1:3] == [
        (utc("2024-11-03 05:00"), 1, 3.0, 0),
        (utc("2024-11-03 06:00"), 1, 3.0, 0),
    ]
    assert [hour[1] for hour in hours] == [0, 1, *range(1, 24)]


def test_hourly_percentages_are_shares_as_the_vendor_sent_them(warehouse):
    # Zone A at 09:00 EDT on the 2nd: 9 % 5 = 4 people of 10, peak 6
    assert query(
        warehouse,
        "select local_hour, occupancy_avg, occupancy_peak, capacity, utilization_avg,"
        " utilization_peak, entrances, time_used_hours from marts.occupancy_hourly"
        " where space_key = ? and hour_start_utc = ?",
        ZONE_A,
        utc("2024-11-02 13:00"),
    ) == [(9, 4.0, 6, 10, 0.4, 0.6, None, None)]


def test_daily_figures_are_the_vendors_own(warehouse):
    # Zone A on the 2nd: the hours' mean is 46 / 24 = 1.92, the vendor says 2; 10 hourly
    # visitors, 7 daily visitors (people who came in several hours count once)
    assert query(
        warehouse,
        "select occupancy_avg, occupancy_peak, utilization_avg, visitors, avg_dwell_minutes,"
        " peak_dwell_minutes, hours_in_day from marts.occupancy_daily"
        " where space_key = ? and local_date = ?",
        ZONE_A,
        date(2024, 11, 2),
    ) == [(2.0, 6, 0.2, 7, 45.0, 120.0, 24)]
    [(hourly_visitors,)] = query(
        warehouse,
        "select sum(visitors) from marts.occupancy_hourly where space_key = ? and local_date = ?",
        ZONE_A,
        date(2024, 11, 2),
    )
    assert hourly_visitors == 10


def test_vendor_message_flags_the_days_the_vendor_spoke_of(warehouse):
    flags = query(
        warehouse,
        "select space_key, period_start, local_date, detail from marts.data_quality_flags"
        " where flag = 'vendor_message' order by all",
    )
    # Zone B and the locations above it, on the 2nd only: the 3rd's own responses say OK
    assert flags == [
        (key, utc("2024-11-02 04:00"), date(2024, 11, 2), OUTAGE_MESSAGE)
        for key in (CAMPUS, BUILDING, FLOOR, ZONE_B)
    ]


def test_missing_data_flags_the_missing_hour_and_the_failed_request(warehouse):
    assert query(
        warehouse,
        "select space_key, period_start, local_date, detail from marts.data_quality_flags"
        " where flag = 'missing_data' order by all",
    ) == [
        (
            ZONE_A,
            utc("2024-11-03 04:00"),
            FALL_BACK,
            "requests for this day failed (hourly_occupancy unavailable with HTTP 503) and hourly"
            " occupancy is missing for 25 of the day's 25 hours: load the day again to fill the"
            " gap",
        ),
        (
            ZONE_B,
            utc("2024-11-02 04:00"),
            date(2024, 11, 2),
            "hourly occupancy is missing for 1 of the day's 24 hours: Occuspace sent none for"
            " them (its vendor_message for the day may say why); load the day again once it has"
            " them",
        ),
    ]
