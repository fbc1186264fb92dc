"""Density v2 counts and events pages as Arrow tables: the hot tables handed to dlt by column.

A page in the shape the vendor documents (known fields only, canonical UTC timestamps, numbers
where numbers belong) becomes one table with exactly the columns, types and values the record
path (records.py `count_sample`, then dlt's normalizer) would load: the `interval` object
flattened to `interval__...`, utilization read by the same rule, the request window stamped. Any
other page (an unknown field, another timestamp reading, a value of another type) goes through
the record path unchanged, so unknown fields still become columns and an unreadable record is
still recorded as Unreadable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import dlt
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.columns import stamp
from pipelines.density_v2.pages import listing, read_records
from pipelines.density_v2.records import count_sample, event
from pipelines.http import VendorClient
from pipelines.windows import Window, iso_utc

TOP = frozenset({"timestamp", "count", "interval"})
INTERVAL = frozenset({"start", "end", "analytics"})
INTS = ("min", "max", "events", "entrances", "exits")
RATES = ("entry_rate", "exit_rate")
SHARES = (("utilization", "capacity"), ("target_utilization", "target_capacity"))
ANALYTICS = frozenset({*INTS, *RATES, *(name for name, _ in SHARES)})
# The canonical reading (the docs' examples): `T`, seconds, up to 6 decimals, `Z` or +00:00.
CANONICAL = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|\+00:00)$"
UTC_US = pa.timestamp("us", tz="UTC")
EXACT_FLOAT = 2**53
# The primary keys (never null, as dlt declares them) and the documented event fields.
COUNT_KEY = ("space_id", "request_interval", "timestamp")
EVENT_KEY = ("space_id", "id")
EVENT_FIELDS = dict.fromkeys(("id", "sensor_serial_number", "doorway_id", "timestamp", "direction"))


class OffShape(Exception):
    """A page the fast path does not read: the record path reads it instead."""


def keep_dlt_columns() -> None:
    """dlt adds `_dlt_id` and `_dlt_load_id` to Arrow tables as it does to records, so the
    counts table keeps both whichever path loaded a row."""
    dlt.config["normalize.parquet_normalizer.add_dlt_id"] = True
    dlt.config["normalize.parquet_normalizer.add_dlt_load_id"] = True


def _is_number(value: Any) -> bool:
    """A JSON number exact as a float64 (no bool, NaN or infinity)."""
    kind = type(value)
    return (kind is int and abs(value) < EXACT_FLOAT) or (kind is float and np.isfinite(value))


def _columns(records: list[dict]) -> dict[str, list]:
    """Each field's values, in record order; OffShape on a field or object the docs don't show."""
    names = ("timestamp", "count", "start", "end", *sorted(ANALYTICS))
    columns: dict[str, list] = {name: [] for name in names}
    nested = [columns[name] for name in ("start", "end", *sorted(ANALYTICS))]
    for record in records:
        if type(record) is not dict or not record.keys() <= TOP:
            raise OffShape
        columns["timestamp"].append(record.get("timestamp"))
        columns["count"].append(record.get("count"))
        interval = record.get("interval")
        if interval is None:
            for column in nested:
                column.append(None)
            continue
        if type(interval) is not dict or not interval.keys() <= INTERVAL:
            raise OffShape
        columns["start"].append(interval.get("start"))
        columns["end"].append(interval.get("end"))
        analytics = interval.get("analytics")
        if analytics is not None and (type(analytics) is not dict or analytics.keys() - ANALYTICS):
            raise OffShape
        for name in sorted(ANALYTICS):
            columns[name].append(None if analytics is None else analytics.get(name))
    return columns


def _timestamps(values: list, required: bool) -> pa.Array:
    """Canonical UTC timestamps as microseconds; OffShape on any other reading (or a null, if
    `required`)."""
    try:
        text = pa.array(values, pa.string())
        canonical = pc.all(pc.match_substring_regex(text, CANONICAL)).as_py() is not False
        if (required and text.null_count) or not canonical:
            raise OffShape
        return text.cast(UTC_US)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        raise OffShape from None


def _ints(values: list) -> pa.Array:
    """JSON integers (no bool, none beyond 64 bits) as int64; OffShape otherwise."""
    if not all(v is None or type(v) is int for v in values):
        raise OffShape
    try:
        return pa.array(values, pa.int64())
    except (pa.ArrowInvalid, OverflowError):
        raise OffShape from None


def _floats(values: list) -> np.ndarray:
    """Numbers as float64, None as NaN (masked by the caller)."""
    if not all(v is None or _is_number(v) for v in values):
        raise OffShape
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def _shares(values: list, count_max: list, capacity: Any) -> pa.Array:
    """readings.utilization, column-wise: with max and capacity known, the reading (value or
    value/100) nearer max/capacity by ratio; else an integer is a percent, a decimal a share."""
    value = _floats(values)
    missing = np.array([v is None for v in values])
    is_int = np.array([type(v) is int for v in values])
    known_max = np.array([type(m) is int and m != 0 for m in count_max])
    known = known_max & (type(capacity) is int and capacity > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        maxes = np.array(
            [m if k else np.nan for m, k in zip(count_max, known_max, strict=True)], np.float64
        )
        expected = np.abs(maxes / capacity) if known.any() else maxes
        as_percent = value / 100
        nearer_fraction = np.abs(np.log(np.abs(value) / expected)) <= np.abs(
            np.log(np.abs(as_percent) / expected)
        )
    read = np.where(
        known, np.where(nearer_fraction, value, as_percent), np.where(is_int, as_percent, value)
    )
    read[value == 0] = 0.0
    return pa.array(read, pa.float64(), mask=missing)


def count_table(records: list[dict], window: Window, space: dict, interval: str) -> pa.Table:
    """One counts page of `space` as the table the record path would load; OffShape if the page
    is not in the documented shape."""
    columns = _columns(records)
    rows = len(records)
    floats = {name: _floats(columns[name]) for name in RATES}
    data: dict[str, pa.Array] = {
        "space_id": pa.array([space["id"]] * rows, pa.string()),
        "request_interval": pa.array([interval] * rows, pa.string()),
        "timestamp": _timestamps(columns["timestamp"], required=True),
        "count": _ints(columns["count"]),
        "interval__start": _timestamps(columns["start"], required=False),
        "interval__end": _timestamps(columns["end"], required=False),
        **{f"interval__analytics__{name}": _ints(columns[name]) for name in INTS},
        **{
            f"interval__analytics__{name}": _shares(columns[name], columns["max"], space.get(cap))
            for name, cap in SHARES
        },
        **{
            f"interval__analytics__{name}": pa.array(
                floats[name], pa.float64(), mask=np.array([v is None for v in columns[name]])
            )
            for name in RATES
        },
        "window_start": pa.array([window.start] * rows, UTC_US),
        "window_end": pa.array([window.end] * rows, UTC_US),
    }
    return _table(data, COUNT_KEY)


def _table(data: dict[str, pa.Array], key: tuple[str, ...]) -> pa.Table:
    """The columns as a table whose primary key columns are not nullable, as dlt declares them."""
    fields = [pa.field(name, array.type, nullable=name not in key) for name, array in data.items()]
    return pa.Table.from_arrays(list(data.values()), schema=pa.schema(fields))


def event_table(records: list[dict], window: Window, space_id: str) -> pa.Table:
    """One events page of a space as the table the record path would load (records.py
    `event`: an id, a UTC instant, a direction of 1 or -1); OffShape if not in that shape."""
    columns: dict[str, list] = {name: [] for name in EVENT_FIELDS}
    for record in records:
        if type(record) is not dict or not record.keys() <= EVENT_FIELDS.keys():
            raise OffShape
        for name, column in columns.items():
            column.append(record.get(name))
    if not all(type(v) is str and v for v in columns["id"]):
        raise OffShape
    if not all(type(v) is int and v in (1, -1) for v in columns["direction"]):
        raise OffShape
    for name in ("sensor_serial_number", "doorway_id"):
        if not all(v is None or type(v) is str for v in columns[name]):
            raise OffShape
    rows = len(records)
    data = {
        "id": pa.array(columns["id"], pa.string()),
        "space_id": pa.array([space_id] * rows, pa.string()),
        "sensor_serial_number": pa.array(columns["sensor_serial_number"], pa.string()),
        "doorway_id": pa.array(columns["doorway_id"], pa.string()),
        "timestamp": _timestamps(columns["timestamp"], required=True),
        "direction": pa.array(columns["direction"], pa.int64()),
        "window_start": pa.array([window.start] * rows, UTC_US),
        "window_end": pa.array([window.end] * rows, UTC_US),
    }
    return _table(data, EVENT_KEY)


def arrow_pages(
    client: VendorClient,
    path: str,
    params: dict,
    page_size: int,
    window: Window,
    table: Callable[[list[dict]], pa.Table],
    read: Callable[[dict], dict],
    **extra: Any,
) -> Iterator[pa.Table | list[dict]]:
    """Each page of a listing: `table(records)` where the page is in the documented shape,
    else its records read one by one by `read` and stamped with `extra` and the window (unknown
    fields kept, an unreadable record left out and recorded once per page)."""
    span = f"{iso_utc(window.start)}..{iso_utc(window.end)}"
    for page in listing(client, path, params, page_size, span):
        try:
            if page.results:
                yield table(page.results)
                continue
        except OffShape:
            pass
        yield stamp(read_records(client, path, span, page.results, read), window, **extra)


def count_pages(
    client: VendorClient, path: str, params: dict, page_size: int, window: Window, space: dict
) -> Iterator[pa.Table | list[dict]]:
    """Each counts page of `space` in `window`, as an Arrow table where it can be."""
    interval = params["interval"]
    table = partial(count_table, window=window, space=space, interval=interval)
    read = partial(count_sample, space=space)
    extra = {"space_id": space["id"], "request_interval": interval}
    yield from arrow_pages(client, path, params, page_size, window, table, read, **extra)


def event_pages(
    client: VendorClient, path: str, params: dict, page_size: int, window: Window, space_id: str
) -> Iterator[pa.Table | list[dict]]:
    """Each events page of a space in `window`, as an Arrow table where it can be."""
    table = partial(event_table, window=window, space_id=space_id)
    yield from arrow_pages(client, path, params, page_size, window, table, event, space_id=space_id)
