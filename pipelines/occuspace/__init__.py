"""dlt sources for the Occuspace API v1: locations and daily/hourly facts, and `now` snapshots.

Every body is the `{"message", "data"}` envelope; anything else (an HTML page included) is a
MalformedResponse, never data. The `message` of each response travels on its rows as
`vendor_message`, and `request_outcomes` keeps one row per request (message, its `message_kind`:
'ok' for the documented "OK", else 'discrepancy', or error), so a discrepancy is kept even for a
response without rows; each distinct discrepancy text is logged once a run (WARNING).
Ids and parent ids come as JSON numbers or strings, the parent as `parentID` or `parentId`: they
are stored as integers under one name (pipelines/occuspace/readings.py); an id in neither
reading is Unreadable (`client.skip_unreadable`): that node or answer is left out, the run fails
after loading the rest.

Failures of one location's request do not stop the others; each is one log line, one
`request_outcomes` row (which an asset check reads):
- 401 on a location: the token may not read it ("forbidden", WARNING); its remaining requests are
  skipped. A 401 on `/locations` itself is a bad token and fails the run.
- 404 (an HTML page), 5xx after the client's retries, a malformed body: that request is skipped
  (ERROR). dlt loads a run atomically, so failing the run would throw away every other
  location's data; instead the run loads what it got, rows loaded earlier stay (merge), and the
  check on `request_outcomes` fails the run *after* the load, so a retry fetches the gap. Only
  when the vendor keeps failing (`MAX_CONSECUTIVE_UNAVAILABLE` requests in a row) does the
  source give up and fail the run.

Stamps: `location_id`, `vendor_message`, and `window_start`/`window_end`, the request's local
dates half-open ([start, end + 1 day)): the API gives no time zone, so dates, not instants.
`hourly_occupancy` rows also get the day asked as `normalized_date` and a `fold`: 0, or 1 for the
second of two rows with the same `normalizedTime` (the hour repeated when DST ends).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import dlt
from dlt.sources import DltResource

from pipelines.columns import hints
from pipelines.http import VendorClient
from pipelines.occuspace.helpers import Run, date_window, expect, fold, locations
from pipelines.occuspace.planner import parse_earliest_count, plan_location
from pipelines.occuspace.readings import now_reading
from pipelines.occuspace.settings import (
    FACTS,
    LOCATION_COLUMNS,
    NOW_COLUMNS,
    OUTCOME_COLUMNS,
)


@dlt.transformer(name="responses")
def responses(nodes: list[dict], run: Run, start_date: date, end_date: date) -> Iterator[dict]:
    """Every planned request of each location, in plan order (not a table: feeds the facts)."""
    for node in nodes:
        earliest = parse_earliest_count(node.get("earliestCount"))
        requests = plan_location(int(node["id"]), earliest, start_date, end_date)
        run.client.progress.plan(len(requests))
        for request in requests:
            yield run.fetch(node, request)
            run.client.progress.window_done()


def _fact(table: str) -> DltResource:
    primary_key, columns = FACTS[table]

    def rows(response: dict) -> Iterator[list[dict]]:
        if response["endpoint"] != table or not response["rows"]:
            return
        records = response["rows"]
        extra = {
            "location_id": response["location_id"],
            "vendor_message": response["vendor_message"],
            **date_window(response["start_date"], response["end_date"]),
        }
        if table == "hourly_occupancy":
            extra["normalized_date"] = response["start_date"]
            records = list(fold(records))
        yield [{**record, **extra} for record in records]

    return dlt.transformer(
        rows,
        name=table,
        primary_key=primary_key,
        write_disposition="merge",
        columns=hints(columns),
    )


FACT_TRANSFORMERS = {table: _fact(table) for table in FACTS}


@dlt.transformer(
    name="request_outcomes",
    primary_key=("location_id", "endpoint", "start_date", "end_date"),
    write_disposition="merge",
    columns=hints(OUTCOME_COLUMNS),
)
def request_outcomes(response: dict) -> Iterator[dict]:
    """One row per request: "ok" with the vendor's message, or why it has no data."""
    outcome = {k: v for k, v in response.items() if k != "rows"}
    yield {**outcome, **date_window(response["start_date"], response["end_date"])}


@dlt.source(name="occuspace")
def occuspace_source(
    client: VendorClient | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> tuple[DltResource, ...]:
    """Occuspace locations (dimension), facts for local days and one outcome row per request."""

    def nodes() -> Iterator[list[dict]]:
        message, found = locations(client)
        window = date_window(start_date, end_date)
        yield [{**node, "vendor_message": message, **window} for node in found]

    location_nodes = dlt.resource(
        nodes,
        name="locations",
        primary_key="id",
        write_disposition="merge",
        max_table_nesting=0,
        columns=hints(LOCATION_COLUMNS),
    )
    fetched = location_nodes | responses(Run(client), start_date, end_date)
    return (
        location_nodes,
        *(fetched | fact() for fact in FACT_TRANSFORMERS.values()),
        fetched | request_outcomes(),
    )


def _read_now(path: str, vendor: str) -> Callable[[Any], dict]:
    """The `/now` data checked to be an object, its ids read as integers."""
    check = expect(path, vendor)
    return lambda data: now_reading(check(data), path, vendor)


@dlt.resource(
    name="now", write_disposition="append", max_table_nesting=0, columns=hints(NOW_COLUMNS)
)
def now(client: VendorClient) -> Iterator[dict]:
    """Each location's real-time count with its capture time (`captured_at`, UTC); a location
    that could not be read gets a row too, with its `outcome` and `error` and no count."""
    run = Run(client)
    for node in locations(client)[1]:
        captured_at = datetime.now(UTC)
        path = f"/locations/{int(node['id'])}/now"
        message, data, problem = run.get(node, "now", path, parse=_read_now(path, client.vendor))
        if problem is not None:
            yield {
                "id": problem["location_id"],
                "name": problem["location_name"],
                "outcome": problem["outcome"],
                "error": problem["error"],
                "captured_at": captured_at,
            }
        else:
            row = {**data, "vendor_message": message, "outcome": "ok", "error": None}
            yield {**row, "captured_at": captured_at}


@dlt.source(name="occuspace")
def occuspace_snapshots_source(client: VendorClient | None = None) -> DltResource:
    """Occuspace real-time counts (append-only snapshots), for their own frequent schedule."""
    return now(client)
