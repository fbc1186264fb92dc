"""dlt sources for Density v3: dimensions and facts over local days, and live snapshots.

Both sources are named `density_v3`, so they land in one raw schema; run the snapshots on their
own schedule. Every request comes from `pipelines.planner_v3`, so a run makes exactly the
requests `backfill_requests` plans (plus one per dimension).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import dlt
from dlt.sources import DltResource

from pipelines.client import VendorClient
from pipelines.planner import Window, check_day_range
from pipelines.planner_v3 import (
    METRICS_RESOLUTION,
    Request,
    analytics_requests,
    data_status_requests,
    health_requests,
    sessions_requests,
)

_TS, _JSON, _INT, _TEXT, _FLOAT = "timestamp", "json", "bigint", "text", "double"
_BOOL, _DATE = "bool", "date"
_WINDOW = {"window_start": _TS, "window_end": _TS}


def _hints(types: dict[str, str]) -> dict[str, dict[str, Any]]:
    """dlt column hints from {column: type}; a fresh dict each, since dlt fills hints in place."""
    return {name: {"data_type": data_type} for name, data_type in types.items()}


# (method, path, primary key, columns): declared so all-null columns still exist, typed.
DIMENSIONS: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "spaces": (
        "GET",
        "/spaces",
        "id",
        {
            "id": _TEXT,
            "name": _TEXT,
            "space_type": _TEXT,
            "counting_mode": _TEXT,
            "function": _TEXT,
            "time_zone": _TEXT,
            "daily_reset": _TEXT,
            "capacity": _INT,
            "binary_occupancy": _BOOL,
            "children_ids": _JSON,
            "children": _JSON,
            "labels": _JSON,
            "address": _TEXT,
            "cost_per_sqft": _FLOAT,
            "size_area": _FLOAT,
            "iwms_id": _TEXT,
            "go_live_date_utc": _TS,
            "status": _TEXT,
        },
    ),
    "doorways": (
        "GET",
        "/doorways",
        "id",
        {
            "id": _TEXT,
            "name": _TEXT,
            "sensor_serial_number": _TEXT,
            "spaces": _JSON,
            "created_at": _TS,
            "updated_at": _TS,
        },
    ),
    "labels": (
        "GET",
        "/labels",
        "id",
        {
            "id": _TEXT,
            "name": _TEXT,
            "group": _JSON,
            "spaces": _JSON,
        },
    ),
    "sensors": (
        "POST",
        "/sensors",
        "serial_number",
        {
            "serial_number": _TEXT,
            "sensor_type": _TEXT,
            "hardware_type": _TEXT,
            "firmware_version": _TEXT,
            "location": _JSON,
            "network_addresses": _JSON,
            "created_at": _TS,
            "updated_at": _TS,
        },
    ),
}
METRIC_COLUMNS = {
    "space_id": _TEXT,
    "time_resolution": _TEXT,
    "timestamp": _TS,
    "local_timestamp": _TEXT,
    "occupancy_avg": _FLOAT,
    "occupancy_max": _INT,
    "occupancy_min": _INT,
    "utilization_avg": _FLOAT,
    "utilization_max": _FLOAT,
    "entrances": _INT,
    "exits": _INT,
    "time_used_raw": _INT,
    "time_used_percentage": _FLOAT,
    "is_capped": _BOOL,
    "capped_count_limit": _INT,
    "up_time": _FLOAT,
    **_WINDOW,
}
SESSION_COLUMNS = {
    "space_id": _TEXT,
    "start_time": _TS,
    "end_time": _TS,
    "start_time_local": _TEXT,
    "end_time_local": _TEXT,
    **_WINDOW,
}
HEALTH_COLUMNS = {"serial_number": _TEXT, "health_status": _TEXT, "timestamp": _TS, **_WINDOW}
DATA_STATUS_COLUMNS = {"floor_id": _TEXT, "date": _DATE, "data_status": _FLOAT, **_WINDOW}
SNAPSHOTS: dict[str, tuple[str, dict[str, str]]] = {
    "current_occupancy": (
        "/analytics/occupancy/current",
        {
            "space_id": _TEXT,
            "count": _INT,
            "timestamp": _TS,
            "is_capped": _BOOL,
            "capped_count_limit": _INT,
        },
    ),
    "presence_health": (
        "/analytics/presence-health",
        {
            "space_id": _TEXT,
            "presence": _BOOL,
            "health_status": _TEXT,
            "timestamp": _TS,
        },
    ),
    "current_sensor_health": (
        "/sensors/health/current",
        {
            "serial_number": _TEXT,
            "health_status": _TEXT,
            "last_status_change": _TS,
        },
    ),
}


def _stamp(records: list[dict], window: Window, **extra: Any) -> list[dict]:
    return [
        {**record, **extra, "window_start": window.start, "window_end": window.end}
        for record in records
    ]


def _instant(text: str) -> datetime:
    """A vendor timestamp with its offset as a UTC datetime (dlt coerces datetimes fastest)."""
    return datetime.fromisoformat(text).astimezone(UTC)


def _days_window(start_date: date, end_date: date) -> Window:
    """The run's calendar days in UTC: the window a dimension snapshot was taken for."""
    return Window(
        datetime.combine(start_date, time.min, UTC),
        datetime.combine(end_date + timedelta(days=1), time.min, UTC),
    )


