"""Density v2 `/counts/`: interval bounds, the running-count sweep, analytics and metrics."""

import bisect
import re
from dataclasses import dataclass
from datetime import timedelta
from itertools import accumulate

from simulator.dialect import Dialect
from simulator.world.model import Space
from simulator.world.timeutil import (
    US_PER_DAY,
    US_PER_H,
    US_PER_MIN,
    US_PER_MS,
    US_PER_S,
    add_months,
)
from simulator.world.timeutil import format_iso as iso
from simulator.world.world import World

MONTH = "1M"
SUPPORTED_INTERVALS_US = {
    "1m": US_PER_MIN,
    "5m": 5 * US_PER_MIN,
    "10m": 10 * US_PER_MIN,
    "15m": 15 * US_PER_MIN,
    "1h": US_PER_H,
    "1d": US_PER_DAY,
    "1w": 7 * US_PER_DAY,
}
_UNIT_US = {"s": US_PER_S, "m": US_PER_MIN, "h": US_PER_H, "d": US_PER_DAY, "w": 7 * US_PER_DAY}
UTILIZATION_THRESHOLDS = (0, 40, 80, 100)


@dataclass(frozen=True)
class IntervalStats:
    """One counts sample: the count at the interval start and the interval's analytics."""

    start_us: int
    end_us: int
    count: int
    min: int
    max: int
    entrances: int
    exits: int
    span_us: int = 0  # under a time-segment filter, the part of the interval it covers

    @property
    def covered_us(self) -> int:
        """How long the analytics cover: the segment part, else the whole interval."""
        return self.span_us or self.end_us - self.start_us


def parse_interval(text: str) -> str:
    """The canonical name (`1m` ... `1w`, `1M`) of a supported interval; ValueError otherwise."""
    if text == MONTH:
        return MONTH
    match = re.fullmatch(r"([1-9]\d*)([smhdw])", text)
    if match:
        length = int(match.group(1)) * _UNIT_US[match.group(2)]
        for name, supported in SUPPORTED_INTERVALS_US.items():
            if supported == length:
                return name
    raise ValueError(text)


def interval_bounds(
    start_us: int, end_us: int, interval: str, now_us: int
) -> list[tuple[int, int]]:
    """Intervals aligned to start, the last clipped at end; none starting at or after now."""
    bounds: list[tuple[int, int]] = []
    step = SUPPORTED_INTERVALS_US.get(interval)
    start = start_us
    while start < end_us and start < now_us:
        following = start + step if step else add_months(start_us, len(bounds) + 1)
        bounds.append((start, min(following, end_us)))
        start = following
    return bounds


def interval_stats(
    world: World, portfolio: str, space: Space, bounds: list[tuple[int, int]], now_us: int
) -> list[IntervalStats]:
    """Sweep the delivered events and daily resets once to fill every interval."""
    if not bounds:
        return []
    first, last = bounds[0][0], bounds[-1][1]
    # Nothing happened in a space before its `created_at`: earlier intervals count zero.
    since = max(world.last_reset_us(space, first), space.created_us)
    events = world.visible_events_us(portfolio, space, since, last, now_us)
    resets = world.resets_between_us(space, first, last)
    # A reset sorts before an event at the same instant: that event counts after the reset.
    changes = sorted([(r, 0, 0) for r in resets] + [(e.ts_us, 1, e.direction) for e in events])
    stamps = [e.ts_us for e in events]
    entrances_before = [0, *accumulate(1 if e.direction > 0 else 0 for e in events)]
    count, i, stats = 0, 0, []
    for start, end in bounds:
        while i < len(changes) and changes[i][0] <= start:
            count = 0 if changes[i][1] == 0 else count + changes[i][2]
            i += 1
        at_start = low = high = count
        while i < len(changes) and changes[i][0] < end:
            instant = changes[i][0]
            while i < len(changes) and changes[i][0] == instant:
                count = 0 if changes[i][1] == 0 else count + changes[i][2]
                i += 1
            low, high = min(low, count), max(high, count)
        first_event, end_event = bisect.bisect_left(stamps, start), bisect.bisect_left(stamps, end)
        entrances = entrances_before[end_event] - entrances_before[first_event]
        exits = end_event - first_event - entrances
        stats.append(IntervalStats(start, end, at_start, low, high, entrances, exits))
    return stats


