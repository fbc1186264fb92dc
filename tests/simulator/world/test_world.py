"""The simulator's world as the truth: determinism, layout, people, resets, noise, late data."""

import re
import statistics
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from simulator.world.world import DEFAULT_NOW, World
from tests.fixtures.simulator import local_midnight

DAYS = [date(2026, 11, 19) - timedelta(days=i) for i in range(21)]


@pytest.fixture(scope="module")
def world() -> World:
    return World()


def by_name(world: World, portfolio: str, name: str):
    return next(s for s in world.portfolio(portfolio).spaces if s.name == name)


def day_walk(world: World, portfolio: str, space, day: date) -> list[int]:
    """The running count after each event between this day's reset and the next one."""
    start = world.reset_instants(portfolio, space.id, *_day_bounds(space, day))[0]
    end = world.reset_instants(portfolio, space.id, *_day_bounds(space, day + timedelta(days=1)))[0]
    running, values = 0, []
    for event in world.events(portfolio, space.id, start, end):
        running += event.direction
        values.append(running)
    return values


def _day_bounds(space, day: date) -> tuple[datetime, datetime]:
    return local_midnight(day, space.time_zone), local_midnight(day + timedelta(1), space.time_zone)


def test_same_seed_same_world_other_seed_differs():
    first, second, other = World(7), World(7), World(8)
    assert first.portfolio("density") == second.portfolio("density")
    assert first.portfolio("omnos") == second.portfolio("omnos")
    for name in ("Riverside HQ", "Board Room", "Lab 1"):
        space = by_name(first, "density", name)
        for day in DAYS[:3]:
            assert first.day_events("density", space.id, day) == second.day_events(
                "density", space.id, day
            )
    assert by_name(other, "density", "Board Room").id != by_name(first, "density", "Board Room").id
    other_hq = by_name(other, "density", "Riverside HQ")
    hq = by_name(first, "density", "Riverside HQ")
    assert [e.ts_us for e in other.day_events("density", other_hq.id, DAYS[1])] != [
        e.ts_us for e in first.day_events("density", hq.id, DAYS[1])
    ]


def test_a_day_depends_neither_on_now_nor_on_the_order_of_requests():
    early, late = World(now=DEFAULT_NOW), World(now=DEFAULT_NOW + timedelta(days=30))
    space = by_name(early, "omnos", "Gryd West")
    forward = [early.day_events("omnos", space.id, d) for d in DAYS]
    backward = [late.day_events("omnos", space.id, d) for d in reversed(DAYS)]
    assert forward == backward[::-1]
    window = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 3, tzinfo=UTC))
    assert early.events("omnos", space.id, *window) == late.events("omnos", space.id, *window)


def test_portfolios_have_the_documented_shape(world):
    density, omnos = world.portfolio("density"), world.portfolio("omnos")
    zones = {s.time_zone for s in density.spaces} | {s.time_zone for s in omnos.spaces}
    assert zones == {
        "America/New_York",
        "Europe/London",
        "Asia/Kolkata",
        "America/Los_Angeles",
        "Australia/Adelaide",
    }
    campus = next(s for s in density.spaces if s.space_type == "campus")
    assert campus.doorway_ids == () and campus.parent_id is None
    for folio in (density, omnos):
        rooms = [s for s in folio.spaces if s.space_type == "space"]
        assert None in {r.capacity for r in rooms} and 0 in {r.capacity for r in rooms}
        resets = [s.daily_reset for s in folio.spaces]
        assert {"02:00", "23:00", None} <= set(resets)
        assert resets.count("04:00") > len(resets) / 2
        for space in folio.spaces:
            assert re.fullmatch(r"spc_\d{18}", space.id)
            if space.space_type != "campus":
                assert 1 <= len(space.doorway_ids) <= 2
            if space.space_type == "space":
                assert folio.space(space.parent_id).space_type == "floor"
        assert all(re.fullmatch(r"Z\d{18}", s.serial_number) for s in folio.sensors)
        assert all(re.fullmatch(r"drw_\d{18}", d.id) for d in folio.doorways)
        assert all(d.links[0].sensor_placement == 1 for d in folio.doorways)
        assert folio.tags and any(d.tags for d in folio.doorways)
        assert folio.time_segments and all(s.space_ids for s in folio.time_segments)
    hq = by_name(world, "density", "Riverside HQ")
    assert [s.name for s in density.ancestry(by_name(world, "density", "Board Room").id)] == [
        "HQ Floor 2",
        "Riverside HQ",
        "Riverside Campus",
    ]
    assert len([s for s in density.spaces if s.parent_id == hq.id]) == 2
    assert not {s.id for s in density.spaces} & {s.id for s in omnos.spaces}


