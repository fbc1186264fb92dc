"""The Occuspace endpoints' data computed from the world, for one location and range of days.

Days are the location's local days; a day before `earliestCount` or after the present has no
rows; a sample or an hour without data is left out rather than counted as 0. Averages and
percentages are over the samples with data; `percentage` values are shares of capacity
(0.2 = 20 %), rounded to two decimals; `timestamp` is the UTC instant a local day or hour starts,
written like the documentation's examples (`YYYY-MM-DD HH:MM:SS`).
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import lru_cache

from simulator.occuspace.locations import Location
from simulator.occuspace.world import SAMPLE_US, OccuspaceWorld, Series
from simulator.world.timeutil import US_PER_H, from_us, local_date, zone

OK = "OK"
NO_COUNTS = "No counts have been recorded for this location yet."


def _share(value: float, capacity: int) -> float:
    return round(value / capacity, 2) if capacity else 0.0


def _timestamp(us: int) -> str:
    return from_us(us).strftime("%Y-%m-%d %H:%M:%S")


@lru_cache(maxsize=65_536)
def _hour(us: int, tz: str) -> tuple[int, str, int]:
    """The hour containing an instant: its UTC start, local `HH:00:00` and fold (1 if repeated)."""
    start = us - us % US_PER_H  # every zone of the world has whole-hour UTC offsets
    local = from_us(start).astimezone(zone(tz))
    return start, local.strftime("%H:00:00"), local.fold


def served_days(loc: Location, start: date, end: date, now_us: int) -> list[date]:
    """The local days of [start, end] that can have data: from earliestCount up to today."""
    if loc.earliest_count is None:
        return []
    first, last = max(start, loc.earliest_count), min(end, local_date(now_us, loc.time_zone))
    return [first + timedelta(n) for n in range((last - first).days + 1)]


def message(world: OccuspaceWorld, loc: Location, start: date, end: date, now_us: int) -> str:
    """The response message: "OK", or every discrepancy of the range in day order."""
    if loc.earliest_count is None:
        return NO_COUNTS
    notes = []
    if start < loc.earliest_count:
        notes.append(
            f"Requested data before the location was activated: its earliest count is "
            f"{loc.earliest_count}."
        )
    for day in served_days(loc, start, end, now_us):
        notes.extend(world.day_notes(loc.id, day))
    today = local_date(now_us, loc.time_zone)
    if end >= today:
        notes.append(f"Data for {today} and later is not complete yet.")
    return " ".join(dict.fromkeys(notes)) or OK


def _samples(series: Series, now_us: int) -> list[tuple[int, int]]:
    return [
        (t, v)
        for t, v in zip(series.slots, series.values, strict=True)
        if v is not None and t <= now_us
    ]


def _days(
    world: OccuspaceWorld, loc: Location, start: date, end: date, now_us: int
) -> Iterator[tuple[date, Series, list[tuple[int, int]]]]:
    """(day, series, samples with data) for each served day that has any sample with data."""
    for day in served_days(loc, start, end, now_us):
        series = world.series(loc.id, day)
        if samples := _samples(series, now_us):
            yield day, series, samples


def daily_occupancy(
    world: OccuspaceWorld, loc: Location, start: date, end: date, now_us: int
) -> dict:
    """`dailyOccupancy`: average and peak count per local day."""
    rows = []
    for day, series, samples in _days(world, loc, start, end, now_us):
        values = [v for _, v in samples]
        avg, peak = sum(values) / len(values), max(values)
        rows.append(
            {
                "avgOccupancy": round(avg),
                "avgPercentageOccupied": _share(avg, loc.capacity),
                "peakOccupancy": peak,
                "peakPercentageOccupied": _share(peak, loc.capacity),
                "timestamp": _timestamp(series.slots[0]),
                "normalizedDate": day.isoformat(),
            }
        )
    return {"dailyOccupancy": rows}


def hourly_occupancy(
    world: OccuspaceWorld, loc: Location, start: date, end: date, now_us: int
) -> dict:
    """`hourlyOccupancy`: one row per hour of the day, aggregated over every day of the range."""
    buckets: dict[tuple[str, int], list[int]] = defaultdict(list)
    for _, _, samples in _days(world, loc, start, end, now_us):
        for t, value in samples:
            _, label, fold = _hour(t, loc.time_zone)
            buckets[label, fold].append(value)
    rows = []
    for (label, _), values in sorted(buckets.items()):
        avg, peak = sum(values) / len(values), max(values)
        rows.append(
            {
                "avgOccupancy": round(avg),
                "avgPercentageOccupied": _share(avg, loc.capacity),
                "peakOccupancy": peak,
                "peakPercentageOccupied": _share(peak, loc.capacity),
                "normalizedTime": label,
            }
        )
    return {"hourlyOccupancy": rows}


def _entries(series: Series, now_us: int) -> list[int]:
    return [enter for enter, _ in series.visits if enter <= now_us]


def daily_visitors(
    world: OccuspaceWorld, loc: Location, start: date, end: date, now_us: int
) -> dict:
    """`dailyVisitors`: entries per local day."""
    rows = [
        {
            "visitors": len(_entries(series, now_us)),
            "timestamp": _timestamp(series.slots[0]),
            "normalizedDate": day.isoformat(),
            "normalizedTime": "00:00:00",
        }
        for day, series, _ in _days(world, loc, start, end, now_us)
    ]
    return {"dailyVisitors": rows}


def hourly_visitors(
    world: OccuspaceWorld, loc: Location, start: date, end: date, now_us: int
) -> dict:
    """`hourlyVisitors`: entries per hour of each local day (hours without data left out)."""
    rows = []
    for day, series, samples in _days(world, loc, start, end, now_us):
        per_hour = defaultdict(int)
        for enter in _entries(series, now_us):
            per_hour[enter - enter % US_PER_H] += 1
        for hour, label, _ in sorted({_hour(t, loc.time_zone) for t, _ in samples}):
            rows.append(
                {
                    "visitors": per_hour[hour],
                    "timestamp": _timestamp(hour),
                    "normalizedDate": day.isoformat(),
                    "normalizedTime": label,
                }
            )
    return {"hourlyVisitors": rows}


def daily_dwell_time(
    world: OccuspaceWorld, loc: Location, start: date, end: date, now_us: int
) -> dict:
    """`dailyDwellTimes`: average and longest stay (minutes) of the visits that ended by now."""
    rows = []
    for day, series, _ in _days(world, loc, start, end, now_us):
        stays = [(leave - enter) / 60e6 for enter, leave in series.visits if leave <= now_us]
        rows.append(
            {
                "avgDwellTime": round(sum(stays) / len(stays)) if stays else 0,
                "peakDwellTime": round(max(stays)) if stays else 0,
                "timestamp": _timestamp(series.slots[0]),
                "normalizedDate": day.isoformat(),
                "normalizedTime": "00:00:00",
            }
        )
    return {"dailyDwellTimes": rows}


RANGE_ENDPOINTS: dict[str, Callable[..., dict]] = {
    "daily_occupancy": daily_occupancy,
    "hourly_occupancy": hourly_occupancy,
    "daily_visitors": daily_visitors,
    "hourly_visitors": hourly_visitors,
    "daily_dwell_time": daily_dwell_time,
}


def now(world: OccuspaceWorld, loc: Location, now_us: int) -> tuple[str, dict]:
    """`/now`: the latest count with data, its direct children's, and any outage going on."""

    def child(location: Location) -> dict:
        latest = world.latest(location.id, now_us)
        count = latest[1] if latest else 0
        return {
            "id": location.id,
            "name": location.name,
            "count": count,
            "percentage": _share(count, location.capacity),
            "isActive": world.is_active(location.id, now_us),
        }

    latest = world.latest(loc.id, now_us)
    stamp, count = latest or (now_us - now_us % SAMPLE_US, 0)
    data = {
        "id": loc.id,
        "name": loc.name,
        "count": count,
        "percentage": _share(count, loc.capacity),
        "timestamp": from_us(stamp).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "isActive": world.is_active(loc.id, now_us),
        "childCounts": [child(world.location(c)) for c in loc.child_ids] or None,
    }
    if loc.earliest_count is None:
        return NO_COUNTS, data
    down = [
        f"Missing data: the client network of {b.name} has been down since "
        f"{from_us(start).astimezone(zone(b.time_zone)):%H:%M} (local time)."
        for b, (start, end) in world.outages(loc.id, local_date(now_us, loc.time_zone))
        if start <= now_us - now_us % SAMPLE_US < end
    ]
    return " ".join(down) or OK, data
