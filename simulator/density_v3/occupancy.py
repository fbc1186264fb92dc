"""The v3 truth over the World: open-area stays, sensor incidents, reported series, sessions."""

import random
from datetime import date, timedelta
from functools import lru_cache

from simulator.density_v3.layout import (
    ENTRY,
    WAFFLE,
    WAFFLE_CAP,
    V3Portfolio,
    V3Sensor,
    build_v3_portfolio,
)
from simulator.density_v3.people import area_stays
from simulator.density_v3.series import Series, cut
from simulator.world.ids import stable_int
from simulator.world.model import Space
from simulator.world.timeutil import US_PER_H, US_PER_MIN, US_PER_S, local_date, local_midnight
from simulator.world.world import World

HEALTHY, DEGRADED, OFFLINE, UNKNOWN = "healthy", "degraded", "offline", "unknown"
ONLINE = frozenset({HEALTHY, DEGRADED})
MIN_SESSION_US = 5 * US_PER_MIN  # raw sessions drop shorter presence; metrics keep it
ENTRY_SETTLED_US = 8 * US_PER_H  # entry events reach the API at most 8 hours late
RUN_PERIOD_US = 6 * US_PER_H  # open-area floors are processed every 6 hours,
RUN_MARGIN_US = 2 * US_PER_H  # each run up to 2 hours before it starts


def _days(start_us: int, end_us: int, tz: str) -> list[date]:
    first, last = local_date(start_us, tz), local_date(max(start_us, end_us - 1), tz)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


