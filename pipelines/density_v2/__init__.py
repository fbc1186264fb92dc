"""dlt source for the Density v2 REST API; Omnos serves the same contract and reuses it by name."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from urllib.parse import quote

import dlt
from dlt.sources import DltResource

from pipelines.columns import WINDOW, hints, stamp
from pipelines.density_v2.arrow import count_pages, event_pages, keep_dlt_columns
from pipelines.density_v2.pages import listing, read_records
from pipelines.density_v2.planner import counts_windows, events_window
from pipelines.density_v2.records import dimension_record
from pipelines.density_v2.settings import (
    COUNT_COLUMNS,
    COUNTS_INTERVAL,
    DIMENSIONS,
    EVENT_COLUMNS,
    MAX_PAGE_SIZE,
    OPTIONAL_DIMENSIONS,
)
from pipelines.http import NotFound, VendorClient
from pipelines.windows import Window, iso_utc, utc_days_window

logger = logging.getLogger(__name__)


def _space_path(space_id: str, endpoint: str) -> str:
    return f"/spaces/{quote(space_id, safe='')}/{endpoint}/"


def _space_zone(space: dict) -> str:
    if not space.get("time_zone"):
        logger.warning("space %s has no time_zone; its days are read in UTC", space.get("id"))
        return "UTC"
    return space["time_zone"]


def _span(window: Window) -> str:
    return f"{iso_utc(window.start)}..{iso_utc(window.end)}"


def _rows(
    client: VendorClient,
    path: str,
    params: dict[str, Any] | None,
    page_size: int,
    window: Window,
    read: Callable[[dict], dict],
) -> Iterator[list[dict]]:
    """Each page's records read by `read`; a record it cannot read is left out and recorded
    (once per page) as Unreadable, the others of the page are kept."""
    for page in listing(client, path, params, page_size, _span(window)):
        yield read_records(client, path, _span(window), page.results, read)


def _dimension(name: str, client: VendorClient, window: Window, page_size: int) -> DltResource:
    path, primary_key, columns = DIMENSIONS[name]

    def pages() -> Iterator[list[dict]]:
        served = False
        try:
            for rows in _rows(client, path, None, page_size, window, dimension_record):
                served = True
                yield stamp(rows, window)
        except NotFound:
            if served or name not in OPTIONAL_DIMENSIONS:  # only a list never served is optional
                raise
            logger.warning(
                "%s has no GET %s (HTTP 404); its %s table keeps what it held",
                client.vendor,
                path,
                name,
            )

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
    """Hourly count samples per space and local day since its creation: one row per local hour;
    utilization as a share of capacity, timestamps in UTC (docs/density_v2.md); a page in the
    documented shape goes to dlt as one Arrow table (arrow.py)."""
    for space in spaces_page:
        zone = _space_zone(space)
        # spaces arrive read (dimension_record): created_at is an aware datetime or None
        created = space.get("created_at")
        windows = counts_windows(start_date, end_date, zone, COUNTS_INTERVAL, page_size, created)
        client.progress.plan(len(windows))
        for window in windows:
            params = {
                "start_time": iso_utc(window.start),
                "end_time": iso_utc(window.end),
                "interval": COUNTS_INTERVAL,
            }
            path = _space_path(space["id"], "counts")
            yield from count_pages(client, path, params, page_size, window, space)
            client.progress.window_done()


@dlt.transformer(
    name="events",
    primary_key=("space_id", "id"),
    write_disposition="merge",
    columns=hints(EVENT_COLUMNS),
)
def events(
    spaces_page: list[dict], client: VendorClient, start_date: date, end_date: date, page_size: int
) -> Iterator[list[dict]]:
    """Entrances (+1) and exits (-1) per space, from the last daily reset before the range (or
    the space's creation, if later); a page in the documented shape as one Arrow table."""
    for space in spaces_page:
        zone = _space_zone(space)
        window = events_window(
            start_date, end_date, zone, space.get("daily_reset"), space.get("created_at")
        )
        if window is None:
            continue
        client.progress.plan()
        params = {"start_time": iso_utc(window.start), "end_time": iso_utc(window.end)}
        path = _space_path(space["id"], "events")
        yield from event_pages(client, path, params, page_size, window, space["id"])
        client.progress.window_done()


@dlt.source(name="density_v2")
def density_v2_source(
    client: VendorClient | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    page_size: int = MAX_PAGE_SIZE,
) -> tuple[DltResource, ...]:
    """Density v2 dimensions (snapshots) and per-space hourly counts and events for local days;
    declared without a client or range, it only names its resources (Dagster reads them)."""
    keep_dlt_columns()
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
