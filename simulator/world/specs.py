"""The declarative shape of a portfolio: specs of spaces, doors, time segments (and groups), portfolios."""

from dataclasses import dataclass


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
class SegmentGroupSpec:
    """A named group of time segments, by label."""

    name: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class PortfolioSpec:
    """One organisation: its root spaces, time segments and time segment groups."""

    roots: tuple[SpaceSpec, ...]
    segments: tuple[SegmentSpec, ...]
    groups: tuple[SegmentGroupSpec, ...] = ()
