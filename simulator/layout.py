"""The portfolios of the world, declared as specs and built into ids and records from the seed."""

from dataclasses import dataclass
from datetime import UTC, datetime

from simulator.ids import make_id, make_uuid, stable_int
from simulator.model import Doorway, Link, Portfolio, Sensor, Space, TimeSegment
from simulator.timeutil import US_PER_DAY, US_PER_MS, to_us

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
DEFAULT_WEEKDAY_VISITS = {"campus": 0, "building": 170, "floor": 80, "space": 20}
_CREATED_FROM = to_us(datetime(2024, 3, 1, tzinfo=UTC))


@dataclass(frozen=True)
class DoorSpec:
    """A doorway of a space, with its tags."""

    name: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpaceSpec:
    """A space and its children; a child without `time_zone` inherits its parent's."""

    name: str
    space_type: str
    function: str | None = None
    capacity: int | None = None
    target_capacity: int | None = None
    daily_reset: str | None = "04:00"
    time_zone: str | None = None
    doors: tuple[DoorSpec, ...] = ()
    tags: tuple[str, ...] = ()
    floor_level: int | None = None
    address: str | None = None
    weekday_visits: int | None = None
    children: tuple["SpaceSpec", ...] = ()


@dataclass(frozen=True)
class SegmentSpec:
    """A time segment linked to the named spaces."""

    label: str
    start: str
    end: str
    days: tuple[str, ...]
    space_names: tuple[str, ...]


@dataclass(frozen=True)
class PortfolioSpec:
    """One organisation: its root spaces and time segments."""

    roots: tuple[SpaceSpec, ...]
    segments: tuple[SegmentSpec, ...]


def _room(name: str, function: str, capacity: int | None, *doors: str, **extra) -> SpaceSpec:
    return SpaceSpec(
        name, "space", function, capacity, doors=tuple(DoorSpec(d) for d in doors), **extra
    )


