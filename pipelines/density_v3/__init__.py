"""dlt sources for Density v3: dimensions and facts over local days, and live snapshots.

Both sources are named `density_v3`, so they land in one raw schema; run the snapshots on their
own schedule. Every request comes from `pipelines.density_v3.planner`, so a run makes exactly the
requests `backfill_requests` plans (plus one per dimension).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import dlt
from dlt.sources import DltResource

from pipelines.columns import TS, WINDOW, hints, stamp
from pipelines.density_v3.planner import (
    Request,
    analytics_requests,
    data_status_requests,
    health_requests,
    sessions_requests,
)
from pipelines.density_v3.settings import (
    DATA_STATUS_COLUMNS,
    DIMENSIONS,
    HEALTH_COLUMNS,
    METRIC_COLUMNS,
    METRICS_RESOLUTION,
    SESSION_COLUMNS,
    SNAPSHOTS,
)
from pipelines.http import VendorClient
from pipelines.windows import Window, utc_days_window


def _instant(text: str) -> datetime:
    """A vendor timestamp with its offset as a UTC datetime (dlt coerces datetimes fastest)."""
    return datetime.fromisoformat(text).astimezone(UTC)


def _dimension(name: str, client: VendorClient, window: Window) -> DltResource:
    method, path, primary_key, columns = DIMENSIONS[name]

    def records() -> Iterator[list[dict]]:
        yield stamp(client.get(path) if method == "GET" else client.post(path, {}), window)

    return dlt.resource(
        records,
        name=name,
        primary_key=primary_key,
        write_disposition="merge",
        max_table_nesting=0,
        columns=hints({**columns, **WINDOW}),
    )


def _answers(client: VendorClient, requests: list[Request]) -> Iterator[tuple[Request, Any]]:
    for request in requests:
        yield request, client.post(request.path, request.body)


@dlt.transformer(
    name="metrics",
    primary_key=("space_id", "time_resolution", "timestamp"),
    write_disposition="merge",
    max_table_nesting=0,
    columns=hints(METRIC_COLUMNS),
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
            yield stamp(rows, request.window)


@dlt.transformer(
    name="raw_sessions",
    primary_key=("space_id", "start_time"),
    write_disposition="merge",
    columns=hints(SESSION_COLUMNS),
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
        yield stamp(rows, request.window)


@dlt.transformer(
    name="sensor_health",
    primary_key=("serial_number", "timestamp"),
    write_disposition="merge",
    columns=hints(HEALTH_COLUMNS),
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
        yield stamp(rows, request.window)


@dlt.transformer(
    name="data_status",
    primary_key=("floor_id", "date"),
    write_disposition="merge",
    columns=hints(DATA_STATUS_COLUMNS),
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
        yield stamp(rows, request.window)


@dlt.source(name="density_v3")
def density_v3_source(
    client: VendorClient | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> tuple[DltResource, ...]:
    """Density v3 dimensions (snapshots) and hourly metrics, raw sessions, sensor health and
    floor data status for the local days [start_date, end_date]."""
    window = utc_days_window(start_date, end_date)
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
        columns=hints({**columns, "captured_at": TS}),
    )


@dlt.source(name="density_v3")
def density_v3_snapshots_source(
    client: VendorClient | None = None, captured_at: datetime | None = None
) -> tuple[DltResource, ...]:
    """Live state, appended with its capture time: current occupancy per space, health-aware
    presence per open area, current health per sensor."""
    captured_at = captured_at or datetime.now(UTC)
    return tuple(_snapshot(name, client, captured_at) for name in SNAPSHOTS)
