"""The Density Public API v3: 429 at the edge, 401/403 auth, OAuth, resources and analytics."""

import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from simulator import density_v3_query as q
from simulator.density_v3_auth import OAuthIssuer, TokenBucket
from simulator.density_v3_layout import ENTRY, V3Sensor
from simulator.density_v3_metrics import (
    ENDPOINT_FIELDS,
    FIELD_GROUPS,
    QUALITY,
    cells,
    datum,
    local_iso,
)
from simulator.density_v3_occupancy import ONLINE, V3World
from simulator.density_v3_render import (
    doorway_json,
    iso_z,
    label_groups_json,
    label_json,
    sensor_json,
    space_json,
)
from simulator.model import Space
from simulator.timeutil import US_PER_MIN, US_PER_S, to_us, zone
from simulator.vendor_api import ApiError, Dispatch, relative_path

VERSION = "1.0.2"
HELLO = "Do… or do not. There is no try. - Yoda"
_BEARER = re.compile(r"Bearer (\S+)")


@dataclass(frozen=True)
class V3Request:
    """What a handler needs: the v3 world, the JSON body, the query and a fixed `now`."""

    v3: V3World
    body: dict
    query: dict
    now_us: int

    def spaces(self, name: str = "space_ids") -> list[Space]:
        """The requested spaces with sensors, parents flattened into their descendants."""
        requested = q.ids(self.body, name) or [s.id for s in self.v3.folio.spaces]
        found: dict[str, Space] = {}
        for space_id in requested:
            try:
                family = self.v3.folio.descendants(space_id)
            except KeyError:
                raise ApiError(404, f"space {space_id} not found") from None
            found.update((s.id, s) for s in family if self.v3.mode(s))
        return list(found.values())

    def sensors(self) -> list[V3Sensor]:
        """The sensors selected by serial_numbers or space_ids (all when neither is sent)."""
        serials, space_ids = q.sensor_filter(self.body)
        folio = self.v3.folio
        if serials:
            return [s for s in folio.sensors if s.serial_number in serials]
        if space_ids:
            wanted = set(space_ids)
            return [
                s
                for s in folio.sensors
                if any(wanted & {sid, *(a.id for a in folio.ancestry(sid))} for sid in s.space_ids)
            ]
        return list(folio.sensors)


def _instant(local: datetime, tz: str) -> int:
    return to_us(local.replace(tzinfo=zone(tz)))


def analytics(fields: tuple[str, ...]) -> Callable[[V3Request], dict]:
    """`POST /analytics/{metrics,occupancy,time-used,utilization}` with these fields."""

    def handler(ctx: V3Request) -> dict:
        start, end, resolution = q.analytics_range(ctx.body)
        hours = q.operating_hours(ctx.body)
        chosen = fields
        if fields == ENDPOINT_FIELDS["metrics"] and (names := q.ids(ctx.body, "metrics")):
            unknown = [n for n in names if n not in FIELD_GROUPS and n not in fields]
            if unknown:
                raise ApiError(400, f"unknown metrics {unknown}; use {', '.join(FIELD_GROUPS)}")
            picked = {f for n in names for f in FIELD_GROUPS.get(n, (n,))}
            chosen = tuple(f for f in fields if f in picked or f in QUALITY)
        result = {}
        for space in ctx.spaces():
            tz = space.time_zone
            start_us, end_us = _instant(start, tz), _instant(end, tz) + US_PER_S
            buckets = [
                (key, segments)
                for key, segments in cells(resolution, start_us, end_us, tz, hours)
                if segments[0][0] < ctx.now_us
            ]
            if not buckets:
                result[space.id] = {}
                continue
            first = min(seg[0] for _, segs in buckets for seg in segs)
            last = max(seg[1] for _, segs in buckets for seg in segs)
            series = ctx.v3.series(space, first, last, ctx.now_us)
            mode = ctx.v3.mode(space)
            result[space.id] = {
                key: {
                    f: v
                    for f, v in datum(series.measure(segs), space.capacity, mode).items()
                    if f in chosen
                }
                for key, segs in buckets
            }
        return result

    return handler


def raw_sessions(ctx: V3Request) -> dict:
    """`POST /analytics/sessions/raw`: settled sessions starting in the local range."""
    start, end = q.sessions_range(ctx.body)
    sessions = []
    for space in ctx.spaces():
        tz = space.time_zone
        found = ctx.v3.sessions(
            space, _instant(start, tz), _instant(end, tz) + US_PER_S, ctx.now_us
        )
        sessions += [
            {"space_id": space.id, "start_time": local_iso(a, tz), "end_time": local_iso(b, tz)}
            for a, b in found
        ]
    return {"sessions": sessions}


