"""Occuspace's seeded data: people per leaf and local day, outages, closures, 15-minute counts.

A day's data depends only on (seed, location, local day). Leaves have visits; a parent's count at
each 15-minute sample is the sum of its children's and its visits are theirs. A network outage
blanks the samples (and unobserved entries) of one building for a few hours; a closed zone counts
0 all day; a leaf has no data before its `earliestCount`.
"""

import bisect
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from simulator.occuspace.locations import Location, build_locations
from simulator.world.ids import stable_int
from simulator.world.timeutil import US_PER_MIN, from_us, local_date, local_midnight, to_us, zone

SAMPLE_US = 15 * US_PER_MIN
OUTAGE_ODDS = 10  # one building-day in ten has a network outage
CLOSED_ODDS = 12  # one day in twelve, a zone that `closes` is closed all day


@dataclass(frozen=True)
class Profile:
    """When people enter a leaf (weight per local hour), how long they stay, when it closes."""

    weights: tuple[int, ...]
    dwell_minutes: float
    closes_minute: int = 24 * 60


PROFILES = {
    "study": Profile((0, 0, 0, 0, 0, 0, 0, 1, 3, 5, 6, 6, 5, 6, 6, 6, 5, 4, 4, 5, 4, 3, 2, 1), 95),
    "dining": Profile(
        (0, 0, 0, 0, 0, 0, 0, 2, 4, 2, 1, 4, 8, 7, 2, 1, 1, 3, 5, 4, 1, 0, 0, 0), 30, 22 * 60
    ),
    "lounge": Profile((1, 1, 1, 1, 0, 0, 1, 1, 2, 3, 3, 3, 4, 4, 3, 3, 3, 4, 5, 5, 4, 3, 2, 2), 55),
    "cowork": Profile(
        (1, 0, 0, 0, 0, 0, 1, 2, 4, 6, 6, 5, 4, 5, 6, 6, 5, 4, 3, 2, 2, 1, 1, 1), 140
    ),
    "gym": Profile(
        (0, 0, 0, 0, 0, 1, 4, 5, 3, 2, 2, 3, 4, 3, 2, 2, 3, 6, 7, 5, 3, 1, 0, 0), 60, 23 * 60
    ),
}


@dataclass(frozen=True)
class Series:
    """One location's local day: sample instants, counts (None: no data) and observed visits."""

    slots: tuple[int, ...]
    values: tuple[int | None, ...]
    visits: tuple[tuple[int, int], ...]  # (enter_us, leave_us), sorted


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


