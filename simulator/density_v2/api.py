"""The Density v2 contract (also served as Omnos): 403 auth, 429 rate limit, read endpoints."""

import re
from collections.abc import Callable, Collection

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from simulator.density_v2 import records, traffic
from simulator.density_v2.render import space_separated
from simulator.density_v2.request import V2Request
from simulator.dialect import Dialect
from simulator.http.ratelimit import FixedWindowLimiter
from simulator.http.vendor_api import ApiError, Dispatch, relative_path
from simulator.world.world import World

_BEARER = re.compile(r"Bearer (\S+)")

ROUTES: list[tuple[re.Pattern, Callable[..., dict]]] = [
    (re.compile(pattern + "/?"), handler)
    for pattern, handler in (
        (r"/spaces", records.list_spaces),
        (r"/spaces/(?P<space_id>[^/]+)", records.get_space),
        (r"/spaces/(?P<space_id>[^/]+)/counts", traffic.space_counts),
        (r"/spaces/(?P<space_id>[^/]+)/events", traffic.space_events),
        (r"/doorways", records.list_doorways),
        (r"/doorways/(?P<doorway_id>[^/]+)", records.get_doorway),
        (r"/links", records.list_links),
        (r"/sensors", records.list_sensors),
        (r"/sensors/(?P<serial>[^/]+)", records.get_sensor),
        (r"/sensors/(?P<serial>[^/]+)/events", traffic.sensor_events),
        (r"/tags", records.list_tags),
        (r"/tags/(?P<name>[^/]+)", records.get_tag),
        (r"/time_segments", records.list_time_segments),
        (r"/time_segments/(?P<segment_id>[^/]+)", records.get_time_segment),
        (r"/time_segment_groups", records.list_time_segment_groups),
        (r"/time_segment_groups/(?P<group_id>[^/]+)", records.get_time_segment_group),
    )
]


def _authenticate(request: Request, tokens: Collection[str]) -> str:
    header = request.headers.get("authorization")
    if header is None:
        raise ApiError(403, "Authentication credentials were not provided.")
    match = _BEARER.fullmatch(header)
    if not match:
        raise ApiError(403, "Invalid token header. Expected 'Bearer <token>'.")
    if match.group(1) not in tokens:
        raise ApiError(403, "Invalid token.")
    return match.group(1)


def _route(path: str) -> tuple[Callable[..., dict], dict[str, str]]:
    for pattern, handler in ROUTES:
        if match := pattern.fullmatch(path):
            return handler, match.groupdict()
    raise ApiError(404, "Not found.")


def make_dispatch(
    world: World,
    portfolio: str,
    tokens: Collection[str],
    limiter: FixedWindowLimiter,
    dialect: Dialect,
) -> Dispatch:
    """The dispatcher of one v2 mount: auth (403), rate limit (429), routing, JSON errors."""

    async def dispatch(request: Request, shift_pages: bool) -> Response:
        try:
            token = _authenticate(request, tokens)
            wait = limiter.acquire(token)
            if wait is not None:
                raise ApiError(
                    429,
                    f"Request was throttled. Expected available in {wait} seconds.",
                    {"Retry-After": str(wait)},
                )
            handler, params = _route(relative_path(request.scope))
            if request.method != "GET":
                raise ApiError(405, f'Method "{request.method}" not allowed.')
            ctx = V2Request(
                world,
                portfolio,
                world.portfolio(portfolio),
                request,
                request.query_params,
                world.now_us,
                shift_pages,
                dialect,
            )
            body = await run_in_threadpool(handler, ctx, **params)
            if dialect.v2_timestamps == "space":
                body = space_separated(body)
            return JSONResponse(body)
        except ApiError as error:
            return JSONResponse({"detail": error.detail}, error.status, headers=error.headers)

    return dispatch
