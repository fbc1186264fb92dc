"""The Occuspace API v1 contract: bearer auth (401), `{"message", "data"}`, an HTML 404 page.

Where the documentation is silent or ambiguous, the simulator chooses:
- `/locations` lists every location of the account, including one a token may not read; asking
  for that location's data (or for an id the account does not have) answers 401, as the
  documentation's "inaccessible locations are requested" says. A non-integer id is a 400.
- Error bodies other than the 404 page are JSON `{"message": "..."}`; the 404 page is Express's
  default (`Cannot GET <path>`, `text/html`), also for methods other than GET. Authentication
  comes before routing, so a request without a valid token is 401 even on an unknown path.
- A range's `message` is "OK" or its discrepancies as sentences in day order (activation, then
  each day's outages and closures, then an incomplete present day).
- `start` and `end` are required on the range endpoints; both are inclusive local dates, and no
  longest range is documented, so none is enforced. There is no documented rate limit either.
- Ids (`id`, the parent id, `childCounts[].id`) are JSON numbers or strings, and the parent field
  is `parentID` (as documented) or `parentId`, per the dialect (simulator/dialect.py).
- `normalizedTime` is written `HH:MM:SS` as in the examples (the text says "HH-MM-SS").
- `hourly_occupancy` buckets samples by the local hour of day; on a day that repeats an hour (DST
  ends) the repeated hour is its own row, so one such day answers 25 rows, two with the same
  `normalizedTime`, in chronological order; a day that skips an hour answers 23.
- A parent's `earliestCount` is its earliest child's, and its counts are its children's sums; a
  child that is not active yet adds nothing and no message. Visitors and dwell times of a parent
  are those of its leaves' visits taken together.
"""

import html
import re
from collections.abc import Collection, Mapping
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from simulator.dialect import Dialect
from simulator.http.vendor_api import ApiError, Dispatch, relative_path
from simulator.occuspace.locations import Location
from simulator.occuspace.metrics import RANGE_ENDPOINTS, message, now
from simulator.occuspace.world import OccuspaceWorld
from simulator.world.world import World

_BEARER = re.compile(r"Bearer(?: (\S*))?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOCATION = re.compile(r"/locations/(?P<id>[^/]+)/(?P<endpoint>[a-z_]+)/?")
_NOT_FOUND_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
<pre>Cannot {method} {path}</pre>
</body>
</html>
"""


class NotFoundPage(Exception):
    """No such endpoint: answered with the HTML page of a Node Express server."""


def not_found_page(method: str, path: str) -> Response:
    """Express's default 404 answer."""
    body = _NOT_FOUND_PAGE.format(method=html.escape(method), path=html.escape(path))
    headers = {"Content-Security-Policy": "default-src 'none'", "X-Content-Type-Options": "nosniff"}
    return HTMLResponse(body, 404, headers=headers)


def _authenticate(request: Request, tokens: Collection[str]) -> str:
    header = request.headers.get("authorization")
    if header is None:
        raise ApiError(401, "Unauthorized: the Authorization header is missing.")
    match = _BEARER.fullmatch(header.strip())
    if not match or not match.group(1):
        raise ApiError(401, "Unauthorized: no token was provided in the Authorization header.")
    if match.group(1) not in tokens:
        raise ApiError(401, "Unauthorized: the token is invalid.")
    return match.group(1)


def _date(query: Mapping[str, str], name: str) -> date:
    text = query.get(name)
    if text is None:
        raise ApiError(400, f"Invalid arguments: `{name}` is required (YYYY-MM-DD).")
    problem = f"Invalid arguments: `{name}` must be a date in YYYY-MM-DD format, got {text!r}."
    if not _DATE.fullmatch(text):
        raise ApiError(400, problem)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, problem) from None


def _location_id(text: str, readable: set[int]) -> int:
    if not text.isdigit():
        raise ApiError(400, f"Invalid arguments: location id must be an integer, got {text!r}.")
    if int(text) not in readable:
        raise ApiError(401, f"Unauthorized: this token may not access location {text}.")
    return int(text)


def _ids(dialect: Dialect):
    """How the dialect writes a location id: a JSON number or a string."""
    return str if dialect.occuspace_ids == "string" else int


def _location_node(world: OccuspaceWorld, loc: Location, now_us: int, dialect: Dialect) -> dict:
    ident = _ids(dialect)
    return {
        "id": ident(loc.id),
        "name": loc.name,
        dialect.occuspace_parent: None if loc.parent_id is None else ident(loc.parent_id),
        "capacity": loc.capacity,
        "earliestCount": loc.earliest_count and loc.earliest_count.isoformat(),
        "isActive": world.is_active(loc.id, now_us),
    }


def answer(
    world: OccuspaceWorld,
    path: str,
    query: Mapping[str, str],
    readable: set[int],
    now_us: int,
    dialect: Dialect,
) -> dict:
    """The `{"message", "data"}` body of a GET on `path` (relative to `/v1`)."""
    if path.rstrip("/") == "/locations":
        data = [_location_node(world, loc, now_us, dialect) for loc in world.locations()]
        return {"message": "OK", "data": data}
    match = _LOCATION.fullmatch(path)
    endpoint = match and match.group("endpoint")
    if endpoint != "now" and endpoint not in RANGE_ENDPOINTS:
        raise NotFoundPage(path)
    loc = world.location(_location_id(match.group("id"), readable))
    if endpoint == "now":
        text, data = now(world, loc, now_us)
        ident = _ids(dialect)
        children = [{**c, "id": ident(c["id"])} for c in data["childCounts"] or ()]
        data = {**data, "id": ident(data["id"]), "childCounts": children or None}
        return {"message": text, "data": data}
    start, end = _date(query, "start"), _date(query, "end")
    if end < start:
        raise ApiError(400, f"Invalid arguments: `end` {end} is before `start` {start}.")
    data = RANGE_ENDPOINTS[endpoint](world, loc, start, end, now_us)
    return {"message": message(world, loc, start, end, now_us), "data": data}


def make_dispatch(
    clock: World,
    world: OccuspaceWorld,
    tokens: Collection[str],
    unreadable: Mapping[str, Collection[int]],
    dialect: Dialect,
) -> Dispatch:
    """The dispatcher of the Occuspace mount; `clock.now_us` is the simulated present."""
    every_id = {loc.id for loc in world.locations()}

    async def dispatch(request: Request, _shift_pages: bool) -> Response:
        try:
            token = _authenticate(request, tokens)
            if request.method != "GET":
                raise NotFoundPage(request.url.path)
            readable = every_id - set(unreadable.get(token, ()))
            body = await run_in_threadpool(
                answer,
                world,
                relative_path(request.scope),
                request.query_params,
                readable,
                clock.now_us,
                dialect,
            )
            return JSONResponse(body)
        except NotFoundPage:
            return not_found_page(request.method, request.url.path)
        except ApiError as error:
            return JSONResponse({"message": error.detail}, error.status, headers=error.headers)

    return dispatch