def merge_pieces(bucket: tuple[int, int], pieces: list[IntervalStats]) -> IntervalStats:
    """One bucket's analytics over its parts inside a time-segment filter, in time order."""
    return IntervalStats(
        bucket[0],
        bucket[1],
        pieces[0].count,
        min(p.min for p in pieces),
        max(p.max for p in pieces),
        sum(p.entrances for p in pieces),
        sum(p.exits for p in pieces),
        sum(p.end_us - p.start_us for p in pieces),
    )


def _ratio(value: int, denominator: int | None) -> float | None:
    return value / denominator if denominator else None


def utilization(value: int, denominator: int | None, dialect: Dialect) -> float | int | None:
    """A utilization per the dialect: a decimal fraction, an integer percent, or always null."""
    ratio = _ratio(value, denominator)
    if ratio is None or dialect.v2_utilization == "null":
        return None
    return round(ratio * 100) if dialect.v2_utilization == "integer" else ratio


def count_row(stat: IntervalStats, space: Space, dialect: Dialect) -> dict:
    """One result of `/counts/` as the vendor renders it."""
    minutes = stat.covered_us / US_PER_MIN
    return {
        "timestamp": iso(stat.start_us),
        "count": stat.count,
        "interval": {
            "start": iso(stat.start_us),
            "end": iso(stat.end_us - US_PER_MS),
            "analytics": {
                "min": stat.min,
                "max": stat.max,
                "events": stat.entrances + stat.exits,
                "entrances": stat.entrances,
                "exits": stat.exits,
                "utilization": utilization(stat.max, space.capacity, dialect),
                "target_utilization": utilization(stat.max, space.target_capacity, dialect),
                "entry_rate": stat.entrances / minutes,
                "exit_rate": stat.exits / minutes,
            },
        },
    }


def _peak(stats: list[IntervalStats], value, pick) -> dict | None:
    if not stats:
        return None
    best = pick(stats, key=value)  # min/max keep the first (earliest) of equal values
    return {"value": value(best), "timestamp": iso(best.start_us)}


def _flow(stats: list[IntervalStats], value) -> dict:
    total = sum(value(s) for s in stats)
    return {
        "total": total,
        "average": total / len(stats) if stats else None,
        "peak": _peak(stats, value, max),
    }


def metrics(stats: list[IntervalStats], space: Space, dialect: Dialect) -> dict:
    """The `metrics` block of `/counts/` over every interval of the request, in time order."""
    utilizations = [_ratio(s.max, space.target_capacity) for s in stats]
    durations = dict.fromkeys(UTILIZATION_THRESHOLDS, 0)
    if space.target_capacity:
        for stat, ratio in zip(stats, utilizations, strict=True):
            bucket = max((t for t in UTILIZATION_THRESHOLDS if ratio * 100 >= t), default=0)
            durations[bucket] += stat.covered_us
    known = [utilization(s.max, space.target_capacity, dialect) for s in stats]
    known = [u for u in known if u is not None]

    def count(s: IntervalStats) -> int:
        return s.count

    return {
        "entrances": _flow(stats, lambda s: s.entrances),
        "exits": _flow(stats, lambda s: s.exits),
        "count": {
            "average": sum(map(count, stats)) / len(stats) if stats else None,
            "min": _peak(stats, count, min),
            "max": _peak(stats, count, max),
        },
        "target_utilization": {
            "average": sum(known) / len(known) if known else None,
            "min": min(known) if known else None,
            "max": max(known) if known else None,
            "durations": {str(t): str(timedelta(microseconds=us)) for t, us in durations.items()},
        },
    }
