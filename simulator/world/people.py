"""People: one space's visits and doorway events on one local day, with noise and delays."""

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from simulator.world.ids import make_id, stable_int
from simulator.world.model import Doorway, Event, Space
from simulator.world.timeutil import US_PER_H, US_PER_S, to_us, zone

MISSED_EXIT = 0.01
MISSED_ENTRANCE = 0.005
LATE_SHARE = 0.05
MEETING_FUNCTIONS = {"conference_room", "meeting_room", "collaboration"}
SOLO_FUNCTIONS = {"phone_booth", "wellness_room", "focus_quiet"}
AMENITY_FUNCTIONS = {
    "cafe",
    "kitchen",
    "dining_area",
    "lounge",
    "break_room",
    "amenities_space",
    "reception",
}
FIRST_ENTRY, LAST_ENTRY, LAST_EXIT = 5 * 60, 21 * 60 + 30, 23 * 60 + 30

Visit = tuple[float, float]  # (entrance, exit) in local minutes after midnight


def _at(hour: float, rng: random.Random, spread: float) -> float:
    return hour * 60 + rng.gauss(0, spread)


def _commute(rng: random.Random, n: int) -> list[Visit]:
    visits = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.45:  # the whole working day
            visits.append((_at(8.85, rng, 40), _at(17.65, rng, 40)))
        elif kind < 0.6:  # morning, out at lunch
            visits.append((_at(8.85, rng, 40), _at(12.35, rng, 20)))
        elif kind < 0.8:  # back from lunch for the afternoon
            visits.append((_at(13.1, rng, 20), _at(17.75, rng, 40)))
        else:
            start = rng.uniform(7.5 * 60, 18 * 60)
            visits.append((start, start + 3 + rng.expovariate(1 / 40)))
    return visits


def _amenity(rng: random.Random, n: int) -> list[Visit]:
    visits = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.55:
            start = _at(12.25, rng, 35)
        elif kind < 0.75:
            start = _at(9.5, rng, 40)
        else:
            start = rng.uniform(8 * 60, 18 * 60)
        visits.append((start, start + rng.uniform(5, 45)))
    return visits


def _gym(rng: random.Random, n: int) -> list[Visit]:
    visits = []
    for _ in range(n):
        start = _at(rng.choice((7.25, 12.25, 18.0)), rng, 30)
        visits.append((start, start + rng.uniform(30, 75)))
    return visits


def _meetings(rng: random.Random, n: int, capacity: int | None) -> list[Visit]:
    visits: list[Visit] = []
    largest = max(2, round(capacity * 1.3)) if capacity else 6
    slots = [h * 60 + m for h in range(8, 17) for m in (0, 30)]
    weights = [3 if 9 * 60 <= s < 11 * 60 or 13 * 60 <= s < 16 * 60 else 1 for s in slots]
    while len(visits) < n:
        start = rng.choices(slots, weights)[0]
        end = start + rng.choice((30, 30, 45, 60, 60, 90))
        for _ in range(min(rng.randint(1, largest), n - len(visits))):
            visits.append((start + rng.gauss(0, 3), end + rng.gauss(0, 4)))
    return visits


def _solo(rng: random.Random, n: int) -> list[Visit]:
    starts = (rng.uniform(8 * 60, 18 * 60) for _ in range(n))
    return [(start, start + rng.uniform(10, 45)) for start in starts]


def _weekend(rng: random.Random, n: int) -> list[Visit]:
    starts = (rng.uniform(9 * 60, 17 * 60) for _ in range(n))
    return [(start, start + rng.uniform(10, 180)) for start in starts]


def _pattern(space: Space) -> Callable[[random.Random, int], list[Visit]]:
    if space.function in MEETING_FUNCTIONS:
        return lambda rng, n: _meetings(rng, n, space.capacity)
    if space.function in SOLO_FUNCTIONS:
        return _solo
    if space.function in AMENITY_FUNCTIONS:
        return _amenity
    if space.function == "gym":
        return _gym
    return _commute


def _delay_us(rng: random.Random) -> int:
    if rng.random() < LATE_SHARE:
        return int(rng.uniform(1, 8) * US_PER_H)
    return int(rng.uniform(20, 360) * US_PER_S)


def day_events(seed: int, space: Space, doorways: list[Doorway], day: date) -> tuple[Event, ...]:
    """Every event of a space on a local day (delivered or not), sorted by (timestamp, id)."""
    if not doorways or space.weekday_visits <= 0:
        return ()
    rng = random.Random(stable_int(seed, space.id, day.isoformat()))
    if day.weekday() < 5:
        visits = _pattern(space)(rng, round(space.weekday_visits * rng.uniform(0.75, 1.25)))
    else:
        visits = _weekend(rng, round(space.weekday_visits * rng.uniform(0.05, 0.2)))
    midnight = datetime.combine(day, time(0), tzinfo=zone(space.time_zone))

    def instant(minutes: float) -> int:
        return to_us(midnight + timedelta(milliseconds=int(minutes * 60_000)))

    events = []
    for index, (enter, leave) in enumerate(visits):
        enter = min(max(enter, FIRST_ENTRY), LAST_ENTRY)
        leave = min(max(leave, enter + 0.5), LAST_EXIT)
        enter_us, leave_us = instant(enter), instant(leave)
        leave_us = max(leave_us, enter_us + US_PER_S)
        crossings = ((1, enter_us, MISSED_ENTRANCE), (-1, leave_us, MISSED_EXIT))
        for direction, ts_us, missed in crossings:
            door = rng.choice(doorways)
            dropped = rng.random() < missed
            delay = _delay_us(rng)
            if dropped:
                continue
            events.append(
                Event(
                    make_id("evt_", seed, space.id, day.isoformat(), index, direction),
                    space.id,
                    door.id,
                    door.sensor_serial_number,
                    ts_us,
                    direction,
                    ts_us + delay,
                )
            )
    events.sort(key=lambda e: (e.ts_us, e.id))
    return tuple(events)
