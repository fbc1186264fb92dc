"""Density v3 answers read under every reading the docs leave open, detected per value, never assumed.

Times: with an offset (that instant), with `Z` (UTC), or without either (the space's own zone).
A wall time a DST fall-back repeats is the first occurrence (fold=0) unless the answer proves it is
the second: a repeated bucket key, or a session whose end would come before its start. A wall time
a spring-forward skips is read with the offset in force before the jump (PEP 495's fold=0), i.e.
moved forward by the gap. Anything no reading fits raises `Unreadable` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipelines.http import Unreadable

VENDOR = "Density v3"


class Obj(dict):
    """A JSON object that also keeps its (key, value) pairs in order, a repeated key included."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.pairs = pairs


def pairs_of(value: dict) -> list[tuple[str, Any]]:
    """An object's (key, value) pairs in order: every occurrence when read through `Obj`."""
    return value.pairs if isinstance(value, Obj) else list(value.items())


@dataclass(frozen=True)
class Where:
    """The request an answer came from, to name it when a field cannot be read."""

    path: str
    window: str

    def unreadable(self, field: str, found: object) -> Unreadable:
        """The one-line error for a field of this request's answer that no reading fits."""
        return Unreadable.of(VENDOR, "POST", self.path, self.window, field, repr(found))


def _zone(name: str | None) -> ZoneInfo | None:
    """The zone of an IANA name, or None when the space has none or an unknown one."""
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def repeated(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether a naive wall time occurs twice in `zone` (the hour a fall-back repeats)."""
    first, second = wall.replace(tzinfo=zone), wall.replace(tzinfo=zone, fold=1)
    return first.utcoffset() != second.utcoffset() and _exists(wall, zone)


def _exists(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether a wall time occurs at all in `zone` (not in a spring-forward gap)."""
    aware = wall.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


def read_time(
    text: object, time_zone: str | None, fold: int, where: Where, field: str
) -> tuple[datetime, bool]:
    """(UTC instant, whether a second occurrence could be meant) of a vendor time in any reading."""
    try:
        parsed = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise where.unreadable(field, text)
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC), False
    zone = _zone(time_zone)
    if zone is None:
        raise where.unreadable(f"{field} (no offset, and no known time zone)", text)
    ambiguous = repeated(parsed, zone)
    return parsed.replace(tzinfo=zone, fold=fold if ambiguous else 0).astimezone(UTC), ambiguous


def session_rows(answer: object, zones: dict[str, str], where: Where) -> list[dict]:
    """`{"sessions": [...]}` -> rows with UTC `start_time`/`end_time` and the texts as sent."""
    sessions = answer.get("sessions") if isinstance(answer, dict) else None
    if not isinstance(sessions, list):
        raise where.unreadable("sessions", answer)
    rows, last_end = [], {}
    for session in sessions:
        if not isinstance(session, dict) or not isinstance(session.get("space_id"), str):
            raise where.unreadable("sessions[].space_id", session)
        space, tz = session["space_id"], zones.get(session["space_id"])
        start, start_twice = read_time(session.get("start_time"), tz, 0, where, "start_time")
        if start_twice and start < last_end.get(space, start):  # order proves the second one
            start = read_time(session["start_time"], tz, 1, where, "start_time")[0]
        end = None
        if session.get("end_time") is not None:
            end, end_twice = read_time(session["end_time"], tz, 0, where, "end_time")
            if end_twice and end < start:  # an end before its start: the second occurrence
                end = read_time(session["end_time"], tz, 1, where, "end_time")[0]
            last_end[space] = end
        rows.append(
            {
                **session,
                "start_time": start,
                "end_time": end,
                "start_time_local": session["start_time"],
                "end_time_local": session.get("end_time"),
            }
        )
    return rows


def metric_rows(answer: object, zones: dict[str, str], resolution: str, where: Where) -> list[dict]:
    """`{space_id: {bucket key: {metric: value}}}` -> one row per bucket with its UTC start;
    a bucket key sent twice (a naive fall-back hour) is the first instant, then the second."""
    if not isinstance(answer, dict):
        raise where.unreadable("{space_id: {timestamp: metrics}}", answer)
    rows = []
    for space_id, buckets in pairs_of(answer):
        if not isinstance(buckets, dict):
            raise where.unreadable(f"{space_id} buckets", buckets)
        seen: dict[str, int] = {}
        for key, values in pairs_of(buckets):
            if not isinstance(values, dict):
                raise where.unreadable(f"{space_id}.{key} metrics", values)
            fold = seen.get(key, 0)
            instant, twice = read_time(key, zones.get(space_id), fold, where, "bucket timestamp")
            if fold and not twice or fold > 1:  # the same instant twice: no reading fits
                raise where.unreadable(f"{space_id} bucket timestamp (sent twice)", key)
            seen[key] = fold + 1
            rows.append(
                {
                    **values,
                    "space_id": space_id,
                    "time_resolution": resolution,
                    "timestamp": instant,
                    "local_timestamp": key,
                }
            )
    return rows


def health_rows(answer: object, where: Where) -> list[dict]:
    """`{serial_number: [status change, ...]}` -> one row per sensor per change."""
    if not isinstance(answer, dict):
        raise where.unreadable("{serial_number: [Status]}", answer)
    rows = []
    for serial, changes in answer.items():
        if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
            raise where.unreadable(f"{serial} status changes", changes)
        rows += [{**change, "serial_number": serial} for change in changes]
    return rows


@dataclass(frozen=True)
class FloorStatus:
    """One floor's answer: the period's completeness, and its days when the vendor sent them."""

    period: float
    daily: list[dict] | None
    extra: dict


def _share(value: object) -> float | None:
    """A completeness share in [0, 1] as a float, or None when the value is not one."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
    return float(value) if ok else None


def floor_statuses(answer: object, where: Where) -> dict[str, FloorStatus]:
    """Data status per floor in any reading: `{"data_status": x, "daily": [...]}` (per day),
    `{"data_status": x}` (the period only, `FloorHealthDataV3`) or a bare number x in [0, 1]."""
    if not isinstance(answer, dict):
        raise where.unreadable("{floor_id: FloorHealthDataV3}", answer)
    found = {}
    for floor_id, status in answer.items():
        fields = status if isinstance(status, dict) else {"data_status": status}
        period = _share(fields.get("data_status"))
        if period is None:
            raise where.unreadable(f"{floor_id}.data_status (a share 0-1)", status)
        daily = fields.get("daily")
        if daily is not None and not (
            isinstance(daily, list)
            and all(
                isinstance(d, dict) and _day(d) and _share(d.get("data_status")) is not None
                for d in daily
            )
        ):
            raise where.unreadable(f"{floor_id}.daily[] (date, data_status)", daily)
        extra = {k: v for k, v in fields.items() if k not in ("data_status", "daily")}
        found[floor_id] = FloorStatus(period, daily, extra)
    return found


def _day(record: dict) -> bool:
    """Whether a per-day status names its day as an ISO date."""
    try:
        date.fromisoformat(record.get("date"))
    except (TypeError, ValueError):
        return False
    return True
