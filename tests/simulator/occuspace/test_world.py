"""The Occuspace world: parents sum children, local days, outages, closures, activation, seeds."""

from datetime import date, timedelta

import pytest

from simulator.occuspace.locations import GROUP_STUDY_ID, MAKER_SPACE_ID
from simulator.occuspace.metrics import now
from simulator.occuspace.world import OccuspaceWorld
from simulator.world.timeutil import US_PER_MIN, from_us

WORLD = OccuspaceWorld(7)
DAYS = [date(2026, 9, 21) + timedelta(n) for n in range(60)]


@pytest.mark.parametrize("day", [DAYS[0], date(2026, 10, 23), date(2026, 11, 1)])
def test_every_parent_is_the_sum_of_its_children_at_every_sample(day):
    for loc in WORLD.locations():
        if not loc.child_ids:
            continue
        series = WORLD.series(loc.id, day)
        children = [WORLD.series(c, day) for c in loc.child_ids]
        assert all(c.slots == series.slots for c in children)
        for i, value in enumerate(series.values):
            present = [c.values[i] for c in children if c.values[i] is not None]
            assert value == (sum(present) if present else None)
        assert sorted(v for c in children for v in c.visits) == list(series.visits)
        assert loc.capacity == sum(WORLD.location(c).capacity for c in loc.child_ids)


@pytest.mark.parametrize(
    ("location", "day", "samples"),
    [
        (1560, date(2026, 3, 8), 92),
        (1560, date(2026, 3, 9), 96),
        (1560, date(2026, 11, 1), 100),
        (1573, date(2026, 3, 29), 92),
        (1573, date(2026, 10, 25), 100),
    ],
)
def test_a_local_day_is_sampled_every_15_minutes(location, day, samples):
    slots = WORLD.series(location, day).slots
    assert len(slots) == samples
    assert {b - a for a, b in zip(slots, slots[1:], strict=False)} == {15 * US_PER_MIN}


def test_an_outage_blanks_its_building_and_leaves_its_parent_partial():
    day = next(d for d in DAYS if WORLD.outage(1561, d) and not WORLD.outage(1569, d))
    start, end = WORLD.outage(1561, day)
    zone, campus = WORLD.series(1563, day), WORLD.series(1560, day)
    union = WORLD.series(1569, day)
    for i, t in enumerate(zone.slots):
        down = start <= t < end
        assert (zone.values[i] is None) == down
        if down:
            assert campus.values[i] == union.values[i]  # only the Student Union reports
    assert not any(start <= enter < end for enter, _ in zone.visits)
    note = WORLD.day_notes(1560, day)[0]
    assert note.startswith(f"Missing data on {day}: the client network of Harper Library")
    assert WORLD.day_notes(1569, day) == []


def test_a_closed_zone_has_no_visits_and_counts_zero():
    day = next(d for d in DAYS if WORLD.closed(1564, d) and not WORLD.outages(1564, d))
    series = WORLD.series(1564, day)
    assert series.visits == () and set(series.values) == {0}
    assert not WORLD.closed(1563, day)  # only the zones that close ever do


def test_a_zone_has_no_data_before_its_earliest_count():
    before, first = date(2026, 10, 20), date(2026, 10, 21)
    assert WORLD.location(GROUP_STUDY_ID).earliest_count == first
    assert set(WORLD.series(GROUP_STUDY_ID, before).values) == {None}
    assert WORLD.series(GROUP_STUDY_ID, first).visits
    assert WORLD.location(MAKER_SPACE_ID).earliest_count is None
    assert WORLD.location(1574).earliest_count == date(2025, 9, 1)


def test_now_reports_a_running_outage_and_the_last_count_before_it():
    day = next(d for d in DAYS if WORLD.outage(1561, d))
    start, end = WORLD.outage(1561, day)
    during = start + 30 * US_PER_MIN
    message, data = now(WORLD, WORLD.location(1563), during)
    assert message.startswith("Missing data: the client network of Harper Library has been down")
    assert data["isActive"] is False
    series, last = WORLD.series(1563, day), start - 15 * US_PER_MIN
    assert WORLD.latest(1563, during) == (last, series.values[series.slots.index(last)])
    assert data["timestamp"] == from_us(last).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    message, data = now(WORLD, WORLD.location(MAKER_SPACE_ID), during)
    assert message == "No counts have been recorded for this location yet."
    assert data["isActive"] is False and data["count"] == 0


def test_the_same_seed_makes_the_same_world_and_another_seed_another():
    day = date(2026, 11, 4)
    again, other = OccuspaceWorld(7), OccuspaceWorld(8)
    assert again.series(1560, day) == WORLD.series(1560, day)
    assert other.series(1560, day) != WORLD.series(1560, day)
    assert [loc.id for loc in other.locations()] == [loc.id for loc in WORLD.locations()]
