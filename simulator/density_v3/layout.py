"""The Density portfolio as v3 sees it: v2's spaces plus open areas, v3 sensors, labels."""

from dataclasses import dataclass, field

from simulator.world.ids import make_id, stable_int
from simulator.world.model import Portfolio, Space
from simulator.world.timeutil import US_PER_DAY

OA, WAFFLE, ENTRY = "oa", "waffle", "entry"
WAFFLE_CAP = 3
HARDWARE = {ENTRY: "s5", OA: "ob1", WAFFLE: "waffle"}
FIRMWARE = {
    ENTRY: "6966-35a94c6-shiny-tracking-engine-s5_1g-internal",
    OA: "ob1-2.14.3",
    WAFFLE: "waffle-1.9.0",
}
DEFAULT_OUTAGE_RATE = 0.08  # share of local days on which a presence sensor has an incident
# v3 names the functions of its enum; v2's other names map onto the nearest one.
V3_FUNCTIONS = {
    "conference_room": "meeting_room",
    "office": "open_workspace",
    "dining_area": "cafe",
    "collaboration": "open_collaboration_space",
}


@dataclass(frozen=True)
class OpenAreaSpec:
    """An open area on a floor, seen by one OA sensor (exact counts) or one Waffle (capped at 3)."""

    name: str
    floor: str
    sensor_type: str
    function: str
    capacity: int | None
    weekday_visits: int
    pattern: str  # "desks", "meetings" or "solo": how people use it
    labels: tuple[str, ...] = ()
    outage_rate: float = DEFAULT_OUTAGE_RATE


DENSITY_OPEN_AREAS = (
    OpenAreaSpec(
        "F1 Open Desks", "HQ Floor 1", OA, "open_workspace", 40, 45, "desks", ("bookable",)
    ),
    OpenAreaSpec("F1 Huddle Pod", "HQ Floor 1", WAFFLE, "meeting_room", 4, 14, "meetings"),
    OpenAreaSpec(
        "F2 Focus Pods", "HQ Floor 2", WAFFLE, "enclosed_workspace", None, 14, "solo", ("focus",)
    ),
    OpenAreaSpec(
        "F2 Collab Corner", "HQ Floor 2", OA, "open_collaboration_space", 0, 20, "meetings"
    ),
    OpenAreaSpec(
        "London Hot Desks",
        "London Ground Floor",
        OA,
        "desk_neighborhood",
        24,
        28,
        "desks",
        ("bookable",),
    ),
    OpenAreaSpec(
        "London Meeting Pod",
        "London Ground Floor",
        WAFFLE,
        "meeting_room",
        6,
        12,
        "meetings",
        outage_rate=0.3,
    ),
    OpenAreaSpec("Bengaluru Bench Area", "Bengaluru Floor 1", OA, "lab", 30, 30, "desks"),
    OpenAreaSpec(
        "Bengaluru Huddle", "Bengaluru Floor 1", WAFFLE, "meeting_room", None, 10, "meetings"
    ),
)
LABEL_GROUPS = {"Site": ("hq",), "Amenity": ("amenities",), "Workspace": ("bookable", "focus")}


@dataclass(frozen=True)
class V3Sensor:
    """An entry, OA or Waffle sensor and the spaces it counts."""

    serial_number: str
    sensor_type: str
    space_ids: tuple[str, ...]
    mac: str
    ip_address: str
    created_us: int
    outage_rate: float = 0.0

    @property
    def hardware_type(self) -> str:
        return HARDWARE[self.sensor_type]


@dataclass(frozen=True)
class Label:
    """A v3 label (v2 calls them tags) and its group."""

    id: str
    name: str
    group_id: str
    group_name: str