class V3World:
    """The v3 truth over a `World`: its `now`, its entry events, plus open areas and health."""

    def __init__(self, world: World, portfolio: V3Portfolio) -> None:
        self.world = world
        self.folio = portfolio
        self._stays = lru_cache(maxsize=16_384)(self._generate_stays)
        self._changes = lru_cache(maxsize=16_384)(self._generate_changes)

    def mode(self, space: Space) -> str | None:
        """The space's counting mode: entry, oa, waffle, or None without sensors."""
        return self.folio.counting_modes[space.id]

    def _generate_stays(self, space: Space, day: date) -> tuple[tuple[int, int], ...]:
        pattern = self.folio.patterns[space.id]
        return area_stays(self.world.seed, space, pattern, self.mode(space) == WAFFLE, day)

    def stays(self, space: Space, day: date) -> tuple[tuple[int, int], ...]:
        """Everyone's (arrival, departure) in an open area on a local day, brief presence too."""
        return self._stays(space, day)

    def _zone(self, sensor: V3Sensor) -> str:
        return self.folio.space(sensor.space_ids[0]).time_zone

    def _generate_changes(self, sensor: V3Sensor, day: date) -> tuple[tuple[int, str], ...]:
        rng = random.Random(stable_int(self.world.seed, sensor.serial_number, day, "health"))
        if rng.random() >= sensor.outage_rate:
            return ()
        t = local_midnight(day, self._zone(sensor)) + int(rng.uniform(60, 17 * 60)) * US_PER_MIN
        roll = rng.random()
        if roll < 0.6:
            steps = [(DEGRADED, rng.uniform(10, 60)), (OFFLINE, rng.uniform(20, 240))]
        elif roll < 0.85:
            steps = [(OFFLINE, rng.uniform(15, 120))]
        else:
            steps = [(UNKNOWN, rng.uniform(10, 60))]
        changes = []
        for status, minutes in steps:
            changes.append((t, status))
            t += int(minutes * 60) * US_PER_S
        return (*changes, (t, HEALTHY))

    def status_changes(self, sensor: V3Sensor, start_us: int, end_us: int) -> list[tuple[int, str]]:
        """A sensor's health changes with start <= t < end (every local day starts healthy)."""
        return [
            change
            for day in _days(start_us, end_us, self._zone(sensor))
            for change in self._changes(sensor, day)
            if start_us <= change[0] < end_us
        ]

    def status_at(self, sensor: V3Sensor, t_us: int) -> tuple[str, int]:
        """A sensor's health at t and when it last changed."""
        day = local_date(t_us, self._zone(sensor))
        for back in range(400):
            earlier = [c for c in self._changes(sensor, day - timedelta(days=back)) if c[0] <= t_us]
            if earlier:
                return earlier[-1][1], earlier[-1][0]
        return HEALTHY, sensor.created_us

    def processed_until(self, floor: Space, now_us: int) -> int:
        """How far a floor's open-area data has been processed at `now`."""
        phase = stable_int(self.world.seed, floor.id, "runs") % RUN_PERIOD_US
        return now_us - (now_us - phase) % RUN_PERIOD_US - RUN_MARGIN_US

    def series(self, space: Space, start_us: int, end_us: int, now_us: int) -> Series:
        """What the API reports for a space over [start, end) at `now`."""
        if self.mode(space) == ENTRY:
            return self._entry_series(space, start_us, end_us, now_us)
        return self._area_series(space, start_us, end_us, now_us)

    def _entry_series(self, space: Space, start_us: int, end_us: int, now_us: int) -> Series:
        world, key = self.world, self.folio.base.key
        since = world.last_reset_us(space, start_us)
        events = world.visible_events_us(key, space, since, end_us, now_us)
        resets = world.resets_between_us(space, since, end_us)
        # A reset sorts before an event at the same instant, as in v2's counts.
        changes = sorted([(r, 0, 0) for r in resets] + [(e.ts_us, 1, e.direction) for e in events])
        times, values, count, i = [start_us], [0], 0, 0
        while i < len(changes):
            instant = changes[i][0]
            while i < len(changes) and changes[i][0] == instant:
                count = 0 if changes[i][1] == 0 else count + changes[i][2]
                i += 1
            if instant <= start_us:
                values[0] = count
            else:
                times.append(instant)
                values.append(count)
        inside = [e for e in events if e.ts_us >= start_us]
        return cut(
            Series(
                times,
                values,
                end_us,
                [e.ts_us for e in inside if e.direction > 0],
                [e.ts_us for e in inside if e.direction < 0],
            ),
            now_us,
        )

    def _area_series(self, space: Space, start_us: int, end_us: int, now_us: int) -> Series:
        sensor = self.folio.sensor_of(space.id)
        cap = WAFFLE_CAP if self.mode(space) == WAFFLE else None
        deltas = sorted(
            (t, step)
            for day in _days(start_us, end_us, space.time_zone)
            for stay in self.stays(space, day)
            for t, step in zip(stay, (1, -1), strict=True)
        )
        health = [
            (start_us, self.status_at(sensor, start_us)[0]),
            *self.status_changes(sensor, start_us + 1, end_us),
        ]
        points = sorted(
            {start_us, *(t for t, _ in deltas if start_us < t < end_us), *(t for t, _ in health)}
        )
        times, values, count, status, d, h = [], [], 0, HEALTHY, 0, 0
        for point in points:
            while d < len(deltas) and deltas[d][0] <= point:
                count += deltas[d][1]
                d += 1
            while h < len(health) and health[h][0] <= point:
                status = health[h][1]
                h += 1
            times.append(point)
            values.append((min(count, cap) if cap else count) if status in ONLINE else None)
        limit = min(now_us, self.processed_until(self.folio.floor_of(space), now_us))
        return cut(Series(times, values, end_us), limit)

    def sessions(
        self, space: Space, start_us: int, end_us: int, now_us: int
    ) -> list[tuple[int, int]]:
        """Settled occupied sessions starting in [start, end); open areas drop brief presence."""
        if self.mode(space) == ENTRY:
            since = self.world.last_reset_us(space, start_us)
            settled = now_us - ENTRY_SETTLED_US
        else:
            since = local_midnight(local_date(start_us, space.time_zone), space.time_zone)
            settled = min(now_us, self.processed_until(self.folio.floor_of(space), now_us))
        horizon = min(end_us + 30 * US_PER_H, settled)
        if horizon <= since:
            return []
        shortest = 0 if self.mode(space) == ENTRY else MIN_SESSION_US
        return [
            (a, b)
            for a, b in self.series(space, since, horizon, now_us).runs()
            if start_us <= a < end_us and b - a >= shortest
        ]

    def live_count(self, space: Space, now_us: int) -> int | None:
        """The count the live endpoints report now (None while the sensor is not online)."""
        if self.mode(space) == ENTRY:
            return self.world.count_at_us(self.folio.base.key, space, now_us, now_us)
        if self.status_at(self.folio.sensor_of(space.id), now_us)[0] not in ONLINE:
            return None
        day = local_date(now_us, space.time_zone)
        count = sum(a <= now_us < b for a, b in self.stays(space, day))
        return min(count, WAFFLE_CAP) if self.mode(space) == WAFFLE else count

    def data_status(self, floor: Space, start_us: int, end_us: int, now_us: int) -> list[tuple]:
        """(local date, share processed) of a floor's days within [start, end)."""
        done = min(now_us, self.processed_until(floor, now_us))
        found = []
        for day in _days(start_us, end_us, floor.time_zone):
            a = max(start_us, local_midnight(day, floor.time_zone))
            b = min(end_us, local_midnight(day + timedelta(days=1), floor.time_zone))
            found.append((day, min(1.0, max(0, done - a) / (b - a))))
        return found


def v3_world(world: World, key: str = "density") -> V3World:
    """The v3 view of a world's portfolio (the same spaces, people and `now`)."""
    return V3World(world, build_v3_portfolio(world.seed, world.portfolio(key)))