def test_visit_volumes_follow_the_working_week(world):
    visits: dict[tuple[str, bool], list[int]] = {}
    for key in ("density", "omnos"):
        for space in world.portfolio(key).spaces:
            if space.space_type == "campus":
                assert all(not world.day_events(key, space.id, d) for d in DAYS)
                continue
            for day in DAYS:
                entrances = sum(e.direction == 1 for e in world.day_events(key, space.id, day))
                visits.setdefault((space.space_type, day.weekday() < 5), []).append(entrances)
    assert 100 <= statistics.mean(visits["building", True]) <= 250
    assert 40 <= statistics.mean(visits["floor", True]) <= 120
    assert 5 <= statistics.mean(visits["space", True]) <= 40
    for kind in ("building", "floor", "space"):
        assert statistics.mean(visits[kind, False]) < statistics.mean(visits[kind, True]) / 3


def test_events_are_ordered_millisecond_crossings_within_their_local_day(world):
    folio = world.portfolio("density")
    space = by_name(world, "density", "Open Office East")
    day = DAYS[2]
    events = world.day_events("density", space.id, day)
    start, end = _day_bounds(space, day)
    assert events and all(start <= e.timestamp < end for e in events)
    assert [(e.ts_us, e.id) for e in events] == sorted((e.ts_us, e.id) for e in events)
    assert all(e.ts_us % 1000 == 0 and e.direction in (1, -1) for e in events)
    assert all(re.fullmatch(r"evt_\d{18}", e.id) for e in events)
    assert len({e.id for e in events}) == len(events)
    for event in events:
        doorway = folio.doorway(event.doorway_id)
        assert event.doorway_id in space.doorway_ids
        assert event.sensor_serial_number == doorway.sensor_serial_number
    zone = ZoneInfo(space.time_zone)
    hours = [e.timestamp.astimezone(zone).hour for e in events if e.direction == 1]
    assert statistics.median(hours) in range(8, 15)


@pytest.mark.parametrize(
    ("portfolio", "name", "day", "expected"),
    [
        # 02:00 does not exist on a spring-forward day: the reset is the first instant after the gap
        ("density", "Main Cafe", date(2026, 3, 8), "2026-03-08T07:00:00+00:00"),
        ("omnos", "Wellness Room", date(2026, 10, 4), "2026-10-03T16:30:00+00:00"),
        # 02:00 happens twice when Adelaide leaves DST: the first occurrence (+10:30)
        ("omnos", "Wellness Room", date(2026, 4, 5), "2026-04-04T15:30:00+00:00"),
        ("density", "Open Office East", date(2026, 7, 1), "2026-07-01T08:00:00+00:00"),
        ("density", "Board Room", date(2026, 11, 2), "2026-11-03T04:00:00+00:00"),
        ("density", "Lab 1", date(2026, 11, 2), "2026-11-01T22:30:00+00:00"),
    ],
)
def test_reset_instants_follow_the_local_clock(world, portfolio, name, day, expected):
    space = by_name(world, portfolio, name)
    resets = world.reset_instants(portfolio, space.id, *_day_bounds(space, day))
    assert [r.isoformat() for r in resets] == [expected]


def test_count_at_applies_the_daily_reset_and_is_not_clamped(world):
    before_reset, negative = [], []
    for key in ("density", "omnos"):
        for space in world.portfolio(key).spaces:
            for day in DAYS:
                reset = world.reset_instants(key, space.id, *_day_bounds(space, day))[0]
                count = world.count_at(key, space.id, reset - timedelta(milliseconds=1))
                if count:
                    before_reset.append(count)
                    assert world.count_at(key, space.id, reset) == sum(
                        e.direction
                        for e in world.events(
                            key, space.id, reset, reset + timedelta(milliseconds=1)
                        )
                    )
                if count < 0:
                    negative.append((space.name, day))
    assert before_reset and negative


def test_sensor_noise_gives_negative_counts_and_rooms_overflow(world):
    negative = over_capacity = 0
    for key in ("density", "omnos"):
        for space in world.portfolio(key).spaces:
            for day in DAYS:
                walk = day_walk(world, key, space, day)
                negative += any(v < 0 for v in walk)
                over_capacity += bool(space.capacity) and any(v > space.capacity for v in walk)
    assert negative > 0
    assert over_capacity > 0


def test_late_data_is_revealed_when_now_advances():
    world = World()
    before = world.now
    space = by_name(world, "density", "London Office")
    recent = (before - timedelta(hours=8), before)
    old = (before - timedelta(days=3), before - timedelta(hours=8))
    seen_old = world.events("density", space.id, *old)
    seen_recent = world.events("density", space.id, *recent)
    assert all(e.delivered_at <= before and e.timestamp < before for e in seen_recent)
    counts_recent = world.count_at("density", space.id, before - timedelta(hours=1))
    world.now = before + timedelta(hours=9)
    later_recent = world.events("density", space.id, *recent)
    assert world.events("density", space.id, *old) == seen_old
    assert set(seen_recent) < set(later_recent)
    assert counts_recent != world.count_at("density", space.id, before - timedelta(hours=1))
    hour = 3_600_000_000
    delays = [
        e.delivered_us - e.ts_us for d in DAYS for e in world.day_events("density", space.id, d)
    ]
    assert max(delays) <= 8 * hour
    assert 0.02 < sum(d >= hour for d in delays) / len(delays) < 0.1
    assert statistics.median(delays) < 10 * 60_000_000
