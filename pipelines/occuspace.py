"""dlt sources for the Occuspace API v1: locations and daily/hourly facts, and `now` snapshots.

Every body is the `{"message", "data"}` envelope; anything else (an HTML page included) is a
MalformedResponse, never data. The `message` of each response travels on its rows as
`vendor_message`, and `request_outcomes` keeps one row per request (message or error), so a
discrepancy is kept even for a response without rows.

Failures of one location's request do not stop the others; each is one log line, one
`request_outcomes` row, and an entry in `problems` when the caller passes a list:
- 401 on a location: the token may not read it ("forbidden", WARNING); its remaining requests are
  skipped. A 401 on `/locations` itself is a bad token and fails the run.
- 404 (an HTML page), 5xx after the client's retries, a malformed body: that request is skipped
  (ERROR). dlt loads a run atomically, so failing the run would throw away every other
  location's data; instead the run loads what it got, rows loaded earlier stay (merge), and the
  caller fails the run *after* the load when `problems` holds anything but "forbidden" ones, so
  a retry fetches the gap. Only when the vendor keeps failing (MAX_CONSECUTIVE_UNAVAILABLE
  requests in a row) does the source give up and fail the run.

Stamps: `location_id`, `vendor_message`, and `window_start`/`window_end`, the request's local
dates half-open ([start, end + 1 day)): the API gives no time zone, so dates, not instants.
`hourly_occupancy` rows also get the day asked as `normalized_date` and a `fold`: 0, or 1 for the
second of two rows with the same `normalizedTime` (the hour repeated when DST ends).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import dlt
from dlt.sources import DltResource

from pipelines.client import VendorClient
from pipelines.errors import (
    MalformedResponse,
    NotFound,
    RateLimited,
    RequestRejected,
    TokenRejected,
    VendorError,
    VendorUnavailable,
)
from pipelines.planner import check_day_range
from pipelines.planner_occuspace import LocationRequest, parse_earliest_count, plan_location

logger = logging.getLogger(__name__)

MAX_CONSECUTIVE_UNAVAILABLE = 3
DATA_KEYS = {
    "daily_occupancy": "dailyOccupancy",
    "hourly_occupancy": "hourlyOccupancy",
    "daily_visitors": "dailyVisitors",
    "hourly_visitors": "hourlyVisitors",
    "daily_dwell_time": "dailyDwellTimes",
}
_OUTCOMES = {
    TokenRejected: "forbidden",
    NotFound: "not_found",
    VendorUnavailable: "unavailable",
    RateLimited: "rate_limited",
    MalformedResponse: "malformed",
    RequestRejected: "rejected",
}

_TS, _DATE, _TIME, _INT, _TEXT, _FLOAT = "timestamp", "date", "time", "bigint", "text", "double"
_WINDOW = {"window_start": _DATE, "window_end": _DATE}
_STAMP = {"location_id": _INT, "vendor_message": _TEXT, **_WINDOW}
_OCCUPANCY = {
    "avg_occupancy": _INT,
    "avg_percentage_occupied": _FLOAT,
    "peak_occupancy": _INT,
    "peak_percentage_occupied": _FLOAT,
}
_DAY = {"timestamp": _TS, "normalized_date": _DATE, "normalized_time": _TIME}
LOCATION_COLUMNS = {
    "id": _INT,
    "name": _TEXT,
    "parent_id": _INT,
    "capacity": _INT,
    "earliest_count": _DATE,
    "is_active": "bool",
    "vendor_message": _TEXT,
    **_WINDOW,
}
# table: (primary key, columns); declared so an all-null column still has its type.
FACTS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "daily_occupancy": (
        ("location_id", "normalized_date"),
        {**_OCCUPANCY, "timestamp": _TS, "normalized_date": _DATE, **_STAMP},
    ),
    "hourly_occupancy": (
        ("location_id", "normalized_date", "normalized_time", "fold"),
        {**_OCCUPANCY, "normalized_date": _DATE, "normalized_time": _TIME, "fold": _INT, **_STAMP},
    ),
    "daily_visitors": (("location_id", "normalized_date"), {"visitors": _INT, **_DAY, **_STAMP}),
    "hourly_visitors": (("location_id", "timestamp"), {"visitors": _INT, **_DAY, **_STAMP}),
    "daily_dwell_time": (
        ("location_id", "normalized_date"),
        {"avg_dwell_time": _INT, "peak_dwell_time": _INT, **_DAY, **_STAMP},
    ),
}
OUTCOME_COLUMNS = {
    "location_id": _INT,
    "location_name": _TEXT,
    "endpoint": _TEXT,
    "start_date": _DATE,
    "end_date": _DATE,
    "outcome": _TEXT,
    "http_status": _INT,
    "vendor_message": _TEXT,
    "error": _TEXT,
    **_WINDOW,
}
NOW_COLUMNS = {
    "id": _INT,
    "name": _TEXT,
    "count": _INT,
    "percentage": _FLOAT,
    "timestamp": _TS,
    "is_active": "bool",
    "child_counts": "json",
    "vendor_message": _TEXT,
    "captured_at": _TS,
}


def _hints(types: dict[str, str]) -> dict[str, dict[str, Any]]:
    """dlt column hints from {column: type}; a fresh dict each, since dlt fills hints in place."""
    return {name: {"data_type": data_type} for name, data_type in types.items()}


def unwrap(body: Any, path: str, vendor: str = "Occuspace") -> tuple[str, Any]:
    """The (message, data) of an Occuspace success body; MalformedResponse if it is not one."""
    if not isinstance(body, dict) or not isinstance(body.get("message"), str) or "data" not in body:
        raise MalformedResponse(
            f"{vendor} sent a body without the {{message, data}} envelope for GET {path}.",
            vendor=vendor,
            status=200,
            method="GET",
            path=path,
        )
    return body["message"], body["data"]


def _locations(client: VendorClient) -> tuple[str, list[dict]]:
    """The `/locations` message and nodes; a 401 here is a bad token and is raised."""
    message, data = unwrap(client.get("/locations"), "/locations", client.vendor)
    if not isinstance(data, list) or not all(isinstance(n, dict) and "id" in n for n in data):
        raise MalformedResponse(
            f"{client.vendor} sent no location list for GET /locations.",
            vendor=client.vendor,
            status=200,
            method="GET",
            path="/locations",
        )
    return message, data


def _expect(path: str, vendor: str, key: str | None = None) -> Callable[[Any], Any]:
    """A check of `data`: an object, or (with `key`) an object holding a list of objects."""

    def check(data: Any) -> Any:
        found = data.get(key) if key and isinstance(data, dict) else data
        if key is None and isinstance(found, dict):
            return found
        if key and isinstance(found, list) and all(isinstance(row, dict) for row in found):
            return found
        raise MalformedResponse(
            f"{vendor} sent no `{key or 'data'}` of the documented shape for GET {path}.",
            vendor=vendor,
            status=200,
            method="GET",
            path=path,
        )

    return check


class _Run:
    """One extraction's shared state: the client, forbidden locations, failures in a row."""

    def __init__(self, client: VendorClient, problems: list[dict] | None) -> None:
        self.client = client
        self.problems = problems
        self.forbidden: dict[int, str] = {}
        self.unavailable_in_a_row = 0

    def get(
        self,
        node: dict,
        endpoint: str,
        path: str,
        params: dict | None = None,
        span: str = "",
        parse: Callable[[Any], Any] = lambda data: data,
    ) -> tuple[str | None, Any, dict | None]:
        """(message, parsed data, None), or (None, None, problem) after logging and recording it."""
        location_id, vendor = int(node["id"]), self.client.vendor
        where = f"location {location_id} ({node.get('name')})"
        problem = {
            "location_id": location_id,
            "location_name": node.get("name"),
            "endpoint": endpoint,
        }
        if location_id in self.forbidden:  # reported once, at its 401
            return (
                None,
                None,
                {
                    **problem,
                    "outcome": "forbidden",
                    "http_status": None,
                    "error": self.forbidden[location_id],
                },
            )
        try:
            message, data = unwrap(self.client.get(path, params), path, vendor)
            parsed = parse(data)
        except TokenRejected:
            error = (
                f"{where} is not readable with this {vendor} token (HTTP 401 on {endpoint}); "
                "its data is skipped"
            )
            logger.warning("%s", error)
            self.forbidden[location_id] = error
            return (
                None,
                None,
                self._record(
                    {**problem, "outcome": "forbidden", "http_status": 401, "error": error}
                ),
            )
        except VendorError as exc:
            kind = next((v for k, v in _OUTCOMES.items() if isinstance(exc, k)), "error")
            self.unavailable_in_a_row += kind in ("unavailable", "rate_limited")
            if self.unavailable_in_a_row >= MAX_CONSECUTIVE_UNAVAILABLE:
                raise
            error = f"{where}: {endpoint}{span} skipped: {exc}"
            logger.error("%s", error)
            return (
                None,
                None,
                self._record(
                    {**problem, "outcome": kind, "http_status": exc.status, "error": error}
                ),
            )
        self.unavailable_in_a_row = 0
        return message, parsed, None

    def _record(self, problem: dict) -> dict:
        if self.problems is not None:
            self.problems.append(problem)
        return problem

    def fetch(self, node: dict, request: LocationRequest) -> dict:
        """The outcome of one planned request: its rows and message, or why there are none."""
        vendor = self.client.vendor
        parse = _expect(request.path, vendor, DATA_KEYS[request.endpoint])
        span = f" {request.start}..{request.end}"
        message, rows, problem = self.get(
            node, request.endpoint, request.path, request.params, span, parse
        )
        outcome = problem or {
            "location_id": int(node["id"]),
            "location_name": node.get("name"),
            "endpoint": request.endpoint,
            "outcome": "ok",
            "http_status": 200,
            "error": None,
        }
        return {
            **outcome,
            "start_date": request.start,
            "end_date": request.end,
            "vendor_message": message,
            "rows": rows or [],
        }


