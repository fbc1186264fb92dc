"""Rows a dlt source yields, per table and local day: the per-partition row counts of a run that
loads several days at once (each day's materialization carries its own rows, not the run's)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pyarrow as pa
import pyarrow.compute as pc

# A row's own local day, in order of preference: a date column the vendor or the source set...
DATE_COLUMNS = ("normalized_date", "date", "start_date")
# ... else the instant it describes, read in its space's zone (UTC when the space has none).
INSTANT_COLUMNS = ("timestamp", "start_time")
# The dimension whose rows give each space's zone; it is extracted before the facts it feeds.
ZONE_TABLE = "spaces"


def _zone(name: Any) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _as_instant(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def row_day(row: dict, zones: dict[Any, ZoneInfo]) -> date | None:
    """The local day a fact row belongs to, or None for a row of no day (a dimension)."""
    for column in DATE_COLUMNS:
        if (day := _as_date(row.get(column))) is not None:
            return day
    for column in INSTANT_COLUMNS:
        instant = _as_instant(row.get(column))
        if instant is None:
            continue
        if instant.tzinfo is None:  # a wall time, already in the space's own zone
            return instant.date()
        zone = zones.get(row.get("space_id"))
        return instant.astimezone(zone).date() if zone else instant.date()
    return None


class DayRows:
    """Counts each row of a source by (table, local day) as dlt extracts it."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, date | None]] = Counter()
        self.zones: dict[Any, ZoneInfo] = {}

    def attach(self, source: Any) -> Any:
        """`source` with a counting step on each of its tables (rows pass through unchanged)."""
        for name, resource in source.resources.items():
            resource.add_map(partial(self._count, name))
        return source

    def _count(self, table: str, row: Any) -> Any:
        if isinstance(row, pa.Table):
            self._count_table(table, row)
        elif isinstance(row, dict):
            if table == ZONE_TABLE and (zone := _zone(row.get("time_zone"))):
                self.zones[row.get("id")] = zone
            self.counts[table, row_day(row, self.zones)] += 1
        return row

    def _count_table(self, table: str, data: pa.Table) -> None:
        """The same counts for an Arrow page (pipelines/density_v2/arrow.py: one space's UTC
        instants), by column arithmetic, so the Arrow path stays free of per-row Python."""
        if not data.num_rows or "timestamp" not in data.column_names:
            self.counts[table, None] += data.num_rows
            return
        for space_id in pc.unique(data.column("space_id")).to_pylist():
            rows = data.filter(pc.equal(data.column("space_id"), space_id))
            zone = self.zones.get(space_id)
            instants = rows.column("timestamp")
            if zone is not None:
                instants = instants.cast(pa.timestamp("us", tz=zone.key))
            local = pc.local_timestamp(instants) if zone is not None else instants
            days = pc.value_counts(pc.cast(local, pa.date32()))
            for entry in days.to_pylist():
                self.counts[table, entry["values"]] += entry["counts"]

    def dated(self, table: str) -> bool:
        """Whether `table`'s rows have days (facts), rather than none (dimensions)."""
        return any(t == table and day is not None for t, day in self.counts)

    def on(self, table: str, day: date) -> int:
        return self.counts[table, day]