def _dimension(name: str, client: VendorClient, window: Window) -> DltResource:
    method, path, primary_key, columns = DIMENSIONS[name]

    def records() -> Iterator[list[dict]]:
        yield _stamp(client.get(path) if method == "GET" else client.post(path, {}), window)

    return dlt.resource(
        records,
        name=name,
        primary_key=primary_key,
        write_disposition="merge",
        max_table_nesting=0,
        columns=_hints({**columns, **_WINDOW}),
    )


def _answers(client: VendorClient, requests: list[Request]) -> Iterator[tuple[Request, Any]]:
    for request in requests:
        yield request, client.post(request.path, request.body)


@dlt.transformer(
    name="metrics",
    primary_key=("space_id", "time_resolution", "timestamp"),
    write_disposition="merge",
    max_table_nesting=0,
    columns=_hints(METRIC_COLUMNS),
)
def metrics(
    spaces: list[dict], client: VendorClient, start_date: date, end_date: date
) -> Iterator[list[dict]]:
    """Hourly metrics: one row per space per local hour, as the vendor computed them."""
    for request, answer in _answers(client, analytics_requests(spaces, start_date, end_date)):
        for space_id, buckets in answer.items():
            rows = [
                {
                    **values,
                    "space_id": space_id,
                    "time_resolution": METRICS_RESOLUTION,
                    "timestamp": _instant(key),
                    "local_timestamp": key,
                }
                for key, values in buckets.items()
            ]
            yield _stamp(rows, request.window)


@dlt.transformer(
    name="raw_sessions",
    primary_key=("space_id", "start_time"),
    write_disposition="merge",
    columns=_hints(SESSION_COLUMNS),
)
def raw_sessions(
    spaces: list[dict], client: VendorClient, start_date: date, end_date: date
) -> Iterator[list[dict]]:
    """Occupied sessions: one row per session, in the window of the local day it started."""
    for request, answer in _answers(client, sessions_requests(spaces, start_date, end_date)):
        rows = [
            {**s, "start_time_local": s["start_time"], "end_time_local": s["end_time"]}
            for s in answer["sessions"]
        ]
        yield _stamp(rows, request.window)


@dlt.transformer(
    name="sensor_health",
    primary_key=("serial_number", "timestamp"),
    write_disposition="merge",
    columns=_hints(HEALTH_COLUMNS),
)
def sensor_health(
    spaces: list[dict], client: VendorClient, start_date: date, end_date: date
) -> Iterator[list[dict]]:
    """Sensor health changes: one row per sensor per status change."""
    for request, answer in _answers(client, health_requests(spaces, start_date, end_date)):
        rows = [
            {**change, "serial_number": serial}
            for serial, changes in answer.items()
            for change in changes
        ]
        yield _stamp(rows, request.window)


@dlt.transformer(
    name="data_status",
    primary_key=("floor_id", "date"),
    write_disposition="merge",
    columns=_hints(DATA_STATUS_COLUMNS),
)
def data_status(
    spaces: list[dict], client: VendorClient, start_date: date, end_date: date
) -> Iterator[list[dict]]:
    """How complete each open-area floor's data is: one row per floor per local day."""
    for request, answer in _answers(client, data_status_requests(spaces, start_date, end_date)):
        rows = [
            {**day, "floor_id": floor_id}
            for floor_id, status in answer.items()
            for day in status["daily"]
        ]
        yield _stamp(rows, request.window)


@dlt.source(name="density_v3")
def density_v3_source(
    client: VendorClient | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> tuple[DltResource, ...]:
    """Density v3 dimensions (snapshots) and hourly metrics, raw sessions, sensor health and
    floor data status for the local days [start_date, end_date]."""
    if start_date is not None and end_date is not None:
        check_day_range(start_date, end_date)
        window = _days_window(start_date, end_date)
    else:  # declared without a range (Dagster reads only the resource names): nothing is fetched
        window = Window(datetime.min.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC))
    dimensions = {name: _dimension(name, client, window) for name in DIMENSIONS}
    spaces = dimensions["spaces"]
    return (
        *dimensions.values(),
        *(
            spaces | fact(client, start_date, end_date)
            for fact in (metrics, raw_sessions, sensor_health, data_status)
        ),
    )


def _snapshot(name: str, client: VendorClient, captured_at: datetime) -> DltResource:
    path, columns = SNAPSHOTS[name]

    def records() -> Iterator[list[dict]]:
        answer = client.post(path, {})
        if isinstance(answer, dict) and "data" in answer:
            rows = answer["data"]
        else:
            rows = [{**values, "space_id": space_id} for space_id, values in answer.items()]
        yield [{**row, "captured_at": captured_at} for row in rows]

    return dlt.resource(
        records,
        name=name,
        write_disposition="append",
        max_table_nesting=0,
        columns=_hints({**columns, "captured_at": _TS}),
    )


@dlt.source(name="density_v3")
def density_v3_snapshots_source(
    client: VendorClient | None = None, captured_at: datetime | None = None
) -> tuple[DltResource, ...]:
    """Live state, appended with its capture time: current occupancy per space, health-aware
    presence per open area, current health per sensor."""
    captured_at = captured_at or datetime.now(UTC)
    return tuple(_snapshot(name, client, captured_at) for name in SNAPSHOTS)