def _window(start: date, end: date) -> dict[str, date]:
    return {"window_start": start, "window_end": end + timedelta(days=1)}


def _fold(rows: list[dict]) -> Iterator[dict]:
    """Number repeats of a `normalizedTime` (the hour repeated when DST ends): 0, then 1."""
    seen: Counter[str] = Counter()
    for row in rows:
        yield {**row, "fold": seen[row.get("normalizedTime")]}
        seen[row.get("normalizedTime")] += 1


@dlt.transformer(name="responses")
def responses(nodes: list[dict], run: _Run, start_date: date, end_date: date) -> Iterator[dict]:
    """Every planned request of each location, in plan order (not a table: feeds the facts)."""
    for node in nodes:
        earliest = parse_earliest_count(node.get("earliestCount"))
        for request in plan_location(int(node["id"]), earliest, start_date, end_date):
            yield run.fetch(node, request)


def _fact(table: str) -> DltResource:
    primary_key, columns = FACTS[table]

    def rows(response: dict) -> Iterator[list[dict]]:
        if response["endpoint"] != table or not response["rows"]:
            return
        records = response["rows"]
        extra = {
            "location_id": response["location_id"],
            "vendor_message": response["vendor_message"],
            **_window(response["start_date"], response["end_date"]),
        }
        if table == "hourly_occupancy":
            extra["normalized_date"] = response["start_date"]
            records = list(_fold(records))
        yield [{**record, **extra} for record in records]

    return dlt.transformer(
        rows,
        name=table,
        primary_key=primary_key,
        write_disposition="merge",
        columns=_hints(columns),
    )