def data_status(ctx: V3Request) -> dict:
    """`POST /analytics/data-status`: the processed share of each floor, overall and by day."""
    start_us, end_us, floor_ids = q.data_status_request(ctx.body)
    end_us += US_PER_S  # end_date is inclusive
    result = {}
    for floor_id in floor_ids:
        try:
            floor = ctx.v3.folio.space(floor_id)
        except KeyError:
            raise ApiError(404, f"floor {floor_id} not found") from None
        if floor.space_type != "floor":
            raise ApiError(400, f"{floor_id} is a {floor.space_type}, not a floor")
        days = ctx.v3.data_status(floor, start_us, end_us, ctx.now_us)
        done = min(ctx.now_us, ctx.v3.processed_until(floor, ctx.now_us))
        result[floor_id] = {
            "data_status": round(min(1.0, max(0, done - start_us) / (end_us - start_us)), 4),
            "daily": [
                {"date": day.isoformat(), "data_status": round(share, 4)} for day, share in days
            ],
        }
    return result


def sensor_health(ctx: V3Request) -> dict:
    """`POST /sensors/health`: each sensor's status changes in the range (at most 10 days)."""
    start_us, end_us = q.health_range(ctx.body)
    return {
        s.serial_number: [
            {"health_status": status, "timestamp": iso_z(t)}
            for t, status in ctx.v3.status_changes(s, start_us, end_us + US_PER_S)
        ]
        for s in ctx.sensors()
    }


def current_health(ctx: V3Request) -> dict:
    """`POST /sensors/health/current`."""
    data = []
    for sensor in ctx.sensors():
        status, since = ctx.v3.status_at(sensor, ctx.now_us)
        data.append(
            {
                "health_status": status,
                "last_status_change": iso_z(since),
                "serial_number": sensor.serial_number,
            }
        )
    return {"data": data}


def _presence_spaces(ctx: V3Request) -> list[Space]:
    return [s for s in ctx.spaces() if ctx.v3.mode(s) not in (None, ENTRY)]


def current_occupancy(ctx: V3Request) -> dict:
    """`POST /analytics/occupancy/current`: entry counts, OA counts, Waffle counts capped at 3."""
    result = {}
    for space in ctx.spaces():
        count = ctx.v3.live_count(space, ctx.now_us)
        capped = ctx.v3.mode(space) == "waffle" and count is not None and count >= 3
        result[space.id] = {
            "count": count,
            "timestamp": iso_z(ctx.now_us),
            "is_capped": capped,
            "capped_count_limit": 3 if capped else None,
        }
    return result


def presence(ctx: V3Request) -> dict:
    """`POST /analytics/presence` (deprecated): an offline sensor looks like an empty space."""
    return {s.id: bool(ctx.v3.live_count(s, ctx.now_us)) for s in _presence_spaces(ctx)}


def presence_health(ctx: V3Request) -> dict:
    """`POST /analytics/presence-health`: presence, or null while the sensor is not online."""
    result = {}
    for space in _presence_spaces(ctx):
        status, _ = ctx.v3.status_at(ctx.v3.folio.sensor_of(space.id), ctx.now_us)
        count = ctx.v3.live_count(space, ctx.now_us)
        result[space.id] = {
            "presence": None if status not in ONLINE else bool(count),
            "health_status": status,
            "timestamp": iso_z(ctx.now_us),
        }
    return result


def short_term(ctx: V3Request) -> dict:
    """`POST /analytics/short-term`: presence per minute of open areas and of their floors."""
    minutes = q.lookback(ctx.body)
    areas = _presence_spaces(ctx)
    floors = list(dict.fromkeys(ctx.v3.folio.floor_of(a) for a in areas))
    if requested := q.ids(ctx.body, "space_ids"):
        floors = [f for f in floors if f.id in requested]
    minute = ctx.now_us - ctx.now_us % US_PER_MIN
    stamps = [minute - k * US_PER_MIN for k in range(minutes, -1, -1)]

    def metrics(members: list[Space]) -> list[dict]:
        return [
            {"presence": any(ctx.v3.live_count(a, t) for a in members), "timestamp": iso_z(t)}
            for t in stamps
        ]

    return {
        "data": [
            *(
                {
                    "space_id": f.id,
                    "metrics": metrics(
                        [
                            s
                            for s in ctx.v3.folio.descendants(f.id)
                            if ctx.v3.mode(s) not in (None, ENTRY)
                        ]
                    ),
                }
                for f in floors
            ),
            *({"space_id": a.id, "metrics": metrics([a])} for a in areas),
        ]
    }


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
) -> Dispatch:
    """The dispatcher of the v3 mount: 429 per client address, then auth, routing, JSON errors."""

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
            ctx = V3Request(v3, body, dict(request.query_params), v3.world.now_us)
            result = await run_in_threadpool(routes[path], ctx)
            if isinstance(result, str):
                return PlainTextResponse(result)
            return JSONResponse(result)
        except ApiError as error:
            return JSONResponse(
                {"code": error.status, "message": error.detail}, error.status, headers=error.headers
            )

    return dispatch
