"""Which days a run fetches: read off the request-window stamps the warehouse holds."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb
import pytest

from assets.fetch_days import days_to_fetch, held_days, not_final_days, runs

D = date(2026, 3, 1)
NY, UTC = ZoneInfo("America/New_York"), ZoneInfo("UTC")


def day(n: int) -> date:
    return D + timedelta(days=n)


def midnight(n: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day(n), datetime.min.time(), zone)


@pytest.fixture
def con():
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        yield con


def _v2(con, spaces, windows) -> None:
    """Plant raw Density v2 spaces and count windows."""
    con.execute("create schema density_v2")
    con.execute("create table density_v2.spaces (id text, time_zone text, created_at timestamptz)")
    con.execute(
        "create table density_v2.counts (space_id text, window_start timestamptz,"
        " window_end timestamptz)"
    )
    _insert(con, "density_v2.spaces", spaces)
    _insert(con, "density_v2.counts", windows)


def _insert(con, table: str, rows: list[tuple]) -> None:
    """Rows as SQL literals: DuckDB's first bound parameter imports numpy, seconds of a unit test."""

    def literal(value) -> str:
        return (
            "null"
            if value is None
            else f"'{value.isoformat() if hasattr(value, 'isoformat') else value}'"
        )

    values = ", ".join("(" + ", ".join(map(literal, row)) + ")" for row in rows)
    con.execute(f"insert into {table} values {values}")


def test_runs_groups_consecutive_days():
    assert runs([day(5), day(1), day(2), day(3), day(7), day(2)]) == [
        (day(1), day(3)),
        (day(5), day(5)),
        (day(7), day(7)),
    ]
    assert runs([]) == []


def test_a_finished_range_fetches_only_its_unsettled_days():
    held = {day(n) for n in range(20)}
    present = day(20)  # yesterday is day 19; with 3 reload days, days 16..19 may still change
    assert days_to_fetch(day(0), day(19), held, set(), 3, present) == [(day(16), day(19))]
    assert days_to_fetch(day(0), day(19), held, {day(4)}, 3, present) == [
        (day(4), day(4)),
        (day(16), day(19)),
    ]
    assert days_to_fetch(day(0), day(19), held - {day(8), day(9)}, set(), 0, present) == [
        (day(8), day(9)),
        (day(19), day(19)),
    ]
    assert days_to_fetch(day(0), day(10), held, set(), 3, present) == []
    assert days_to_fetch(day(0), day(10), held, set(), 3, present, reload=True) == [
        (day(0), day(10))
    ]


def test_a_day_is_held_when_every_space_has_it_in_its_windows(con):
    mid_day = midnight(2, NY) + timedelta(hours=7)  # a long range split into windows mid-day
    _v2(
        con,
        [
            ("ny", "America/New_York", None),
            ("utc", None, None),
            ("late", "UTC", midnight(3, UTC) + timedelta(hours=5)),  # created on day 3
        ],
        [
            ("ny", midnight(0, NY), mid_day),
            ("ny", mid_day, midnight(5, NY)),
            ("utc", midnight(0, UTC), midnight(4, UTC)),  # day 4 missing for this space
            ("late", midnight(3, UTC) + timedelta(hours=5), midnight(5, UTC)),
        ],
    )
    assert held_days(con, "density_v2", day(0), day(6)) == {day(0), day(1), day(2), day(3)}


def test_a_space_never_loaded_holds_no_day(con):
    _v2(
        con,
        [("ny", "America/New_York", None), ("failed", "UTC", None)],
        [("ny", midnight(0, NY), midnight(3, NY))],
    )
    assert held_days(con, "density_v2", day(0), day(2)) == set()


def test_windows_of_another_zone_do_not_cover_a_local_day(con):
    # UTC days 0..2 miss the last five hours of New York's day 2
    _v2(con, [("ny", "America/New_York", None)], [("ny", midnight(0, UTC), midnight(3, UTC))])
    assert held_days(con, "density_v2", day(0), day(2)) == {day(0), day(1)}


def test_occuspace_days_are_held_when_every_endpoint_answered_for_good(con):
    con.execute("create schema occuspace")
    con.execute(
        "create table occuspace.request_outcomes (location_id bigint, endpoint text,"
        " start_date date, end_date date, outcome text)"
    )
    _insert(
        con,
        "occuspace.request_outcomes",
        [
            (1, "daily_occupancy", day(0), day(3), "ok"),
            (1, "hourly_occupancy", day(0), day(0), "ok"),
            (1, "hourly_occupancy", day(1), day(1), "server_error"),
            (1, "hourly_occupancy", day(2), day(2), "ok"),
            (2, "daily_occupancy", day(0), day(3), "forbidden"),
        ],
    )
    assert held_days(con, "occuspace", day(0), day(3)) == {day(0), day(2)}


def test_nothing_is_held_before_the_tables_exist(con):
    assert held_days(con, "density_v3", day(0), day(3)) == set()
    assert not_final_days(con, day(0), day(3)) == set()
    con.execute("create schema marts")
    con.execute("create table marts.floor_data_status (local_date date, is_final bool)")
    _insert(con, "marts.floor_data_status", [(day(1), "true"), (day(2), "false")])
    assert not_final_days(con, day(0), day(3)) == {day(2)}


def test_density_v3_asks_only_spaces_with_a_counting_mode(con):
    con.execute("create schema density_v3")
    con.execute("create table density_v3.spaces (id text, time_zone text, counting_mode text)")
    con.execute(
        "create table density_v3.metrics (space_id text, window_start timestamptz,"
        " window_end timestamptz)"
    )
    _insert(con, "density_v3.spaces", [("floor", "UTC", "oa"), ("building", "UTC", None)])
    _insert(con, "density_v3.metrics", [("floor", midnight(0, UTC), midnight(2, UTC))])
    assert held_days(con, "density_v3", day(0), day(2)) == {day(0), day(1)}