FACT_TRANSFORMERS = {table: _fact(table) for table in FACTS}


@dlt.transformer(
    name="request_outcomes",
    primary_key=("location_id", "endpoint", "start_date", "end_date"),
    write_disposition="merge",
    columns=_hints(OUTCOME_COLUMNS),
)
def request_outcomes(response: dict) -> Iterator[dict]:
    """One row per request: "ok" with the vendor's message, or why it has no data."""
    outcome = {k: v for k, v in response.items() if k != "rows"}
    yield {**outcome, **_window(response["start_date"], response["end_date"])}


@dlt.source(name="occuspace")
def occuspace_source(
    client: VendorClient | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    problems: list[dict] | None = None,
) -> tuple[DltResource, ...]:
    """Occuspace locations (dimension) and facts for local days; `problems` collects skips."""
    if start_date is not None and end_date is not None:
        check_day_range(start_date, end_date)

    def nodes() -> Iterator[list[dict]]:
        message, found = _locations(client)
        window = _window(start_date, end_date)
        yield [{**node, "vendor_message": message, **window} for node in found]

    locations = dlt.resource(
        nodes,
        name="locations",
        primary_key="id",
        write_disposition="merge",
        max_table_nesting=0,
        columns=_hints(LOCATION_COLUMNS),
    )
    fetched = locations | responses(_Run(client, problems), start_date, end_date)
    return (
        locations,
        *(fetched | fact() for fact in FACT_TRANSFORMERS.values()),
        fetched | request_outcomes(),
    )


@dlt.resource(
    name="now", write_disposition="append", max_table_nesting=0, columns=_hints(NOW_COLUMNS)
)
def now(client: VendorClient, problems: list[dict] | None = None) -> Iterator[dict]:
    """Each location's real-time count with its capture time (`captured_at`, UTC)."""
    run = _Run(client, problems)
    for node in _locations(client)[1]:
        captured_at = datetime.now(UTC)
        path = f"/locations/{int(node['id'])}/now"
        message, data, _ = run.get(node, "now", path, parse=_expect(path, client.vendor))
        if data is not None:
            yield {**data, "vendor_message": message, "captured_at": captured_at}


@dlt.source(name="occuspace")
def occuspace_snapshots_source(
    client: VendorClient | None = None, problems: list[dict] | None = None
) -> DltResource:
    """Occuspace real-time counts (append-only snapshots), for their own frequent schedule."""
    return now(client, problems)
