"""Reported occupancy as a step series: its integral over segments (Measure), runs and cut-off."""

import bisect
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """What a series shows over some segments: lengths in microseconds, counts as reported."""

    duration: int
    online: int
    used: int
    area: int
    low: int | None
    high: int | None
    entrances: int | None
    exits: int | None


@dataclass(frozen=True)
class Series:
    """Reported occupancy: `values[i]` holds on [times[i], times[i+1]) (or `end`); None: no data."""

    times: list[int]
    values: list[int | None]
    end: int
    entrances: list[int] | None = None
    exits: list[int] | None = None

    def measure(self, segments: list[tuple[int, int]]) -> Measure:
        """Integrate the series over half-open segments."""
        duration = online = used = area = 0
        low = high = None
        for a, b in segments:
            duration += b - a
            i = max(0, bisect.bisect_right(self.times, a) - 1)
            while i < len(self.times) and self.times[i] < b:
                following = self.times[i + 1] if i + 1 < len(self.times) else self.end
                length, value = min(b, following) - max(a, self.times[i]), self.values[i]
                if length > 0 and value is not None:
                    online += length
                    area += value * length
                    used += length if value > 0 else 0
                    low = value if low is None else min(low, value)
                    high = value if high is None else max(high, value)
                i += 1

        def crossings(stamps: list[int] | None) -> int | None:
            if stamps is None:
                return None
            return sum(
                bisect.bisect_left(stamps, b) - bisect.bisect_left(stamps, a) for a, b in segments
            )

        return Measure(
            duration,
            online,
            used,
            area,
            low,
            high,
            crossings(self.entrances),
            crossings(self.exits),
        )

    def runs(self) -> list[tuple[int, int]]:
        """Maximal intervals with a value above 0 that end before the series does."""
        found, opened = [], None
        for t, value in zip(self.times, self.values, strict=True):
            if value is not None and value > 0:
                opened = t if opened is None else opened
            elif opened is not None:
                found.append((opened, t))
                opened = None
        return found


def cut(series: Series, limit_us: int) -> Series:
    """No data from `limit` on (not yet happened, delivered or processed)."""
    if limit_us >= series.end:
        return series
    keep = bisect.bisect_left(series.times, limit_us)
    times, values = series.times[:keep], series.values[:keep]
    if not times:
        return Series([series.times[0]], [None], series.end, series.entrances, series.exits)
    return Series([*times, limit_us], [*values, None], series.end, series.entrances, series.exits)
