"""The Density Public API v3 mount: 429 at the edge, OAuth, 401/403 auth, routing, JSON errors."""

import json
import re
from collections.abc import Callable, Collection

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from simulator.density_v3.analytics import analytics, data_status, raw_sessions
from simulator.density_v3.auth import OAuthIssuer
from simulator.density_v3.live import (
    current_health,
    current_occupancy,
    presence,
    presence_health,
    sensor_health,
    short_term,
)
from simulator.density_v3.metrics import ENDPOINT_FIELDS
from simulator.density_v3.occupancy import V3World
from simulator.density_v3.readings import dumps, has_pairs
from simulator.density_v3.render import (
    doorway_json,
    label_groups_json,
    label_json,
    sensor_json,
    space_json,
)
from simulator.density_v3.request import V3Request
from simulator.dialect import Dialect
from simulator.http.ratelimit import TokenBucket
from simulator.http.vendor_api import ApiError, Dispatch, relative_path

VERSION = "1.0.2"
HELLO = "Do… or do not. There is no try. - Yoda"
_BEARER = re.compile(r"Bearer (\S+)")
GET_ROUTES: dict[str, Callable[[V3Request], object]] = {
    "/spaces": lambda ctx: [
        space_json(ctx.v3, s)
        for s in ctx.v3.folio.spaces
        if "counting_mode" not in ctx.query or ctx.v3.mode(s) == ctx.query["counting_mode"]
    ],
    "/doorways": lambda ctx: [doorway_json(ctx.v3, d) for d in ctx.v3.folio.base.doorways],
    "/labels": lambda ctx: [label_json(ctx.v3, lb, ctx.now_us) for lb in ctx.v3.folio.labels],
    "/labels/groups": lambda ctx: label_groups_json(ctx.v3),
    "/hello-world": lambda ctx: HELLO,
    "/version": lambda ctx: VERSION,
}
POST_ROUTES: dict[str, Callable[[V3Request], object]] = {
    "/sensors": lambda ctx: [sensor_json(ctx.v3, s) for s in ctx.sensors()],
    "/sensors/health": sensor_health,
    "/sensors/health/current": current_health,
    **{f"/analytics/{name}": analytics(fields) for name, fields in ENDPOINT_FIELDS.items()},
    "/analytics/sessions/raw": raw_sessions,
    "/analytics/data-status": data_status,
    "/analytics/occupancy/current": current_occupancy,
    "/analytics/presence": presence,
    "/analytics/presence-health": presence_health,
    "/analytics/short-term": short_term,
}
TOKEN_PATH = "/oauth/token"


async def _json_body(request: Request) -> dict:
    raw = await request.body()
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise ApiError(400, "request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "request body must be a JSON object")
    return body


def _authorize(
    request: Request, tokens: Collection[str], denied: Collection[str], issuer: OAuthIssuer
) -> None:
    match = _BEARER.fullmatch(request.headers.get("authorization", ""))
    token = match.group(1) if match else None
    if token is None or not (token in tokens or token in denied or issuer.active(token)):
        raise ApiError(401, "unable to authorize the given bearer token")
    if token in denied:
        raise ApiError(403, "access to this api is not allowed")


def make_dispatch(
    v3: V3World,
    tokens: Collection[str],
    denied: Collection[str],
    issuer: OAuthIssuer,
    bucket: TokenBucket,
    dialect: Dialect,
) -> Dispatch:
    """The dispatcher of the v3 mount: 429 per client address, then auth, routing, JSON errors;
    `dialect` picks the reading of each open point the handlers answer with."""

    async def dispatch(request: Request, _shift_pages: bool) -> Response:
        try:
            host = request.client.host if request.client else "unknown"
            if (wait := bucket.acquire(host)) is not None:
                raise ApiError(
                    429,
                    f"rate limit exceeded: {bucket.rate:g} requests per second per IP "
                    f"with a burst of {bucket.burst}",
                    {"Retry-After": str(wait)},
                )
            path = relative_path(request.scope).rstrip("/") or "/"
            routes = {"GET": GET_ROUTES, "POST": POST_ROUTES}.get(request.method, {})
            if path not in GET_ROUTES and path not in POST_ROUTES and path != TOKEN_PATH:
                raise ApiError(404, "resource not found")
            if path == TOKEN_PATH and request.method == "POST":
                return JSONResponse(issuer.issue(await _json_body(request)))
            _authorize(request, tokens, denied, issuer)
            if path not in routes:
                raise ApiError(405, f"method {request.method} not allowed on {path}")
            body = await _json_body(request) if request.method == "POST" else {}
            ctx = V3Request(v3, body, dict(request.query_params), v3.world.now_us, dialect)
            result = await run_in_threadpool(routes[path], ctx)
            if isinstance(result, str):
                return PlainTextResponse(result)
            if has_pairs(result):  # repeated keys: JSON text written by hand
                return Response(dumps(result), media_type="application/json")
            return JSONResponse(result)
        except ApiError as error:
            return JSONResponse(
                {"code": error.status, "message": error.detail}, error.status, headers=error.headers
            )

    return dispatch
