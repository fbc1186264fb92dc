"""dlt sources for Density v3: dimensions and facts over local days, and live snapshots.

Both sources are named `density_v3`, so they land in one raw schema; run the snapshots on their
own schedule. Every request comes from `pipelines.density_v3.planner`, so a run makes exactly the
requests `backfill_requests` plans (plus one per dimension, plus the halves of data-status windows
a per-period answer leaves below 1). `pipelines.density_v3.parse` reads each answer under every
reading the docs allow (docs/density_v3.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import dlt
from dlt.sources import DltResource

from pipelines.columns import TS, WINDOW, hints, stamp
from pipelines.density_v3.parse import (
    Obj,
    Where,
    floor_statuses,
    health_rows,
    metric_rows,
    session_rows,
)
from pipelines.density_v3.planner import (
    Request,
    StatusAsk,
    analytics_requests,
    data_status_asks,
    health_requests,
    resolve,
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
from pipelines.http import Unreadable, VendorClient
from pipelines.windows import Window, utc_days_window


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


def _where(request: Request) -> Where:
    """Where an answer came from: its path and the range it asked for, as sent."""
    return Where(request.path, f"{request.body['start_date']}..{request.body['end_date']}")


def _zones(spaces: list[dict]) -> dict[str, str]:
    """Each space's own time zone, the one its times without an offset are in."""
    return {s["id"]: s.get("time_zone") for s in spaces}


def _read(
    client: VendorClient, requests: list[Request], read: Callable[[object, Where], list[dict]]
) -> Iterator[list[dict]]:
    """Each answer read and stamped with its window; an unreadable one is recorded and skipped."""
    client.progress.plan(len(requests))
    for request in requests:
        answer = client.post(request.path, request.body, object_pairs_hook=Obj)
        client.progress.window_done()
        try:
            rows = read(answer, _where(request))
        except Unreadable as error:
            client.skip_unreadable(error)
            continue
        yield stamp(rows, request.window)


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
    zones = _zones(spaces)
    yield from _read(
        client,
        analytics_requests(spaces, start_date, end_date),
        lambda answer, where: metric_rows(answer, zones, METRICS_RESOLUTION, where),
    )


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
    zones = _zones(spaces)
    yield from _read(
        client,
        sessions_requests(spaces, start_date, end_date),
        lambda answer, where: session_rows(answer, zones, where),
    )


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
    yield from _read(client, health_requests(spaces, start_date, end_date), health_rows)


@dlt.transformer(
    name="data_status",
    primary_key=("floor_id", "date"),
    write_disposition="merge",
    columns=hints(DATA_STATUS_COLUMNS),
)
def data_status(
    spaces: list[dict], client: VendorClient, start_date: date, end_date: date
) -> Iterator[list[dict]]:
    """How complete each open-area floor's data is: one row per floor per local day, per-day
    answers as sent, per-period answers split until each incomplete day is known."""

    asks = data_status_asks(spaces, start_date, end_date)
    client.progress.plan(len(asks))
    asked = 0

    def answer(ask: StatusAsk) -> dict | None:
        nonlocal asked
        asked += 1
        if asked > len(asks):  # the half of a window a per-period answer left incomplete
            client.progress.plan()
        request = ask.request
        where = _where(request)
        try:
            sent = client.post(request.path, request.body)
            client.progress.window_done()
            statuses = floor_statuses(sent, where)
            if missing := [f for f in ask.floor_ids if f not in statuses]:
                raise where.unreadable(f"{missing[0]} (a floor asked for)", sorted(statuses))
        except Unreadable as error:
            client.skip_unreadable(error)
            return None
        return statuses

    for ask, rows in resolve(asks, answer):
        yield stamp(rows, ask.request.window)


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
