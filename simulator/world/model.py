"""Dataclasses of the synthetic world: spaces, doorways, sensors, tags, time segments (and groups), events."""

from dataclasses import dataclass, field
from datetime import datetime

from simulator.world.timeutil import from_us

DEFAULT_DAILY_RESET = "04:00"


@dataclass(frozen=True)
class Link:
    """A doorway's link to a space; `sensor_placement` 1 means the sensor is inside the space."""

    space_id: str
    link_id: str
    sensor_placement: int = 1


@dataclass(frozen=True)
class Doorway:
    """A doorway with its one entry sensor and the spaces it leads into."""

    id: str
    name: str
    description: str
    sensor_serial_number: str
    links: tuple[Link, ...]
    tags: tuple[str, ...]
    created_us: int


@dataclass(frozen=True)
class Sensor:
    """The entry sensor mounted over a doorway."""

    serial_number: str
    uuid: str
    doorway_id: str
    sensor_type: str
    status: str
    firmware_version: str
    mac: str
    ip_address: str
    created_us: int


@dataclass(frozen=True)
class TimeSegment:
    """A named daily time window on some weekdays, linked to spaces."""

    id: str
    label: str
    start: str
    end: str
    days: tuple[str, ...]
    space_ids: tuple[str, ...]


@dataclass(frozen=True)
class TimeSegmentGroup:
    """A named group of time segments (`tsg_...`), e.g. every lunch window of an account."""

    id: str
    name: str
    segment_ids: tuple[str, ...]


@dataclass(frozen=True)
class Space:
    """A campus, building, floor or room; `daily_reset` None means the vendor default 04:00."""

    id: str
    name: str
    parent_id: str | None
    space_type: str
    function: str | None
    time_zone: str
    daily_reset: str | None
    capacity: int | None
    target_capacity: int | None
    doorway_ids: tuple[str, ...]
    tags: tuple[str, ...]
    time_segment_ids: tuple[str, ...]
    floor_level: int | None
    address: str | None
    weekday_visits: int
    created_us: int

    @property
    def reset_time(self) -> str:
        """The local time the count resets to 0 each day."""
        return self.daily_reset or DEFAULT_DAILY_RESET


@dataclass(frozen=True)
class Portfolio:
    """One organisation's account: everything its token can read."""

    key: str
    organization_id: str
    spaces: list[Space]
    doorways: list[Doorway]
    sensors: list[Sensor]
    time_segments: list[TimeSegment]
    time_segment_groups: list[TimeSegmentGroup] = field(default_factory=list)
    _spaces_by_id: dict[str, Space] = field(init=False, repr=False, compare=False)
    _doorways_by_id: dict[str, Doorway] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_spaces_by_id", {s.id: s for s in self.spaces})
        object.__setattr__(self, "_doorways_by_id", {d.id: d for d in self.doorways})

    @property
    def tags(self) -> list[str]:
        """Every tag used on a space or doorway, sorted."""
        return sorted({t for r in [*self.spaces, *self.doorways] for t in r.tags})

    def space(self, space_id: str) -> Space:
        """The space with this id; KeyError if unknown."""
        return self._spaces_by_id[space_id]

    def doorway(self, doorway_id: str) -> Doorway:
        """The doorway with this id; KeyError if unknown."""
        return self._doorways_by_id[doorway_id]

    def ancestry(self, space_id: str) -> list[Space]:
        """The parents of a space, closest first."""
        chain = []
        parent_id = self.space(space_id).parent_id
        while parent_id is not None:
            parent = self.space(parent_id)
            chain.append(parent)
            parent_id = parent.parent_id
        return chain


@dataclass(frozen=True, slots=True)
class Event:
    """One entrance (+1) or exit (-1) through a doorway, with the instant it reaches the API."""

    id: str
    space_id: str
    doorway_id: str
    sensor_serial_number: str
    ts_us: int
    direction: int
    delivered_us: int

    @property
    def timestamp(self) -> datetime:
        """When the person crossed the doorway (UTC, millisecond precision)."""
        return from_us(self.ts_us)

    @property
    def delivered_at(self) -> datetime:
        """When the event becomes visible through the API."""
        return from_us(self.delivered_us)
