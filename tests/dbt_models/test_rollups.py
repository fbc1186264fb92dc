"""The roll-up marts built on the fixture warehouse (raw_fixtures, Density v2 loaded), checked
against numbers worked out by hand: the space tree, the building and floor roll-ups, the working
hours and the daily data-quality summary.

The fixture days (2024-11-02 and 03) are a Saturday and a Sunday, so with the default operating
hours they have no working hours. A copy of the built warehouse (`rebuilt`) then gets another
vendor's hours, which have no timeline, in the marts the roll-ups read, and the roll-ups and
working_hours_daily are rebuilt on it with the weekend as the operating days.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.fixtures.dbt import query, run_dbt, utc

# Each module builds the dbt project at least once: end-to-end, not the fast subset; the modules
# share the session's v2 build (and its unit tests): tests/fixtures/scheduling.py keeps them on
# one xdist worker.
pytestmark = pytest.mark.slow

CAMPUS = "density:spc_100"
HQ = "density:spc_110"
FLOOR = "density:spc_111"
CONFERENCE_ROOM = "density:spc_1111"
CAFE = "density:spc_1112"
BENGALURU = "density:spc_200"
FOCUS_ROOM = "density:spc_2001"
MARTS = (
    "group_occupancy_hourly",
    "group_occupancy_daily",
    "working_hours_daily",
    "data_quality_daily",
)
WEEKEND_HOURS = "{operating_hours: {days: [6, 7], start_hour: 8, end_hour: 18}}"


@pytest.fixture(scope="module")
def built(v2_fixture_build) -> tuple[Path, dict]:
    return v2_fixture_build


@pytest.fixture(scope="module")
def warehouse(built) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def rebuilt(warehouse, tmp_path_factory) -> Path:
    """A copy of the warehouse in which an Occuspace building with two zones has reported one
    hour (hourly figures, no timeline); the roll-ups and the working hours are rebuilt on it,
    the working hours with the weekend as the operating days."""
    workdir = tmp_path_factory.mktemp("dbt_rebuilt")
    copy = workdir / "warehouse.duckdb"
    shutil.copy(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "insert into marts.spaces by name select * from (values"
            " ('occuspace:b1', 'b1', 'building', null, null, 'occuspace:b1'),"
            " ('occuspace:z1', 'z1', 'space', 'occuspace:b1', 10, 'occuspace:b1'),"
            " ('occuspace:z2', 'z2', 'space', 'occuspace:b1', 5, 'occuspace:b1')"
            ") as s (space_key, space_id, space_type, parent_space_key, capacity, building_key)"
            " cross join (select 'occuspace' as vendor, 'America/Chicago' as time_zone)"
        )
        con.execute(
            "insert into marts.occupancy_hourly by name select *,"
            " 'occuspace' as source_api, timestamptz '2024-11-04 15:00:00+00' as hour_start_utc,"
            " date '2024-11-04' as local_date, 9 as local_hour from (values"
            " ('occuspace:z1', 2.5, 4, 10, 1.0), ('occuspace:z2', 2.0, 3, 5, 0.5)"
            ") as h (space_key, occupancy_avg, occupancy_peak, capacity, time_used_hours)"
        )
    run_dbt(
        workdir,
        copy,
        "run",
        "--select",
        "int_groups__member_hours+",
        "working_hours_daily",
        "--vars",
        WEEKEND_HOURS,
    )
    return copy


def test_build_passes_every_model_data_test_and_unit_test(built):
    _, run_results = built
    statuses = {r["unique_id"]: r["status"] for r in run_results["results"]}
    assert {uid: s for uid, s in statuses.items() if s not in ("success", "pass")} == {}
    for mart in MARTS:
        assert statuses[f"model.occupancy.{mart}"] == "success"


def test_every_space_knows_its_campus_building_and_floor(warehouse):
    assert query(
        warehouse,
        "select space_key, campus_key, building_key, floor_key from marts.spaces order by 1",
    ) == [
        (CAMPUS, CAMPUS, None, None),
        (HQ, CAMPUS, HQ, None),
        (FLOOR, CAMPUS, HQ, FLOOR),
        (CONFERENCE_ROOM, CAMPUS, HQ, FLOOR),
        (CAFE, CAMPUS, HQ, FLOOR),
        (BENGALURU, None, BENGALURU, None),
        (FOCUS_ROOM, None, BENGALURU, None),
    ]


def test_group_peak_is_the_concurrent_peak_not_the_sum_of_peaks(warehouse):
    # 14:00 EDT: Conference Room A holds 1 from 14:00 to 14:30; the Cafe 1 from 14:20, 2 from
    # 14:35, 1 from 14:45, 0 from 14:50. Their peaks add up to 3; together they are never more
    # than 2 (14:20-14:30 and 14:35-14:45).
    hour = utc("2024-11-02 18:00")
    member_peaks = query(
        warehouse,
        "select sum(occupancy_peak) from marts.occupancy_hourly"
        " where hour_start_utc = ? and space_key in (?, ?)",
        hour,
        CONFERENCE_ROOM,
        CAFE,
    )
    assert member_peaks == [(3,)]
    rows = query(
        warehouse,
        "select group_key, group_type, local_hour, member_spaces, occupancy_avg, occupancy_peak,"
        " peak_is_approximate, entrances, exits, capacity, utilization_peak, time_used_hours"
        " from marts.group_occupancy_hourly where hour_start_utc = ? order by 1",
        hour,
    )
    for group_key, group_type in ((HQ, "building"), (FLOOR, "floor")):
        assert (group_key, group_type, 14, 2) in [row[:4] for row in rows]
    assert [row[4:] for row in rows] == 2 * [
        (
            pytest.approx(30 / 60 + 40 / 60),  # the sum of the rooms' averages
            2,
            False,
            3,
            3,
            12,  # 12 + the Cafe's 0
            pytest.approx(2 / 12),
            pytest.approx(50 / 60),  # someone is in from 14:00 to 14:50
        )
    ]
    # the Bengaluru building has a single room: its peak is the room's
    assert query(
        warehouse,
        "select occupancy_peak, peak_is_approximate, capacity from marts.group_occupancy_hourly"
        " where group_key = ? and hour_start_utc = ?",
        BENGALURU,
        utc("2024-11-02 04:30"),
    ) == [(1, False, None)]


def test_group_day_peak_is_the_highest_hourly_group_peak(warehouse):
    assert query(
        warehouse,
        "select local_date, member_spaces, occupancy_peak, peak_is_approximate, hours_in_day"
        " from marts.group_occupancy_daily where group_key = ? order by 1",
        FLOOR,
    ) == [(date(2024, 11, 2), 2, 2, False, 24), (date(2024, 11, 3), 2, 2, False, 25)]


def test_hourly_only_members_make_an_approximate_peak(rebuilt):
    # averages 2.5 + 2.0 = 4.5 people, so at some moment at least 5; the rooms' peaks 4 and 3
    # could add up to 7 only if they peaked together, which hourly figures cannot tell
    assert query(
        rebuilt,
        "select group_key, local_date, local_hour, member_spaces, occupancy_avg, occupancy_peak,"
        " peak_is_approximate, capacity, utilization_peak, time_used_hours"
        " from marts.group_occupancy_hourly where group_key = 'occuspace:b1'",
    ) == [("occuspace:b1", date(2024, 11, 4), 9, 2, 4.5, 5, True, 15, 5 / 15, 1.0)]
    # the Density groups are untouched and still exact
    assert query(
        rebuilt,
        "select bool_or(peak_is_approximate) from marts.group_occupancy_hourly"
        " where group_key like 'density:%'",
    ) == [(False,)]


def test_weekend_days_have_no_working_hours_by_default(warehouse):
    assert query(warehouse, "select count(*) from marts.working_hours_daily") == [(0,)]


def test_working_hours_of_a_weekend_operating_day(rebuilt):
    rows = query(
        rebuilt,
        "select space_key, working_hours, hours_used, occupancy_avg, occupancy_peak,"
        " utilization_peak, utilization_band, hours_under_60, hours_60_to_100, hours_over_100,"
        " saturation from marts.working_hours_daily where local_date = date '2024-11-02'"
        " order by 1",
    )
    assert rows == [
        # 08:00-18:00 EDT: in use 50 minutes of the 09:00 hour (average 70/60), 15 of 10:00
        # and 30 of 14:00, at most 2 people of 12
        (
            CONFERENCE_ROOM,
            10,
            pytest.approx(95 / 60),
            pytest.approx((70 + 15 + 30) / 60 / 10),
            2,
            pytest.approx(2 / 12),
            "under_60",
            10,
            0,
            0,
            0.0,
        ),
        # in use 10 minutes of 12:00 (average 15/60), 30 of 13:00 (1.0) and 30 of 14:00
        # (40/60); capacity 0: utilization 0, so under_60, and no saturation
        (
            CAFE,
            10,
            pytest.approx(70 / 60),
            pytest.approx((15 + 60 + 40) / 60 / 10),
            2,
            0.0,
            "under_60",
            10,
            0,
            0,
            None,
        ),
        # 10:15 to 11:45 IST; no capacity: no utilization, no band, no saturation
        (FOCUS_ROOM, 10, 1.5, pytest.approx(1.5 / 10), 1, None, None, 0, 0, 0, None),
    ]


def test_data_quality_share_of_hours_flagged(warehouse):
    assert query(
        warehouse,
        "select space_key, local_date, flag, hours_in_day, hours_flagged, share_of_hours_flagged"
        " from marts.data_quality_daily order by all",
    ) == [
        (CONFERENCE_ROOM, date(2024, 11, 3), "count_mismatch", 25, 1, 1 / 25),
        (CAFE, date(2024, 11, 2), "capacity_zero", 24, 24, 1.0),
        (CAFE, date(2024, 11, 3), "capacity_zero", 25, 25, 1.0),
        (CAFE, date(2024, 11, 3), "negative_count", 25, 1, 1 / 25),
        (FOCUS_ROOM, date(2024, 11, 2), "capacity_missing", 24, 24, 1.0),
        (FOCUS_ROOM, date(2024, 11, 3), "capacity_missing", 24, 24, 1.0),
    ]
