"""The Density v2 contract (also served as Omnos): 403 auth, 429 rate limit, read endpoints."""

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from simulator.density_v2.analytics import (
    count_row,
    interval_bounds,
    interval_stats,
    metrics,
    parse_interval,
)
from simulator.density_v2.query import page_params, paginate, parse_descending, parse_range
from simulator.density_v2.render import (
    doorway_json,
    event_json,
    segment_json,
    sensor_json,
    space_json,
)
from simulator.dialect import Dialect
from simulator.http.ratelimit import FixedWindowLimiter
from simulator.http.vendor_api import ApiError, Dispatch, relative_path
from simulator.world.model import Portfolio, Space
from simulator.world.world import World

_BEARER = re.compile(r"Bearer (\S+)")


@dataclass(frozen=True)
class V2Request:
    """What a handler needs: the world, the caller's portfolio, the request and a fixed `now`."""

    world: World
    key: str
    folio: Portfolio
    request: Request
    query: Mapping[str, str]
    now_us: int
    shift: bool

    def space(self, space_id: str) -> Space:
        """The caller's space with this id, or 404."""
        try:
            return self.folio.space(space_id)
        except KeyError:
            raise ApiError(404, "Not found.") from None

    def page(self, items: list, render: Callable, **options) -> dict:
        """One page of `items`, rendered."""
        return paginate(self.request, items, render, shift=self.shift, **options)

    def current_count(self, space: Space) -> int:
        """The running count of a space now."""
        return self.world.count_at_us(self.key, space, self.now_us, self.now_us)


def list_spaces(ctx: V2Request) -> dict:
    """`GET /spaces/`, optionally only the spaces linked to `doorway_id`."""
    spaces = ctx.folio.spaces
    if doorway_id := ctx.query.get("doorway_id"):
        spaces = [s for s in spaces if doorway_id in s.doorway_ids]
    return ctx.page(spaces, lambda s: space_json(ctx.folio, s, ctx.current_count(s)))


def get_space(ctx: V2Request, space_id: str) -> dict:
    """`GET /spaces/:id/`."""
    space = ctx.space(space_id)
    return space_json(ctx.folio, space, ctx.current_count(space))


def space_counts(ctx: V2Request, space_id: str) -> dict:
    """`GET /spaces/:id/counts/`: samples per interval with analytics, plus request metrics."""
    space = ctx.space(space_id)
    start, end = parse_range(ctx.query)
    text = ctx.query.get("interval", "1h")
    try:
        interval = parse_interval(text)
    except ValueError:
        raise ApiError(
            400, f"interval must be one of 1m, 5m, 10m, 15m, 1h, 1d, 1w, 1M; got {text!r}."
        ) from None
    descending = parse_descending(ctx.query)
    page_params(ctx.query)
    bounds = interval_bounds(start, end, interval, ctx.now_us)
    stats = interval_stats(ctx.world, ctx.key, space, bounds, ctx.now_us)
    summary = metrics(stats, space)
    if descending:
        stats.reverse()
    return ctx.page(stats, lambda s: count_row(s, space), extra={"metrics": summary})


def space_events(ctx: V2Request, space_id: str) -> dict:
    """`GET /spaces/:id/events/`: entrances and exits, `end_time` defaulting to now."""
    space = ctx.space(space_id)
    start, end = parse_range(ctx.query, end_default=ctx.now_us)
    descending = parse_descending(ctx.query)
    page_params(ctx.query)
    events = ctx.world.visible_events_us(
        ctx.key, space, start, end, ctx.now_us, ctx.query.get("doorway_id") or None
    )
    if descending:
        events.reverse()
    return ctx.page(events, event_json)


def list_doorways(ctx: V2Request) -> dict:
    """`GET /doorways/` (its root says `count`), optionally only those of `space_id`."""
    doorways = ctx.folio.doorways
    if space_id := ctx.query.get("space_id"):
        doorways = [d for d in doorways if any(k.space_id == space_id for k in d.links)]
    return ctx.page(doorways, lambda d: doorway_json(ctx.folio, d), total_key="count")


def get_doorway(ctx: V2Request, doorway_id: str) -> dict:
    """`GET /doorways/:id/`."""
    try:
        return doorway_json(ctx.folio, ctx.folio.doorway(doorway_id))
    except KeyError:
        raise ApiError(404, "Not found.") from None


def list_sensors(ctx: V2Request) -> dict:
    """`GET /sensors/`."""
    return ctx.page(ctx.folio.sensors, lambda s: sensor_json(ctx.folio, s, ctx.now_us))


def get_sensor(ctx: V2Request, serial: str) -> dict:
    """`GET /sensors/:serial_number/`."""
    for sensor in ctx.folio.sensors:
        if sensor.serial_number == serial:
            return sensor_json(ctx.folio, sensor, ctx.now_us)
    raise ApiError(404, "Not found.")


def list_tags(ctx: V2Request) -> dict:
    """`GET /tags/`."""
    return ctx.page(ctx.folio.tags, lambda name: {"name": name})


def get_tag(ctx: V2Request, name: str) -> dict:
    """`GET /tags/:name/` (not paginated): the tagged spaces and doorways."""
    if name not in ctx.folio.tags:
        raise ApiError(404, "Not found.")
    return {
        "name": name,
        "spaces": [
            {"id": s.id, "name": s.name, "current_count": ctx.current_count(s)}
            for s in ctx.folio.spaces
            if name in s.tags
        ],
        "doorways": [{"id": d.id, "name": d.name} for d in ctx.folio.doorways if name in d.tags],
    }


def list_time_segments(ctx: V2Request) -> dict:
    """`GET /time_segments/`."""
    return ctx.page(ctx.folio.time_segments, lambda s: segment_json(ctx.folio, s))


def get_time_segment(ctx: V2Request, segment_id: str) -> dict:
    """`GET /time_segments/:id/`."""
    for segment in ctx.folio.time_segments:
        if segment.id == segment_id:
            return segment_json(ctx.folio, segment)
    raise ApiError(404, "Not found.")


ROUTES: list[tuple[re.Pattern, Callable[..., dict]]] = [
    (re.compile(pattern + "/?"), handler)
    for pattern, handler in (
        (r"/spaces", list_spaces),
        (r"/spaces/(?P<space_id>[^/]+)", get_space),
        (r"/spaces/(?P<space_id>[^/]+)/counts", space_counts),
        (r"/spaces/(?P<space_id>[^/]+)/events", space_events),
        (r"/doorways", list_doorways),
        (r"/doorways/(?P<doorway_id>[^/]+)", get_doorway),
        (r"/sensors", list_sensors),
        (r"/sensors/(?P<serial>[^/]+)", get_sensor),
        (r"/tags", list_tags),
        (r"/tags/(?P<name>[^/]+)", get_tag),
        (r"/time_segments", list_time_segments),
        (r"/time_segments/(?P<segment_id>[^/]+)", get_time_segment),
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
            )
            return JSONResponse(await run_in_threadpool(handler, ctx, **params))
        except ApiError as error:
            return JSONResponse({"detail": error.detail}, error.status, headers=error.headers)

    return dispatch
