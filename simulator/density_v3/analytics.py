"""v3 range analytics: metrics, occupancy, time used, utilization, raw sessions, data status."""

from collections.abc import Callable
from datetime import datetime

from simulator.density_v3 import query as q
from simulator.density_v3.metrics import (
    ENDPOINT_FIELDS,
    FIELD_GROUPS,
    QUALITY,
    cells,
    datum,
)
from simulator.density_v3.readings import floor_status, keyed, local_time
from simulator.density_v3.request import V3Request
from simulator.http.vendor_api import ApiError
from simulator.world.timeutil import US_PER_S, to_us, zone


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
            values = {
                key: {
                    f: v
                    for f, v in datum(series.measure(segs), space.capacity, mode).items()
                    if f in chosen
                }
                for key, segs in buckets
            }
            result[space.id] = keyed(values, ctx.dialect.metrics_time)
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
            {
                "space_id": space.id,
                "start_time": local_time(a, tz, ctx.dialect.sessions_time),
                "end_time": local_time(b, tz, ctx.dialect.sessions_time),
            }
            for a, b in found
        ]
    return {"sessions": sessions}


def data_status(ctx: V3Request) -> dict:
    """`POST /analytics/data-status`: the processed share of each floor, overall (and by day)."""
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
        result[floor_id] = floor_status(
            round(min(1.0, max(0, done - start_us) / (end_us - start_us)), 4),
            [{"date": day.isoformat(), "data_status": round(share, 4)} for day, share in days],
            ctx.dialect.data_status,
        )
    return result
