"""Occuspace response handling: the {message, data} envelope, shapes, and per-location failures."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from pipelines.http import (
    MalformedResponse,
    NotFound,
    RateLimited,
    RequestRejected,
    TokenRejected,
    Unreadable,
    VendorClient,
    VendorError,
    VendorUnavailable,
)
from pipelines.occuspace.planner import LocationRequest
from pipelines.occuspace.readings import location_node, message_kind
from pipelines.occuspace.settings import DATA_KEYS, MAX_CONSECUTIVE_UNAVAILABLE

logger = logging.getLogger(__name__)

_OUTCOMES = {
    Unreadable: "unreadable",
    TokenRejected: "forbidden",
    NotFound: "not_found",
    VendorUnavailable: "unavailable",
    RateLimited: "rate_limited",
    MalformedResponse: "malformed",
    RequestRejected: "rejected",
}


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


def locations(client: VendorClient) -> tuple[str, list[dict]]:
    """The `/locations` message and nodes, ids as integers; a 401 here is a bad token and is
    raised; a node whose ids cannot be read is left out and recorded as Unreadable."""
    message, data = unwrap(client.get("/locations"), "/locations", client.vendor)
    if not isinstance(data, list) or not all(isinstance(n, dict) and "id" in n for n in data):
        raise MalformedResponse(
            f"{client.vendor} sent no location list for GET /locations.",
            vendor=client.vendor,
            status=200,
            method="GET",
            path="/locations",
        )
    nodes = []
    for node in data:
        try:
            nodes.append(location_node(node, client.vendor))
        except Unreadable as error:
            client.skip_unreadable(error)
    return message, nodes


def expect(path: str, vendor: str, key: str | None = None) -> Callable[[Any], Any]:
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


class Run:
    """One extraction's shared state: the client, forbidden locations, failures in a row."""

    def __init__(self, client: VendorClient) -> None:
        self.client = client
        self.forbidden: dict[int, str] = {}
        self.unavailable_in_a_row = 0
        self.messages: set[str] = set()  # discrepancies already logged in this run

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
                {**problem, "outcome": "forbidden", "http_status": 401, "error": error},
            )
        except VendorError as exc:
            if isinstance(exc, Unreadable):  # the run fails after the load, as for other vendors
                self.client.skip_unreadable(exc)
            kind = next((v for k, v in _OUTCOMES.items() if isinstance(exc, k)), "error")
            self.unavailable_in_a_row += kind in ("unavailable", "rate_limited")
            if self.unavailable_in_a_row >= MAX_CONSECUTIVE_UNAVAILABLE:
                raise
            error = f"{where}: {endpoint}{span} skipped: {exc}"
            logger.error("%s", error)
            return (
                None,
                None,
                {**problem, "outcome": kind, "http_status": exc.status, "error": error},
            )
        self.unavailable_in_a_row = 0
        self._surface(message, where)
        return message, parsed, None

    def _surface(self, message: str, where: str) -> None:
        """Log each discrepancy text once a run; every row keeps it as `vendor_message`."""
        if message_kind(message) == "discrepancy" and message not in self.messages:
            self.messages.add(message)
            logger.warning("%s (first of its kind) says: %s", where, message)

    def fetch(self, node: dict, request: LocationRequest) -> dict:
        """The outcome of one planned request: its rows and message, or why there are none."""
        vendor = self.client.vendor
        parse = expect(request.path, vendor, DATA_KEYS[request.endpoint])
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
            "message_kind": message_kind(message),
            "rows": rows or [],
        }


def date_window(start: date, end: date) -> dict[str, date]:
    return {"window_start": start, "window_end": end + timedelta(days=1)}


def fold(rows: list[dict]) -> Iterator[dict]:
    """Number repeats of a `normalizedTime` (the hour repeated when DST ends): 0, then 1."""
    seen: Counter[str] = Counter()
    for row in rows:
        yield {**row, "fold": seen[row.get("normalizedTime")]}
        seen[row.get("normalizedTime")] += 1