DENSITY = PortfolioSpec(
    roots=(
        SpaceSpec(
            "Riverside Campus",
            "campus",
            time_zone="America/New_York",
            tags=("hq",),
            address="500 River Rd, New York, NY 10001",
            children=(
                SpaceSpec(
                    "Riverside HQ",
                    "building",
                    capacity=400,
                    target_capacity=300,
                    doors=(
                        DoorSpec("HQ Main Entrance", ("main_entrance",)),
                        DoorSpec("HQ Loading Dock"),
                    ),
                    tags=("hq",),
                    address="500 River Rd, New York, NY 10001",
                    children=(
                        SpaceSpec(
                            "HQ Floor 1",
                            "floor",
                            capacity=180,
                            target_capacity=150,
                            floor_level=1,
                            doors=(DoorSpec("HQ F1 Stairwell"), DoorSpec("HQ F1 Elevator Lobby")),
                            children=(
                                _room(
                                    "Main Cafe",
                                    "cafe",
                                    60,
                                    "Cafe Door",
                                    target_capacity=45,
                                    daily_reset="02:00",
                                    tags=("amenities",),
                                    weekday_visits=30,
                                ),
                                _room(
                                    "Conference Rm A",
                                    "conference_room",
                                    12,
                                    "Conf A Door",
                                    target_capacity=10,
                                ),
                                _room(
                                    "Open Office East",
                                    "office",
                                    None,
                                    "Open Office Door",
                                    "Open Office Side Door",
                                    daily_reset=None,
                                    weekday_visits=30,
                                ),
                            ),
                        ),
                        SpaceSpec(
                            "HQ Floor 2",
                            "floor",
                            capacity=150,
                            floor_level=2,
                            doors=(DoorSpec("HQ F2 Stairwell"),),
                            daily_reset="02:00",
                            children=(
                                _room(
                                    "Board Room",
                                    "meeting_room",
                                    8,
                                    "Board Room Door",
                                    target_capacity=6,
                                    daily_reset="23:00",
                                    weekday_visits=16,
                                ),
                                _room(
                                    "Quiet Library", "library", 0, "Library Door", weekday_visits=12
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        SpaceSpec(
            "London Office",
            "building",
            capacity=120,
            target_capacity=100,
            time_zone="Europe/London",
            doors=(DoorSpec("London Front Door", ("main_entrance",)),),
            address="1 Finsbury Ave, London EC2M 2PF",
            weekday_visits=130,
            children=(
                SpaceSpec(
                    "London Ground Floor",
                    "floor",
                    capacity=100,
                    floor_level=0,
                    doors=(DoorSpec("London Floor Entrance"),),
                    weekday_visits=60,
                    children=(
                        _room("Kitchen", "kitchen", 15, "Kitchen Door", tags=("amenities",)),
                        _room(
                            "Phone Booths",
                            "phone_booth",
                            4,
                            "Phone Booth Door",
                            daily_reset="23:00",
                            weekday_visits=10,
                        ),
                    ),
                ),
            ),
        ),
        SpaceSpec(
            "Bengaluru Lab",
            "building",
            capacity=200,
            time_zone="Asia/Kolkata",
            doors=(DoorSpec("Bengaluru Gate"), DoorSpec("Bengaluru Side Gate")),
            address="80 Feet Rd, Koramangala, Bengaluru 560034",
            weekday_visits=180,
            children=(
                SpaceSpec(
                    "Bengaluru Floor 1",
                    "floor",
                    capacity=150,
                    floor_level=1,
                    doors=(DoorSpec("Lab Floor Entrance"),),
                    weekday_visits=90,
                    children=(
                        _room("Lab 1", "lab", 20, "Lab 1 Door", target_capacity=16),
                        _room("Lounge", "lounge", 25, "Lounge Door", weekday_visits=25),
                    ),
                ),
            ),
        ),
    ),
    segments=(
        SegmentSpec("Lunch", "11:00:00", "13:00:00", WEEKDAYS, ("Main Cafe", "Kitchen")),
        SegmentSpec(
            "Core Hours", "09:00:00", "17:00:00", WEEKDAYS, ("Riverside HQ", "London Office")
        ),
    ),
)

OMNOS = PortfolioSpec(
    roots=(
        SpaceSpec(
            "Gryd West",
            "building",
            capacity=250,
            target_capacity=200,
            time_zone="America/Los_Angeles",
            address="200 Market St, San Francisco, CA 94105",
            doors=(DoorSpec("West Lobby Doors", ("main_entrance",)), DoorSpec("West Garage Door")),
            children=(
                SpaceSpec(
                    "West Level 1",
                    "floor",
                    capacity=200,
                    floor_level=1,
                    doors=(DoorSpec("Level 1 Entrance"),),
                    children=(
                        _room(
                            "Dining Hall",
                            "dining_area",
                            80,
                            "Dining Hall Door",
                            daily_reset="02:00",
                            tags=("food",),
                            weekday_visits=30,
                        ),
                        _room(
                            "Studio Gym",
                            "gym",
                            None,
                            "Gym Door",
                            "Gym Back Door",
                            daily_reset=None,
                            weekday_visits=18,
                        ),
                        _room(
                            "Huddle Room",
                            "collaboration",
                            6,
                            "Huddle Door",
                            target_capacity=4,
                            daily_reset="23:00",
                            weekday_visits=14,
                        ),
                    ),
                ),
            ),
        ),
        SpaceSpec(
            "Adelaide Studio",
            "building",
            capacity=90,
            time_zone="Australia/Adelaide",
            doors=(DoorSpec("Studio Entrance", ("main_entrance",)),),
            weekday_visits=110,
            address="25 Grenfell St, Adelaide SA 5000",
            children=(
                SpaceSpec(
                    "Studio Floor",
                    "floor",
                    capacity=80,
                    floor_level=1,
                    doors=(DoorSpec("Studio Floor Door"),),
                    weekday_visits=50,
                    children=(
                        _room(
                            "Wellness Room",
                            "wellness_room",
                            0,
                            "Wellness Door",
                            daily_reset="02:00",
                            weekday_visits=6,
                        ),
                        _room(
                            "Reception", "reception", 10, "Reception Door", tags=("front_of_house",)
                        ),
                    ),
                ),
            ),
        ),
    ),
    segments=(
        SegmentSpec("Lunch", "11:00:00", "13:00:00", WEEKDAYS, ("Dining Hall",)),
        SegmentSpec("Mornings", "08:00:00", "11:00:00", WEEKDAYS, ("Reception", "Huddle Room")),
    ),
)

PORTFOLIO_SPECS: dict[str, PortfolioSpec] = {"density": DENSITY, "omnos": OMNOS}


def _created_us(seed: int, key: str, name: str) -> int:
    offset = stable_int(seed, key, name, "created") % (300 * US_PER_DAY)
    return _CREATED_FROM + offset - offset % US_PER_MS


def build_portfolio(seed: int, key: str) -> Portfolio:
    """Turn a portfolio spec into records with ids derived from the seed and the names."""
    spec = PORTFOLIO_SPECS[key]
    segment_ids = {s.label: make_id("tsm_", seed, key, s.label) for s in spec.segments}
    spaces: list[Space] = []
    doorways: list[Doorway] = []
    sensors: list[Sensor] = []

    def add(node: SpaceSpec, parent: Space | None) -> None:
        space_id = make_id("spc_", seed, key, node.name)
        door_ids = []
        for door in node.doors:
            door_id = make_id("drw_", seed, key, door.name)
            serial = make_id("Z", seed, key, door.name)
            door_ids.append(door_id)
            link = Link(space_id, make_id("lnk_", seed, key, door.name, node.name))
            doorways.append(
                Doorway(
                    door_id,
                    door.name,
                    f"{door.name} of {node.name}",
                    serial,
                    (link,),
                    door.tags,
                    _created_us(seed, key, door.name),
                )
            )
            bits = stable_int(seed, key, door.name, "net")
            sensors.append(
                Sensor(
                    serial,
                    make_uuid(seed, key, door.name),
                    door_id,
                    "s5",
                    "online",
                    "6966-35a94c6-shiny-tracking-engine-s5_1g-internal",
                    "88:3f:4a:" + ":".join(f"{(bits >> s) & 0xFF:02x}" for s in (0, 8, 16)),
                    f"192.168.{(bits >> 24) % 250 + 1}.{(bits >> 32) % 250 + 2}",
                    _created_us(seed, key, door.name),
                )
            )
        space = Space(
            id=space_id,
            name=node.name,
            parent_id=parent.id if parent else None,
            space_type=node.space_type,
            function=node.function,
            time_zone=node.time_zone or (parent.time_zone if parent else "UTC"),
            daily_reset=node.daily_reset,
            capacity=node.capacity,
            target_capacity=node.target_capacity,
            doorway_ids=tuple(door_ids),
            tags=node.tags,
            time_segment_ids=tuple(
                segment_ids[s.label] for s in spec.segments if node.name in s.space_names
            ),
            floor_level=node.floor_level,
            address=node.address,
            weekday_visits=(
                node.weekday_visits
                if node.weekday_visits is not None
                else DEFAULT_WEEKDAY_VISITS[node.space_type]
            ),
            created_us=_created_us(seed, key, node.name),
        )
        spaces.append(space)
        for child in node.children:
            add(child, space)

    for root in spec.roots:
        add(root, None)
    ids_by_name = {s.name: s.id for s in spaces}
    segments = [
        TimeSegment(
            segment_ids[s.label],
            s.label,
            s.start,
            s.end,
            s.days,
            tuple(ids_by_name[n] for n in s.space_names),
        )
        for s in spec.segments
    ]
    return Portfolio(key, make_id("org_", seed, key), spaces, doorways, sensors, segments)
