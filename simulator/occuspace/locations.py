"""Occuspace's account: its nested locations, declared as specs and built into a tree.

Leaves (zones, and a building without floors) have a capacity, a visit profile and visits per
weekday; a parent's capacity is its children's sum and its `earliestCount` its earliest child's.
Every root has one time zone (`America/Chicago` or `Europe/Berlin`), inherited by its
descendants, so a parent's local day is its children's.
"""

from dataclasses import dataclass
from datetime import date

INSTALLED = date(2025, 9, 1)
CHICAGO, BERLIN = "America/Chicago", "Europe/Berlin"


@dataclass(frozen=True)
class LocationSpec:
    """A location and its children; a leaf has a capacity, a profile and visits per weekday."""

    id: int
    name: str
    kind: str
    capacity: int = 0
    profile: str = "study"
    weekday_visits: int = 0
    earliest_count: date | None = INSTALLED
    time_zone: str | None = None
    closes: bool = False
    children: tuple["LocationSpec", ...] = ()


def _zone(id_: int, name: str, capacity: int, profile: str, visits: int, **extra) -> LocationSpec:
    return LocationSpec(id_, name, "zone", capacity, profile, visits, **extra)


GROUP_STUDY_ID, MAKER_SPACE_ID, ATHLETICS_ID = 1568, 1576, 1577
SPECS = (
    LocationSpec(
        1560,
        "Lakeshore Campus",
        "campus",
        time_zone=CHICAGO,
        children=(
            LocationSpec(
                1561,
                "Harper Library",
                "building",
                children=(
                    LocationSpec(
                        1562,
                        "Harper Library 1st Floor",
                        "floor",
                        children=(
                            _zone(1563, "Reading Room", 120, "study", 260),
                            _zone(1564, "Study Commons", 80, "study", 190, closes=True),
                        ),
                    ),
                    LocationSpec(
                        1565,
                        "Harper Library 2nd Floor",
                        "floor",
                        children=(
                            _zone(1566, "Quiet Stacks", 60, "study", 120),
                            _zone(1567, "Learning Lab", 45, "cowork", 60),
                            _zone(
                                GROUP_STUDY_ID,
                                "Group Study Rooms",
                                40,
                                "study",
                                110,
                                earliest_count=date(2026, 10, 21),
                            ),
                        ),
                    ),
                ),
            ),
            LocationSpec(
                1569,
                "Student Union",
                "building",
                children=(
                    LocationSpec(
                        1570,
                        "Student Union 1st Floor",
                        "floor",
                        children=(
                            _zone(1571, "Food Court", 220, "dining", 900),
                            _zone(1572, "Union Lounge", 50, "lounge", 150),
                        ),
                    ),
                ),
            ),
        ),
    ),
    LocationSpec(
        1573,
        "Berlin Study Centre",
        "building",
        time_zone=BERLIN,
        children=(
            LocationSpec(
                1574,
                "Berlin Study Centre Ground Floor",
                "floor",
                children=(
                    _zone(1575, "Open Workspace", 70, "cowork", 140),
                    _zone(MAKER_SPACE_ID, "Maker Space", 25, "cowork", 30, earliest_count=None),
                ),
            ),
        ),
    ),
    LocationSpec(ATHLETICS_ID, "Athletics Annex", "building", 150, "gym", 420, time_zone=CHICAGO),
)


@dataclass(frozen=True)
class Location:
    """A built location: capacity and earliestCount of a parent are derived from its children."""

    id: int
    name: str
    kind: str
    parent_id: int | None
    time_zone: str
    capacity: int
    earliest_count: date | None
    child_ids: tuple[int, ...]
    profile: str
    weekday_visits: int
    closes: bool


def _build(
    spec: LocationSpec, parent_id: int | None, tz: str, out: dict[int, Location]
) -> Location:
    tz = spec.time_zone or tz
    children = [_build(child, spec.id, tz, out) for child in spec.children]
    capacity, earliest = spec.capacity, spec.earliest_count
    if children:
        starts = [c.earliest_count for c in children if c.earliest_count]
        capacity, earliest = sum(c.capacity for c in children), min(starts, default=None)
    out[spec.id] = Location(
        spec.id,
        spec.name,
        spec.kind,
        parent_id,
        tz,
        capacity,
        earliest,
        tuple(c.id for c in children),
        spec.profile,
        spec.weekday_visits,
        spec.closes,
    )
    return out[spec.id]


def build_locations() -> dict[int, Location]:
    """Every location of the account by id, parents derived from their children."""
    found: dict[int, Location] = {}
    for spec in SPECS:
        _build(spec, None, "UTC", found)
    return found
