"""Time helpers: epoch microseconds, ISO-8601 UTC parsing and formatting, local instants."""

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US_PER_MS = 1_000
US_PER_S = 1_000_000
US_PER_MIN = 60 * US_PER_S
US_PER_H = 60 * US_PER_MIN
US_PER_DAY = 24 * US_PER_H

_ISO_UTC = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,6})?(Z|\+00:00)")


def to_us(dt: datetime) -> int:
    """Microseconds since the epoch of an aware datetime."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime: give a time zone")
    delta = dt - EPOCH
    return (delta.days * 86_400 + delta.seconds) * US_PER_S + delta.microseconds


def from_us(us: int) -> datetime:
    """The aware UTC datetime of microseconds since the epoch."""
    return EPOCH + timedelta(microseconds=us)


def parse_iso_utc(text: str) -> int:
    """Microseconds of an ISO-8601 UTC timestamp (`Z` or `+00:00`, optional fraction)."""
    match = _ISO_UTC.fullmatch(text.strip())
    if not match:
        raise ValueError(text)
    base = datetime.fromisoformat(match.group(1)).replace(tzinfo=UTC)
    fraction = match.group(2) or ".0"
    return to_us(base) + int(fraction[1:].ljust(6, "0"))


def format_iso(us: int) -> str:
    """`YYYY-MM-DDTHH:MM:SS.mmmZ`, the vendors' timestamp format (truncated to milliseconds)."""
    dt = from_us(us)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The cached ZoneInfo of an IANA name."""
    return ZoneInfo(name)


def local_date(us: int, tz: str) -> date:
    """The local calendar date of an instant in a time zone."""
    return from_us(us).astimezone(zone(tz)).date()


@lru_cache(maxsize=65_536)
def local_instant(day: date, hhmm: str, tz: str) -> int:
    """The instant of a local wall time; after a DST gap if skipped, the first one if repeated."""
    hour, minute = (int(part) for part in hhmm.split(":")[:2])
    wall = datetime.combine(day, time(hour, minute), tzinfo=zone(tz))
    earliest = to_us(wall)  # fold=0: the first occurrence of a repeated time
    if from_us(earliest).astimezone(zone(tz)).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return earliest
    # In a gap, fold=1 lands before the transition and fold=0 after it: bisect to the transition.
    low, high = to_us(wall.replace(fold=1)), earliest
    offset_before = from_us(low).astimezone(zone(tz)).utcoffset()
    while high - low > US_PER_S:
        mid = (low + high) // 2
        if from_us(mid).astimezone(zone(tz)).utcoffset() == offset_before:
            low = mid
        else:
            high = mid
    return high - high % US_PER_S


def local_midnight(day: date, tz: str) -> int:
    """The instant a local day starts."""
    return local_instant(day, "00:00", tz)


def add_months(us: int, months: int) -> int:
    """The instant `months` calendar months after `us` in UTC (day clipped to the month's end)."""
    dt = from_us(us)
    index = dt.year * 12 + dt.month - 1 + months
    year, month = divmod(index, 12)
    next_month = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return to_us(dt.replace(year=year, month=month + 1, day=min(dt.day, last_day)))