class OccuspaceWorld:
    """The locations of one seeded Occuspace account and their data per local day."""

    def __init__(self, seed: int = 7) -> None:
        self.seed = seed
        self._locations = build_locations()
        self.series = lru_cache(maxsize=16_384)(self._series)

    def locations(self) -> list[Location]:
        """Every location, ordered by id."""
        return [self._locations[key] for key in sorted(self._locations)]

    def location(self, location_id: int) -> Location:
        """The location with this id; KeyError if unknown."""
        return self._locations[location_id]

    def ancestors(self, location_id: int) -> list[Location]:
        """The parents of a location, closest first."""
        found, parent = [], self.location(location_id).parent_id
        while parent is not None:
            found.append(self.location(parent))
            parent = found[-1].parent_id
        return found

    def descendants(self, location_id: int) -> list[Location]:
        """Every location below this one."""
        found, stack = [], list(self.location(location_id).child_ids)
        while stack:
            found.append(self.location(stack.pop()))
            stack.extend(found[-1].child_ids)
        return found

    def outage(self, building_id: int, day: date) -> tuple[int, int] | None:
        """The [start, end) instants a building's client network was down that local day."""
        if stable_int(self.seed, "outage", building_id, day.isoformat()) % OUTAGE_ODDS:
            return None
        rng = random.Random(stable_int(self.seed, "outage-hours", building_id, day.isoformat()))
        start = 8 * 60 + 15 * rng.randrange(33)
        midnight = datetime.combine(day, time(0), tzinfo=zone(self.location(building_id).time_zone))
        return (
            to_us(midnight + timedelta(minutes=start)),
            to_us(midnight + timedelta(minutes=start + 15 * rng.randint(6, 16))),
        )

    def closed(self, location_id: int, day: date) -> bool:
        """Whether a zone that sometimes closes is closed all of that local day."""
        draw = stable_int(self.seed, "closed", location_id, day.isoformat())
        return self.location(location_id).closes and draw % CLOSED_ODDS == 0

    def outages(self, location_id: int, day: date) -> list[tuple[Location, tuple[int, int]]]:
        """The outages of the buildings in a location's lineage on a local day."""
        return [
            (b, window)
            for b in [
                *self.ancestors(location_id),
                self.location(location_id),
                *self.descendants(location_id),
            ]
            if b.kind == "building" and (window := self.outage(b.id, day))
        ]

    def _visits(self, loc: Location, day: date) -> list[tuple[int, int]]:
        profile = PROFILES[loc.profile]
        rng = random.Random(stable_int(self.seed, "occuspace", loc.id, day.isoformat()))
        scale = rng.uniform(0.8, 1.2) * (1.0 if day.weekday() < 5 else 0.35)
        midnight = datetime.combine(day, time(0), tzinfo=zone(loc.time_zone))
        closing = to_us(midnight + timedelta(minutes=profile.closes_minute))
        visits = []
        for hour in rng.choices(range(24), profile.weights, k=round(loc.weekday_visits * scale)):
            enter = to_us(midnight + timedelta(minutes=hour * 60 + rng.uniform(0, 60)))
            stay = 5 + rng.expovariate(1 / profile.dwell_minutes)
            leave = min(enter + int(stay * US_PER_MIN), closing)
            if leave > enter:
                visits.append((enter, leave))
        return sorted(visits)

    def _series(self, location_id: int, day: date) -> Series:
        loc = self.location(location_id)
        start = local_midnight(day, loc.time_zone)
        end = local_midnight(day + timedelta(1), loc.time_zone)
        slots = tuple(range(start, end, SAMPLE_US))
        if loc.child_ids:
            parts = [self.series(child, day) for child in loc.child_ids]
            values = tuple(_sum([p.values[i] for p in parts]) for i in range(len(slots)))
            return Series(slots, values, tuple(sorted(v for p in parts for v in p.visits)))
        if loc.earliest_count is None or day < loc.earliest_count:
            return Series(slots, (None,) * len(slots), ())
        visits = [] if self.closed(loc.id, day) else self._visits(loc, day)
        down = [window for _, window in self.outages(loc.id, day)]
        visits = [v for v in visits if not any(a <= v[0] < b for a, b in down)]
        enters, leaves = sorted(v[0] for v in visits), sorted(v[1] for v in visits)
        values = tuple(
            None
            if any(a <= t < b for a, b in down)
            else bisect.bisect_right(enters, t) - bisect.bisect_right(leaves, t)
            for t in slots
        )
        return Series(slots, values, tuple(visits))

    def day_notes(self, location_id: int, day: date) -> list[str]:
        """Why a location's data of a local day is incomplete: outages and closed zones."""
        notes = []
        for building, (start, end) in self.outages(location_id, day):
            tz = building.time_zone
            notes.append(
                f"Missing data on {day}: the client network of {building.name} was down from "
                f"{_clock(start, tz)} to {_clock(end, tz)} (local time)."
            )
        closed = [z.name for z in self.descendants(location_id) if self.closed(z.id, day)]
        if self.closed(location_id, day):
            notes.append(f"The location was closed on {day}.")
        elif closed:
            notes.append(
                f"Portions of the location were closed and some were open on {day} "
                f"(closed: {', '.join(closed)})."
            )
        return notes

    def latest(self, location_id: int, now_us: int) -> tuple[int, int] | None:
        """The latest sample with data at or before now: (instant, count), looking back a day."""
        today = local_date(now_us, self.location(location_id).time_zone)
        for day in (today, today - timedelta(1)):
            series = self.series(location_id, day)
            for t, value in zip(reversed(series.slots), reversed(series.values), strict=True):
                if t <= now_us and value is not None:
                    return t, value
        return None

    def is_active(self, location_id: int, now_us: int) -> bool:
        """A leaf returns valid data now; a parent is active when one of its children is."""
        loc = self.location(location_id)
        if loc.child_ids:
            return any(self.is_active(child, now_us) for child in loc.child_ids)
        series = self.series(location_id, local_date(now_us, loc.time_zone))
        current = [v for t, v in zip(series.slots, series.values, strict=True) if t <= now_us]
        return bool(current) and current[-1] is not None


def _clock(us: int, tz: str) -> str:
    return from_us(us).astimezone(zone(tz)).strftime("%H:%M")
