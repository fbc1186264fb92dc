"""Density v3 request bodies: dates, ranges, id lists and filters, each rule a 400 with a reason."""

import re
from datetime import UTC, datetime, timedelta

from simulator.density_v3.metrics import RESOLUTIONS, OperatingHours, range_error
from simulator.http.vendor_api import ApiError
from simulator.world.timeutil import to_us

_LOCAL = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,6})?(Z?)")
_UTC = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,6})?(Z|\+00:00)?")
SESSIONS_MAX = timedelta(days=60)
HEALTH_MAX = timedelta(days=10)
DATA_STATUS_MAX, DATA_STATUS_MIN = timedelta(days=10), timedelta(minutes=5)
DATA_STATUS_FROM = datetime(2024, 6, 1, tzinfo=UTC)
MAX_FLOORS = 5
MAX_LOOKBACK = 240


def _text(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise ApiError(400, f"{name} is required")
    return value


def local_time(body: dict, name: str, allow_z: bool = True) -> datetime:
    """A local wall time (naive); analytics ignore a trailing Z, raw sessions refuse it."""
    text = _text(body, name)
    match = _LOCAL.fullmatch(text)
    if not match or (match.group(3) and not allow_z):
        example = "2024-05-01T09:00:00"
        raise ApiError(
            400,
            f"{name} must be a local timestamp without a time zone, like {example}; got {text!r}",
        )
    return datetime.fromisoformat(match.group(1) + (match.group(2) or ""))


def utc_time(body: dict, name: str) -> datetime:
    """An instant in UTC (`Z`, `+00:00`, or none)."""
    text = _text(body, name)
    match = _UTC.fullmatch(text)
    if not match:
        raise ApiError(
            400, f"{name} must be a UTC timestamp like 2024-06-28T00:00:00Z; got {text!r}"
        )
    return datetime.fromisoformat(match.group(1) + (match.group(2) or "")).replace(tzinfo=UTC)


def ordered(start: datetime, end: datetime) -> None:
    """400 unless start <= end."""
    if end < start:
        raise ApiError(400, "end_date must not be before start_date")


def ids(body: dict, name: str) -> list[str] | None:
    """An optional list of ids; None when absent or empty."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(400, f"{name} must be an array of strings")
    return value or None


def sensor_filter(body: dict) -> tuple[list[str] | None, list[str] | None]:
    """(serial_numbers, space_ids): at most one of them."""
    serials, spaces = ids(body, "serial_numbers"), ids(body, "space_ids")
    if serials and spaces:
        raise ApiError(400, "serial_numbers and space_ids are mutually exclusive; send one")
    return serials, spaces


def analytics_range(body: dict) -> tuple[datetime, datetime, str]:
    """Local start and inclusive end, and a resolution whose longest range they keep to."""
    start, end = local_time(body, "start_date"), local_time(body, "end_date")
    ordered(start, end)
    resolution = body.get("time_resolution") or "total"
    if resolution not in RESOLUTIONS:
        raise ApiError(
            400, f"time_resolution must be one of {', '.join(RESOLUTIONS)}; got {resolution!r}"
        )
    if reason := range_error(resolution, start, end):
        raise ApiError(400, reason)
    return start, end, resolution


def operating_hours(body: dict) -> OperatingHours | None:
    """`operating_hours`: days 0-6 (0 = Sunday), 0 <= start_hour < end_hour <= 24."""
    value = body.get("operating_hours")
    if value is None:
        return None
    days, start, end = (
        (value.get(k) for k in ("days", "start_hour", "end_hour"))
        if isinstance(value, dict)
        else (None, None, None)
    )
    valid = (
        isinstance(days, list)
        and all(isinstance(d, int) and 0 <= d <= 6 for d in days)
        and isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start < end <= 24
    )
    if not valid:
        raise ApiError(
            400,
            "operating_hours needs days 0-6 (0 = Sunday) and whole hours "
            "0 <= start_hour < end_hour <= 24",
        )
    return OperatingHours(frozenset(days), start, end)


def sessions_range(body: dict) -> tuple[datetime, datetime]:
    """Raw sessions: local times without Z, end_date - start_date at most 60 days."""
    start = local_time(body, "start_date", allow_z=False)
    end = local_time(body, "end_date", allow_z=False)
    ordered(start, end)
    if end - start > SESSIONS_MAX:
        raise ApiError(
            400,
            "the range from start_date to end_date exceeds the maximum of 60 "
            "days; make multiple calls with non-overlapping windows",
        )
    return start, end


def health_range(body: dict) -> tuple[int, int]:
    """Sensor health: at most 10 days; (start, inclusive end) in microseconds."""
    start, end = utc_time(body, "start_date"), utc_time(body, "end_date")
    ordered(start, end)
    if end - start > HEALTH_MAX:
        raise ApiError(400, "max range from start_date to end_date is 10 days")
    return to_us(start), to_us(end)


def data_status_request(body: dict) -> tuple[int, int, list[str]]:
    """Data status: 5 minutes to 10 days, ending after 2024-06-01, 1 to 5 floors."""
    start, end = utc_time(body, "start_date"), utc_time(body, "end_date")
    ordered(start, end)
    if end - start > DATA_STATUS_MAX:
        raise ApiError(400, "max range from start_date to end_date is 10 days")
    if end - start < DATA_STATUS_MIN:
        raise ApiError(400, "min range from start_date to end_date is 5 minutes")
    if end <= DATA_STATUS_FROM:
        raise ApiError(400, "end_date must be after 2024-06-01T00:00:00Z")
    floors = ids(body, "floor_ids") or []
    if not 1 <= len(floors) <= MAX_FLOORS:
        raise ApiError(
            400,
            f"floor_ids needs minimum 1 floor and maximum {MAX_FLOORS} floors; got {len(floors)}",
        )
    return to_us(start), to_us(end), floors


def lookback(body: dict) -> int:
    """`minutes_lookback`: 0 (default) to 240."""
    value = body.get("minutes_lookback", 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ApiError(400, "minutes_lookback must be a non-negative integer")
    if value > MAX_LOOKBACK:
        raise ApiError(400, f"minutes_lookback max value is {MAX_LOOKBACK} minutes; got {value}")
    return value
