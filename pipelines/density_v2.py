"""dlt source for the Density v2 REST API; Omnos serves the same contract and reuses it by name."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

import dlt
from dlt.sources import DltResource

from pipelines.client import VendorClient
from pipelines.planner import (
    V2_MAX_PAGE_SIZE,
    Window,
    check_day_range,
    iso_utc,
    v2_counts_windows,
    v2_events_window,
)

logger = logging.getLogger(__name__)

COUNTS_INTERVAL = "1h"

_TS, _JSON, _INT, _TEXT, _FLOAT = "timestamp", "json", "bigint", "text", "double"
_WINDOW = {"window_start": _TS, "window_end": _TS}


def _hints(types: dict[str, str]) -> dict[str, dict[str, Any]]:
    """dlt column hints from {column: type}; a fresh dict each, since dlt fills hints in place."""
    return {name: {"data_type": data_type} for name, data_type in types.items()}


# Declared so a column that is null in every record of a load still exists with its real type.
DIMENSIONS: dict[str, tuple[str, str, dict[str, str]]] = {
    "spaces": (
        "/spaces/",
        "id",
        {
            "id": _TEXT,
            "name": _TEXT,
            "description": _TEXT,
            "notes": _TEXT,
            "parent_id": _TEXT,
            "space_type": _TEXT,
            "function": _TEXT,
            "time_zone": _TEXT,
            "daily_reset": _TEXT,
            "current_count": _INT,
            "capacity": _INT,
            "target_capacity": _INT,
            "counting_mode": _TEXT,
            "sensors_total": _INT,
            "created_at": _TS,
            "updated_at": _TS,
            "ancestry": _JSON,
            "doorways": _JSON,
            "tags": _JSON,
            "time_segments": _JSON,
            "meta": _JSON,
            "address": _TEXT,
            "latitude": _FLOAT,
            "longitude": _FLOAT,
            "floor_level": _INT,
            "image_url": _TEXT,
            "max_dwell_minutes": _INT,
            "safe_capacity": _INT,
            "safe_threshold_mode": _TEXT,
            "safe_threshold_value": _FLOAT,
            "size_area": _FLOAT,
            "size_area_unit": _TEXT,
            "annual_rent": _FLOAT,
        },
    ),
    "doorways": (
        "/doorways/",
        "id",
        {
            "id": _TEXT,
            "name": _TEXT,
            "description": _TEXT,
            "sensor_serial_number": _TEXT,
            "spaces": _JSON,
            "tags": _JSON,
            "created_at": _TS,
            "updated_at": _TS,
        },
    ),
    "sensors": (
        "/sensors/",
        "serial_number",
        {
            "serial_number": _TEXT,
            "uuid": _TEXT,
            "organization_id": _TEXT,
            "doorway_id": _TEXT,
            "doorway_name": _TEXT,
            "sensor_type": _TEXT,
            "status": _TEXT,
            "last_heartbeat": _TS,
            "current_disposition": _TEXT,
            "firmware_version": _TEXT,
            "network_addresses": _JSON,
            "created_at": _TS,
            "updated_at": _TS,
        },
    ),
    "tags": ("/tags/", "name", {"name": _TEXT}),
    "time_segments": (
        "/time_segments/",
        "id",
        {"id": _TEXT, "label": _TEXT, "start": _TEXT, "end": _TEXT, "days": _JSON, "spaces": _JSON},
    ),
}

COUNT_COLUMNS = {
    "space_id": _TEXT,
    "request_interval": _TEXT,
    "timestamp": _TS,
    "count": _INT,
    "interval__start": _TS,
    "interval__end": _TS,
    **{
        f"interval__analytics__{name}": _INT
        for name in ("min", "max", "events", "entrances", "exits")
    },
    **{
        f"interval__analytics__{name}": _FLOAT
        for name in ("utilization", "target_utilization", "entry_rate", "exit_rate")
    },
    **_WINDOW,
}
EVENT_COLUMNS = {
    "id": _TEXT,
    "space_id": _TEXT,
    "sensor_serial_number": _TEXT,
    "doorway_id": _TEXT,
    "timestamp": _TS,
    "direction": _INT,
    **_WINDOW,
}


def _stamp(records: list[dict], window: Window, **extra: Any) -> list[dict]:
    return [
        {**record, **extra, "window_start": window.start, "window_end": window.end}
        for record in records
    ]


def _days_window(start_date: date, end_date: date) -> Window:
    """The run's calendar days in UTC: the window a dimension snapshot was taken for."""
    return Window(
        datetime.combine(start_date, time.min, UTC),
        datetime.combine(end_date + timedelta(days=1), time.min, UTC),
    )


