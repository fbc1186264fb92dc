"""People in open areas: everyone's (arrival, departure) in one area on one local day."""

import random
from datetime import date, datetime, time, timedelta

from simulator.world.ids import stable_int
from simulator.world.model import Space
from simulator.world.timeutil import to_us, zone

FIRST, LAST = 5 * 60, 23 * 60 + 30  # local minutes between which open areas are used

Stay = tuple[float, float]  # (arrival, departure) in local minutes after midnight


def _desks(rng: random.Random, n: int) -> list[Stay]:
    stays = []
    for _ in range(n):
        if rng.random() < 0.5:  # a working day at a desk, often with a lunch break away
            enter, leave = rng.gauss(9 * 60, 40), rng.gauss(17.5 * 60, 45)
            if rng.random() < 0.6:
                out = rng.gauss(12.4 * 60, 25)
                stays += [(enter, out), (out + rng.uniform(25, 70), leave)]
            else:
                stays.append((enter, leave))
        else:
            start = rng.uniform(8 * 60, 17 * 60)
            stays.append((start, start + rng.uniform(20, 180)))
    return stays


def _meetings(rng: random.Random, n: int) -> list[Stay]:
    stays: list[Stay] = []
    while len(stays) < n:
        start = rng.choice(range(8 * 60, 17 * 60, 30))
        end = start + rng.choice((25, 30, 45, 60, 60, 90))
        for _ in range(min(rng.choice((1, 2, 2, 3, 3, 4, 5)), n - len(stays))):
            stays.append((start + rng.gauss(0, 3), end + rng.gauss(0, 4)))
    return stays


def _solo(rng: random.Random, n: int) -> list[Stay]:
    starts = (rng.uniform(8 * 60, 18 * 60) for _ in range(n))
    return [(start, start + rng.uniform(15, 90)) for start in starts]


PATTERNS = {"desks": _desks, "meetings": _meetings, "solo": _solo}


def area_stays(
    seed: int, space: Space, pattern: str, brief_presence: bool, day: date
) -> tuple[tuple[int, int], ...]:
    """Sorted (arrival, departure) instants in an area on a local day; none crosses midnight.

    `brief_presence` adds a few stays under three minutes (a passer-by, a chair moved), which a
    Waffle reports as time used but which are too short to be raw sessions.
    """
    rng = random.Random(stable_int(seed, space.id, day.isoformat(), "stays"))
    if day.weekday() < 5:
        stays = PATTERNS[pattern](rng, round(space.weekday_visits * rng.uniform(0.75, 1.25)))
        blips = rng.randint(3, 6)
    else:
        stays = _solo(rng, round(space.weekday_visits * rng.uniform(0.05, 0.2)))
        blips = rng.randint(0, 2)
    if brief_presence:
        for _ in range(blips):
            start = rng.uniform(6 * 60, 21 * 60)
            stays.append((start, start + rng.uniform(20, 150) / 60))
    midnight = datetime.combine(day, time(0), tzinfo=zone(space.time_zone))
    found = []
    for enter, leave in stays:
        enter = min(max(enter, FIRST), LAST - 1)
        leave = min(max(leave, enter + 1 / 6), LAST)
        arrival, departure = (
            to_us(midnight + timedelta(milliseconds=int(m * 60_000))) for m in (enter, leave)
        )
        found.append((arrival, departure))
    return tuple(sorted(found))