@dataclass(frozen=True)
class V3Portfolio:
    """The v3 view of one organisation: every space, its counting mode, sensors and labels."""

    base: Portfolio
    spaces: list[Space]
    counting_modes: dict[str, str | None]
    patterns: dict[str, str]
    sensors: list[V3Sensor]
    labels: list[Label]
    _by_id: dict[str, Space] = field(init=False, repr=False, compare=False)
    _children: dict[str, list[str]] = field(init=False, repr=False, compare=False)
    _presence_sensors: dict[str, V3Sensor] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        children: dict[str, list[str]] = {s.id: [] for s in self.spaces}
        for space in self.spaces:
            if space.parent_id:
                children[space.parent_id].append(space.id)
        object.__setattr__(self, "_by_id", {s.id: s for s in self.spaces})
        object.__setattr__(self, "_children", children)
        presence = {s.space_ids[0]: s for s in self.sensors if s.sensor_type != ENTRY}
        object.__setattr__(self, "_presence_sensors", presence)

    def space(self, space_id: str) -> Space:
        """The space with this id; KeyError if unknown."""
        return self._by_id[space_id]

    def children_ids(self, space_id: str) -> list[str]:
        """The direct children of a space, in layout order."""
        return self._children[space_id]

    def descendants(self, space_id: str) -> list[Space]:
        """The space and everything below it, depth first."""
        found = [self.space(space_id)]
        for child in self._children[space_id]:
            found.extend(self.descendants(child))
        return found

    def ancestry(self, space_id: str) -> list[Space]:
        """The parents of a space, closest first."""
        chain, parent_id = [], self.space(space_id).parent_id
        while parent_id is not None:
            chain.append(self.space(parent_id))
            parent_id = chain[-1].parent_id
        return chain

    def floor_of(self, space: Space) -> Space | None:
        """The floor a space is on (itself if it is one)."""
        while space.space_type != "floor":
            if space.parent_id is None:
                return None
            space = self.space(space.parent_id)
        return space

    def sensor_of(self, space_id: str) -> V3Sensor | None:
        """The OA or Waffle sensor of an open area; None for other spaces."""
        return self._presence_sensors.get(space_id)

    def labels_of(self, space: Space) -> list[Label]:
        """The labels on a space."""
        return [label for label in self.labels if label.name in space.tags]


def _network(seed: int, key: str, name: str) -> tuple[str, str]:
    bits = stable_int(seed, key, name, "net")
    mac = "88:3f:4a:" + ":".join(f"{(bits >> s) & 0xFF:02x}" for s in (0, 8, 16))
    return mac, f"192.168.{(bits >> 24) % 250 + 1}.{(bits >> 32) % 250 + 2}"


def build_v3_portfolio(seed: int, base: Portfolio, areas=DENSITY_OPEN_AREAS) -> V3Portfolio:
    """Add the open areas, their sensors and the labels to a v2 portfolio, ids from the seed."""
    key = base.key
    floors = {s.name: s for s in base.spaces if s.space_type == "floor"}
    modes: dict[str, str | None] = {s.id: ENTRY if s.doorway_ids else None for s in base.spaces}
    sensors = [
        V3Sensor(
            s.serial_number,
            ENTRY,
            tuple(k.space_id for k in base.doorway(s.doorway_id).links),
            s.mac,
            s.ip_address,
            s.created_us,
        )
        for s in base.sensors
    ]
    areas_by_floor: dict[str, list[Space]] = {}
    patterns: dict[str, str] = {}
    for area in areas:
        floor = floors[area.floor]
        space = Space(
            id=make_id("spc_", seed, key, area.name),
            name=area.name,
            parent_id=floor.id,
            space_type="space",
            function=area.function,
            time_zone=floor.time_zone,
            daily_reset=None,
            capacity=area.capacity,
            target_capacity=None,
            doorway_ids=(),
            tags=area.labels,
            time_segment_ids=(),
            floor_level=None,
            address=None,
            weekday_visits=area.weekday_visits,
            created_us=floor.created_us + stable_int(seed, key, area.name) % 90 * US_PER_DAY,
        )
        areas_by_floor.setdefault(floor.id, []).append(space)
        modes[space.id] = area.sensor_type
        patterns[space.id] = area.pattern
        mac, ip = _network(seed, key, area.name)
        sensors.append(
            V3Sensor(
                make_id("W" if area.sensor_type == WAFFLE else "OA", seed, key, area.name),
                area.sensor_type,
                (space.id,),
                mac,
                ip,
                space.created_us,
                area.outage_rate,
            )
        )
    spaces: list[Space] = []
    for space in base.spaces:
        spaces.append(space)
        spaces.extend(areas_by_floor.get(space.id, ()))
    names = sorted({t for s in spaces for t in s.tags})
    group_of = {name: group for group, members in LABEL_GROUPS.items() for name in members}
    labels = [
        Label(
            make_id("lbl_", seed, key, name),
            name,
            make_id("lgr_", seed, key, group_of.get(name, "Other")),
            group_of.get(name, "Other"),
        )
        for name in names
    ]
    return V3Portfolio(base, spaces, modes, patterns, sensors, labels)
