"""v3 sensor health and the live endpoints: current occupancy, presence, short-term presence."""

from simulator.density_v3 import query as q
from simulator.density_v3.layout import ENTRY
from simulator.density_v3.occupancy import ONLINE
from simulator.density_v3.render import iso_z
from simulator.density_v3.request import V3Request
from simulator.world.model import Space
from simulator.world.timeutil import US_PER_MIN, US_PER_S


def sensor_health(ctx: V3Request) -> dict:
    """`POST /sensors/health`: each sensor's status changes in the range (at most 10 days)."""
    start_us, end_us = q.health_range(ctx.body)
    until = min(end_us + US_PER_S, max(start_us, ctx.now_us))  # no change after the present
    return {
        s.serial_number: [
            {"health_status": status, "timestamp": iso_z(t)}
            for t, status in ctx.v3.status_changes(s, start_us, until)
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
