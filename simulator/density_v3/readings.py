"""How each dialect reading of v3 writes times and data status (simulator/dialect.py's switches).

Bucket keys and session times are made in local time with an offset, then rewritten here per
reading, so every reading names the same instants; naive local keys can repeat at a DST fall-back.
"""

import json
from datetime import UTC, datetime

from simulator.world.timeutil import from_us, zone


class Pairs(list):
    """A JSON object as its (key, value) pairs in order: keys may repeat (naive local hours)."""


def local_time(us: int, tz: str, reading: str) -> str:
    """A session time under `sessions_time`: local with offset, UTC `Z`, or local wall time."""
    local = from_us(us).astimezone(zone(tz))
    if reading == "utc_z":
        return from_us(us).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if reading == "naive_local":
        return local.replace(tzinfo=None).isoformat(timespec="milliseconds")
    return local.isoformat(timespec="milliseconds")


def bucket_key(key: str, reading: str) -> str:
    """A bucket key (local with offset, or a weekday/hour-of-day group) under `metrics_time`."""
    try:
        instant = datetime.fromisoformat(key)
    except ValueError:  # "0".."23" or "0".."6": a group, not a time
        return key
    if instant.tzinfo is None or reading == "offset":
        return key
    if reading == "utc_z":
        return instant.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return instant.replace(tzinfo=None).isoformat(timespec="seconds")


def keyed(buckets: dict[str, dict], reading: str) -> dict | Pairs:
    """A space's buckets with keys under `metrics_time`: repeated naive keys stay, in time order."""
    pairs = Pairs((bucket_key(key, reading), values) for key, values in buckets.items())
    return pairs if len({key for key, _ in pairs}) < len(pairs) else dict(pairs)


def has_pairs(result: object) -> bool:
    """Whether an answer holds an object with repeated keys (so JSONResponse cannot write it)."""
    return isinstance(result, dict) and any(isinstance(v, Pairs) for v in result.values())


def dumps(value: object) -> str:
    """Compact JSON text that writes `Pairs` as an object with its keys as they are, repeats too."""
    if isinstance(value, Pairs | dict):
        items = value if isinstance(value, Pairs) else value.items()
        return "{" + ",".join(f"{json.dumps(k)}:{dumps(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    return json.dumps(value, allow_nan=False)


def floor_status(period: float, daily: list[dict], reading: str) -> dict:
    """A floor's data status under `data_status`: the period's share with the days, or alone."""
    if reading == "period":
        return {"data_status": period}
    return {"data_status": period, "daily": daily}
