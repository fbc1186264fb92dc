"""v3 analytics buckets in a space's local time (every resolution, operating hours) and datums."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from simulator.density_v3.layout import WAFFLE, WAFFLE_CAP
from simulator.density_v3.series import Measure
from simulator.world.timeutil import (
    US_PER_MIN,
    from_us,
    local_date,
    local_instant,
    local_midnight,
    to_us,
    zone,
)

RESOLUTIONS = (
    "total",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "weekday",
    "hour_of_day",
    "minute",
    "10minute",
)
# The longest range of each resolution, exclusive; the others allow under one calendar year.
LONGEST = {
    "minute": timedelta(days=1),
    "10minute": timedelta(days=1),
    "hour": timedelta(days=7),
    "hour_of_day": timedelta(days=7),
    "day": timedelta(days=31),
    "weekday": timedelta(days=31),
}
FIELD_GROUPS = {
    "occupancy": ("occupancy_avg", "occupancy_max", "occupancy_min"),
    "utilization": ("utilization_avg", "utilization_max"),
    "time_used": ("time_used_raw", "time_used_percentage"),
    "entrances": ("entrances",),
    "exits": ("exits",),
}
QUALITY = ("is_capped", "capped_count_limit", "up_time")
ENDPOINT_FIELDS = {
    "metrics": tuple(f for group in FIELD_GROUPS.values() for f in group) + QUALITY,
    "occupancy": FIELD_GROUPS["occupancy"] + ("entrances", "exits") + QUALITY,
    "time-used": FIELD_GROUPS["time_used"] + ("up_time",),
    "utilization": FIELD_GROUPS["utilization"] + QUALITY,
}

Segments = list[tuple[int, int]]


@dataclass(frozen=True)
class OperatingHours:
    """Days (0 = Sunday) and whole local hours [start_hour, end_hour) that count."""

    days: frozenset[int]
    start_hour: int
    end_hour: int


def range_error(resolution: str, start: datetime, end: datetime) -> str | None:
    """Why a local range is too long for a resolution, or None if it is allowed."""
    longest = LONGEST.get(resolution)
    if longest is None:
        try:
            limit = start.replace(year=start.year + 1)
        except ValueError:  # 29 February
            limit = start.replace(year=start.year + 1, day=28)
        if end >= limit:
            return f"time_resolution {resolution} allows a range under 1 year"
        return None
    if end - start >= longest:
        return f"time_resolution {resolution} allows a range under {longest.days} day" + (
            "s" if longest.days > 1 else ""
        )
    return None


def _local(us: int, tz: str) -> datetime:
    return from_us(us).astimezone(zone(tz))


def bucket_key(us: int, tz: str) -> str:
    """A bucket's start as the API names it: local time with its UTC offset."""
    return _local(us, tz).isoformat(timespec="seconds")


def _fixed_steps(unit_minutes: int) -> Callable[[int, int, str], list[int]]:
    def starts(start_us: int, end_us: int, tz: str) -> list[int]:
        local = _local(start_us, tz)
        floored = local.replace(
            minute=local.minute - local.minute % unit_minutes if unit_minutes < 60 else 0,
            second=0,
            microsecond=0,
        )
        t, found = to_us(floored), []
        while t < end_us:  # whole-hour DST shifts keep UTC steps on local boundaries
            found.append(t)
            t += unit_minutes * US_PER_MIN
        return found

    return starts


def _calendar_steps(
    floor: Callable[[date], date], step: Callable[[date], date]
) -> Callable[[int, int, str], list[int]]:
    def starts(start_us: int, end_us: int, tz: str) -> list[int]:
        day, last = floor(local_date(start_us, tz)), local_date(end_us - 1, tz)
        found = []
        while day <= last:
            found.append(local_midnight(day, tz))
            day = step(day)
        return found

    return starts


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


PERIODS = {
    "minute": _fixed_steps(1),
    "10minute": _fixed_steps(10),
    "hour": _fixed_steps(60),
    "day": _calendar_steps(lambda d: d, lambda d: d + timedelta(days=1)),
    "week": _calendar_steps(
        lambda d: d - timedelta(days=(d.weekday() + 1) % 7), lambda d: d + timedelta(days=7)
    ),
    "month": _calendar_steps(lambda d: d.replace(day=1), _next_month),
    "year": _calendar_steps(lambda d: d.replace(month=1, day=1), lambda d: date(d.year + 1, 1, 1)),
}
GROUPED = {
    "weekday": ("day", lambda t, tz: str((local_date(t, tz).weekday() + 1) % 7)),
    "hour_of_day": ("hour", lambda t, tz: str(_local(t, tz).hour)),
}


def _open(segment: tuple[int, int], tz: str, hours: OperatingHours | None) -> Segments:
    """The part of a segment inside operating hours."""
    if hours is None:
        return [segment]
    a, b = segment
    found = []
    day, last = local_date(a, tz) - timedelta(days=1), local_date(b - 1, tz)
    while day <= last:
        if (day.weekday() + 1) % 7 in hours.days:
            opens = local_instant(day, f"{hours.start_hour:02d}:00", tz)
            closes = (
                local_midnight(day + timedelta(days=1), tz)
                if hours.end_hour == 24
                else local_instant(day, f"{hours.end_hour:02d}:00", tz)
            )
            if max(a, opens) < min(b, closes):
                found.append((max(a, opens), min(b, closes)))
        day += timedelta(days=1)
    return found


def cells(
    resolution: str, start_us: int, end_us: int, tz: str, hours: OperatingHours | None
) -> list[tuple[str, Segments]]:
    """(key, segments) of every bucket of [start, end) with time inside operating hours."""
    if resolution == "total":
        bounds = [(bucket_key(start_us, tz), (start_us, end_us))]
    else:
        period, group = GROUPED.get(resolution, (resolution, None))
        starts = PERIODS[period](start_us, end_us, tz)
        ends = [*starts[1:], end_us]
        bounds = [
            ((group or bucket_key)(s, tz), (max(s, start_us), min(e, end_us)))
            for s, e in zip(starts, ends, strict=True)
            if max(s, start_us) < min(e, end_us)
        ]
    found: dict[str, Segments] = {}
    for key, segment in bounds:
        segments = _open(segment, tz, hours)
        if segments:
            found.setdefault(key, []).extend(segments)
    if resolution in GROUPED:
        return sorted(found.items(), key=lambda item: int(item[0]))
    return list(found.items())


def datum(measure: Measure, capacity: int | None, mode: str | None) -> dict:
    """Every metric of one bucket, as the API names them."""
    average = measure.area / measure.online if measure.online else None

    def utilization(value: float | None) -> float | None:
        if capacity is None:
            return None
        return 0.0 if capacity == 0 or value is None else round(value / capacity, 4)

    capped = mode == WAFFLE and measure.high is not None and measure.high >= WAFFLE_CAP
    return {
        "occupancy_avg": None if average is None else round(average, 4),
        "occupancy_max": measure.high,
        "occupancy_min": measure.low,
        "utilization_avg": utilization(average),
        "utilization_max": utilization(measure.high),
        "time_used_raw": measure.used // 1000,
        "time_used_percentage": round(measure.used / measure.duration, 4),
        "entrances": measure.entrances,
        "exits": measure.exits,
        "is_capped": capped,
        "capped_count_limit": WAFFLE_CAP if capped else None,
        "up_time": round(measure.online / measure.duration, 4),
    }
