"""The generated portfolio: exactly N spaces of the fixed portfolios' kind, the same by seed."""

from datetime import date

import pytest

from simulator.world.generated import GENERATED_SUFFIX, ROOMS, generated_spec
from simulator.world.layout import build_portfolio
from simulator.world.world import World


def _portfolio(seed: int, spaces: int):
    key = "density" + GENERATED_SUFFIX
    return build_portfolio(seed, key, generated_spec(seed, "density", spaces))


@pytest.mark.parametrize("spaces", [1, 2, 6, 22, 23, 500])
def test_it_has_exactly_the_spaces_asked_each_with_a_door(spaces):
    folio = _portfolio(7, spaces)
    assert len(folio.spaces) == len({s.id for s in folio.spaces}) == spaces
    assert all(space.doorway_ids for space in folio.spaces)
    assert len({d.id for d in folio.doorways}) == len(folio.doorways) == len(folio.sensors)


def test_a_large_one_mixes_zones_functions_capacities_and_resets():
    folio = _portfolio(7, 500)
    rooms = [s for s in folio.spaces if s.space_type == "space"]
    assert {s.space_type for s in folio.spaces} == {"building", "floor", "space"}
    assert {s.function for s in rooms} == {function for function, _, _ in ROOMS}
    assert len({s.time_zone for s in folio.spaces}) == 4
    assert any(s.capacity is None for s in rooms) and any(s.capacity == 0 for s in rooms)
    assert {s.daily_reset for s in rooms} >= {"04:00", "02:00", "23:00", None}
    parents = {s.id for s in folio.spaces}
    assert all(s.parent_id is None or s.parent_id in parents for s in folio.spaces)
    assert folio.time_segments and folio.time_segment_groups


def test_the_seed_decides_ids_and_capacities():
    again, other = _portfolio(7, 40), _portfolio(8, 40)
    first = _portfolio(7, 40)
    assert [(s.id, s.capacity) for s in first.spaces] == [(s.id, s.capacity) for s in again.spaces]
    assert {s.id for s in first.spaces}.isdisjoint(s.id for s in other.spaces)
    assert [s.capacity for s in first.spaces] != [s.capacity for s in other.spaces]


def test_the_world_keeps_the_fixed_portfolios_and_people_use_the_generated_one():
    world, plain = World(7, spaces=30), World(7)
    assert [s.id for s in world.portfolio("density").spaces] == [
        s.id for s in plain.portfolio("density").spaces
    ]
    generated = world.portfolio("omnos" + GENERATED_SUFFIX)
    assert len(generated.spaces) == 30
    room = next(s for s in generated.spaces if s.function == "office")
    events = world.day_events("omnos" + GENERATED_SUFFIX, room.id, date(2026, 11, 18))
    assert events and {e.doorway_id for e in events} <= set(room.doorway_ids)
