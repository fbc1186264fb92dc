"""dlt source for the Density v2 REST API; Omnos serves the same contract and reuses it by name."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import quote

import dlt
from dlt.sources import DltResource

from pipelines.columns import WINDOW, hints, stamp
from pipelines.density_v2.planner import counts_windows, events_window
from pipelines.density_v2.settings import (
    COUNT_COLUMNS,
    COUNTS_INTERVAL,
    DIMENSIONS,
    EVENT_COLUMNS,
    MAX_PAGE_SIZE,
)
from pipelines.http import VendorClient
from pipelines.windows import Window, iso_utc, utc_days_window

logger = logging.getLogger(__name__)


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
            yield stamp(page["results"], window)

    return dlt.resource(
        pages,
        name=name,
        primary_key=primary_key,
        write_disposition="merge",
        max_table_nesting=0,
        columns=hints({**columns, **WINDOW}),
    )


@dlt.transformer(
    name="counts",
    primary_key=("space_id", "request_interval", "timestamp"),
    write_disposition="merge",
    columns=hints(COUNT_COLUMNS),
)
def counts(
    spaces_page: list[dict], client: VendorClient, start_date: date, end_date: date, page_size: int
) -> Iterator[list[dict]]:
    """Hourly count samples per space and local day: one row per space per local hour."""
    for space in spaces_page:
        windows = counts_windows(
            start_date, end_date, _space_zone(space), COUNTS_INTERVAL, page_size
        )
        for window in windows:
            params = {
                "start_time": iso_utc(window.start),
                "end_time": iso_utc(window.end),
                "interval": COUNTS_INTERVAL,
            }
            for page in client.paginate(_space_path(space["id"], "counts"), params, page_size):
                yield stamp(
                    page["results"], window, space_id=space["id"], request_interval=COUNTS_INTERVAL
                )


@dlt.transformer(
    name="events",
    primary_key=("space_id", "id"),
    write_disposition="merge",
    columns=hints(EVENT_COLUMNS),
)
def events(
    spaces_page: list[dict], client: VendorClient, start_date: date, end_date: date, page_size: int
) -> Iterator[list[dict]]:
    """Entrances (+1) and exits (-1) per space, from the last daily reset before the range."""
    for space in spaces_page:
        window = events_window(start_date, end_date, _space_zone(space), space.get("daily_reset"))
        params = {"start_time": iso_utc(window.start), "end_time": iso_utc(window.end)}
        for page in client.paginate(_space_path(space["id"], "events"), params, page_size):
            yield stamp(page["results"], window, space_id=space["id"])


@dlt.source(name="density_v2")
def density_v2_source(
    client: VendorClient | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    page_size: int = MAX_PAGE_SIZE,
) -> tuple[DltResource, ...]:
    """Density v2 dimensions (snapshots) and per-space hourly counts and events for local days;
    declared without a client or range, it only names its resources (Dagster reads them)."""
    window = utc_days_window(start_date, end_date)
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