def _space_path(space_id: str, endpoint: str) -> str:
    return f"/spaces/{quote(space_id, safe='')}/{endpoint}/"


def _space_zone(space: dict) -> str:
    if not space.get("time_zone"):
        logger.warning("space %s has no time_zone; its days are read in UTC", space.get("id"))
        return "UTC"
    return space["time_zone"]


def _dimension(name: str, client: VendorClient, window: Window, page_size: int) -> DltResource:
    path, primary_key, columns = DIMENSIONS[name]

    def pages() -> Iterator[list[dict]]:
        for page in client.paginate(path, page_size=page_size):
            yield _stamp(page["results"], window)

    return dlt.resource(
        pages,
        name=name,
        primary_key=primary_key,
        write_disposition="merge",
        max_table_nesting=0,
        columns=_hints({**columns, **_WINDOW}),
    )


@dlt.transformer(
    name="counts",
    primary_key=("space_id", "request_interval", "timestamp"),
    write_disposition="merge",
    columns=_hints(COUNT_COLUMNS),
)
def counts(
    spaces_page: list[dict], client: VendorClient, start_date: date, end_date: date, page_size: int
) -> Iterator[list[dict]]:
    """Hourly count samples per space and local day: one row per space per local hour."""
    for space in spaces_page:
        windows = v2_counts_windows(
            start_date, end_date, _space_zone(space), COUNTS_INTERVAL, page_size
        )
        for window in windows:
            params = {
                "start_time": iso_utc(window.start),
                "end_time": iso_utc(window.end),
                "interval": COUNTS_INTERVAL,
            }
            for page in client.paginate(_space_path(space["id"], "counts"), params, page_size):
                yield _stamp(
                    page["results"], window, space_id=space["id"], request_interval=COUNTS_INTERVAL
                )


@dlt.transformer(
    name="events",
    primary_key=("space_id", "id"),
    write_disposition="merge",
    columns=_hints(EVENT_COLUMNS),
)
def events(
    spaces_page: list[dict], client: VendorClient, start_date: date, end_date: date, page_size: int
) -> Iterator[list[dict]]:
    """Entrances (+1) and exits (-1) per space, from the last daily reset before the range."""
    for space in spaces_page:
        window = v2_events_window(
            start_date, end_date, _space_zone(space), space.get("daily_reset")
        )
        params = {"start_time": iso_utc(window.start), "end_time": iso_utc(window.end)}
        for page in client.paginate(_space_path(space["id"], "events"), params, page_size):
            yield _stamp(page["results"], window, space_id=space["id"])


@dlt.source(name="density_v2")
def density_v2_source(
    client: VendorClient | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    page_size: int = V2_MAX_PAGE_SIZE,
) -> tuple[DltResource, ...]:
    """Density v2 dimensions (snapshots) and per-space hourly counts and events for local days."""
    if start_date is not None and end_date is not None:
        check_day_range(start_date, end_date)
        window = _days_window(start_date, end_date)
    else:  # declared without a range (Dagster reads only the resource names): nothing is fetched
        window = Window(datetime.min.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC))
    dimensions = {name: _dimension(name, client, window, page_size) for name in DIMENSIONS}
    spaces = dimensions["spaces"]
    return (
        *dimensions.values(),
        spaces | counts(client, start_date, end_date, page_size),
        spaces | events(client, start_date, end_date, page_size),
    )


def omnos_source(**kwargs: Any) -> Any:
    """Omnos: the Density v2 contract at the customer's base URL, landed in schema `omnos`."""
    return density_v2_source.with_args(name="omnos")(**kwargs)
