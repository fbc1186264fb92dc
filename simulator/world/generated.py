"""A portfolio of any size, of the same kind as the fixed ones: campuses of buildings, floors and
rooms in several time zones, with doors, capacities, functions, tags and time segments."""

from simulator.world.ids import stable_int
from simulator.world.portfolios import WEEKDAYS
from simulator.world.specs import DoorSpec, PortfolioSpec, SegmentGroupSpec, SegmentSpec, SpaceSpec

# Where the buildings are: each building takes the next zone, so every run spans offsets.
ZONES = ("America/New_York", "Europe/London", "Asia/Kolkata", "America/Los_Angeles")
# (function, capacity choices, weekday visits) of the rooms, cycled through on each floor.
ROOMS = (
    ("office", (None, 60, 80), 30),
    ("conference_room", (8, 12, 16), 14),
    ("cafe", (40, 60), 30),
    ("phone_booth", (1, 2, 4), 10),
    ("gym", (None, 30), 18),
    ("library", (0, 20), 12),
    ("kitchen", (10, 15), 20),
    ("wellness_room", (0, 2), 6),
)
ROOMS_PER_FLOOR = 6
FLOORS_PER_BUILDING = 3
RESETS = ("04:00", "02:00", "23:00", None)
GENERATED_SUFFIX = "_generated"


def _room(seed: int, key: str, name: str, index: int) -> SpaceSpec:
    function, capacities, visits = ROOMS[index % len(ROOMS)]
    pick = stable_int(seed, key, name)
    capacity = capacities[pick % len(capacities)]
    doors = (DoorSpec(f"{name} Door"),)
    if capacity is None:  # an open room has a second door, as the fixed portfolios' do
        doors += (DoorSpec(f"{name} Side Door"),)
    tags = ("amenities",) if function in ("cafe", "kitchen") else ()
    return SpaceSpec(
        name,
        "space",
        function,
        capacity,
        target_capacity=capacity * 3 // 4 if capacity else None,
        daily_reset=RESETS[pick // 7 % len(RESETS)],
        doors=doors,
        tags=tags,
        weekday_visits=visits,
    )


def _floor(seed: int, key: str, building: str, level: int, rooms: int, first: int) -> SpaceSpec:
    name = f"{building} Floor {level}"
    children = tuple(
        _room(seed, key, f"{building} F{level} Room {n + 1}", first + n) for n in range(rooms)
    )
    capacities = [c.capacity for c in children if c.capacity]
    return SpaceSpec(
        name,
        "floor",
        capacity=sum(capacities) or None,
        floor_level=level,
        doors=(DoorSpec(f"{name} Stairwell"),),
        children=children,
    )


def _building(seed: int, key: str, number: int, size: int) -> SpaceSpec:
    """Building `number` with `size` spaces in all: itself, its floors and their rooms."""
    name = f"Building {number}"
    floors: list[SpaceSpec] = []
    left, level, first = size - 1, 1, 0
    while left > 0 and level <= FLOORS_PER_BUILDING:
        last_floor = level == FLOORS_PER_BUILDING
        rooms = left - 1 if last_floor else min(ROOMS_PER_FLOOR, left - 1)
        floors.append(_floor(seed, key, name, level, rooms, first))
        left, level, first = left - 1 - rooms, level + 1, first + rooms
    capacity = sum(f.capacity or 0 for f in floors) or 100
    return SpaceSpec(
        name,
        "building",
        capacity=capacity,
        target_capacity=capacity * 4 // 5,
        time_zone=ZONES[number % len(ZONES)],
        doors=(DoorSpec(f"{name} Main Entrance", ("main_entrance",)),),
        address=f"{number} Generated Way",
        children=tuple(floors),
    )


def _names(node: SpaceSpec) -> list[tuple[str, str | None]]:
    return [(node.name, node.function)] + [n for c in node.children for n in _names(c)]


def generated_spec(seed: int, key: str, spaces: int) -> PortfolioSpec:
    """`spaces` spaces in buildings of at most 1 + 3 floors x (1 + 6 rooms) = 22 spaces; the
    same (seed, key, spaces) always gives the same portfolio."""
    if spaces < 1:
        raise ValueError(f"a portfolio needs at least 1 space, got {spaces}")
    per_building = 1 + FLOORS_PER_BUILDING * (1 + ROOMS_PER_FLOOR)
    roots, left, number = [], spaces, 1
    while left > 0:
        size = min(per_building, left)
        roots.append(_building(seed, key, number, size))
        left, number = left - size, number + 1
    named = [n for root in roots for n in _names(root)]
    lunch = tuple(name for name, function in named if function in ("cafe", "kitchen"))
    core = tuple(root.name for root in roots)
    segments = (SegmentSpec("Core Hours", "09:00:00", "17:00:00", WEEKDAYS, core),)
    if lunch:
        segments += (SegmentSpec("Lunch", "11:00:00", "13:00:00", WEEKDAYS, lunch),)
    groups = (SegmentGroupSpec("Working Day", tuple(s.label for s in segments)),)
    return PortfolioSpec(roots=tuple(roots), segments=segments, groups=groups)
