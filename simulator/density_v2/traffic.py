"""Density v2 traffic: space counts (optionally within time segments), space and sensor events."""

# Nothing happened in a space before its `created_at`, nor at a sensor before its own: events
# before it are never served, and count buckets before it are served with zero counts.

from simulator.density_v2.analytics import (
    count_row,
    interval_bounds,
    interval_stats,
    merge_pieces,
    metrics,
    parse_interval,
)
from simulator.density_v2.query import parse_descending, parse_range
from simulator.density_v2.render import event_json, sensor_event_json
from simulator.density_v2.request import V2Request
from simulator.density_v2.segments import bucket_pieces, chosen_segments, segment_windows
from simulator.http.vendor_api import ApiError


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
    ctx.check_page()
    segments = chosen_segments(ctx.folio, ctx.query)
    bounds = interval_bounds(start, end, interval, ctx.now_us)
    if segments is None:
        stats = interval_stats(ctx.world, ctx.key, space, bounds, ctx.now_us)
    else:
        windows = segment_windows(segments, space.time_zone, start, end) if bounds else []
        per_bucket = bucket_pieces(bounds, windows)
        flat = interval_stats(
            ctx.world, ctx.key, space, [p for ps in per_bucket for p in ps], ctx.now_us
        )
        stats = []
        for bucket, pieces in zip(bounds, per_bucket, strict=True):
            if pieces:
                stats.append(merge_pieces(bucket, flat[: len(pieces)]))
                flat = flat[len(pieces) :]
    summary = metrics(stats, space, ctx.dialect)
    if descending:
        stats.reverse()
    return ctx.page(stats, lambda s: count_row(s, space, ctx.dialect), extra={"metrics": summary})


def space_events(ctx: V2Request, space_id: str) -> dict:
    """`GET /spaces/:id/events/`: entrances and exits, `end_time` defaulting to now."""
    space = ctx.space(space_id)
    start, end = parse_range(ctx.query, end_default=ctx.now_us)
    descending = parse_descending(ctx.query)
    ctx.check_page()
    events = ctx.world.visible_events_us(
        ctx.key,
        space,
        max(start, space.created_us),
        end,
        ctx.now_us,
        ctx.query.get("doorway_id") or None,
    )
    if descending:
        events.reverse()
    return ctx.page(events, event_json)


def sensor_events(ctx: V2Request, serial: str) -> dict:
    """`GET /sensors/:serial_number/events/`: the crossings of its doorway, as trajectories."""
    sensor = ctx.sensor(serial)
    start, end = parse_range(ctx.query, end_default=ctx.now_us)
    descending = parse_descending(ctx.query)
    ctx.check_page()
    link = ctx.folio.doorway(sensor.doorway_id).links[0]
    space = ctx.folio.space(link.space_id)
    since = max(start, sensor.created_us, space.created_us)
    events = ctx.world.visible_events_us(ctx.key, space, since, end, ctx.now_us, sensor.doorway_id)
    if descending:
        events.reverse()
    return ctx.page(events, lambda e: sensor_event_json(e, link.sensor_placement))
