"""Density v2 account records: spaces (with their filters), doorways, links, sensors, tags, segments."""

from simulator.density_v2.render import (
    doorway_json,
    group_json,
    link_json,
    segment_json,
    sensor_json,
    space_json,
)
from simulator.density_v2.request import V2Request, found
from simulator.http.vendor_api import ApiError

SPACE_TYPES = ("space", "floor", "building", "campus")


def list_spaces(ctx: V2Request) -> dict:
    """`GET /spaces/`, optionally only those linked to `doorway_id`, tagged `tag`, of `space_type`."""
    spaces = ctx.folio.spaces
    if doorway_id := ctx.query.get("doorway_id"):
        spaces = [s for s in spaces if doorway_id in s.doorway_ids]
    if tag := ctx.query.get("tag"):
        spaces = [s for s in spaces if tag in s.tags]
    if space_type := ctx.query.get("space_type"):
        if space_type not in SPACE_TYPES:
            raise ApiError(400, f"space_type must be one of {', '.join(SPACE_TYPES)}.")
        spaces = [s for s in spaces if s.space_type == space_type]
    return ctx.page(spaces, lambda s: space_json(ctx.folio, s, ctx.current_count(s)))


def get_space(ctx: V2Request, space_id: str) -> dict:
    """`GET /spaces/:id/`."""
    space = ctx.space(space_id)
    return space_json(ctx.folio, space, ctx.current_count(space))


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


def list_links(ctx: V2Request) -> dict:
    """`GET /links/`: every doorway-to-space link of the account."""
    links = [(door, link) for door in ctx.folio.doorways for link in door.links]
    return ctx.page(links, lambda pair: link_json(ctx.folio, *pair))


def list_sensors(ctx: V2Request) -> dict:
    """`GET /sensors/`."""
    return ctx.page(ctx.folio.sensors, lambda s: sensor_json(ctx.folio, s, ctx.now_us))


def get_sensor(ctx: V2Request, serial: str) -> dict:
    """`GET /sensors/:serial_number/`."""
    return sensor_json(ctx.folio, ctx.sensor(serial), ctx.now_us)


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
    segment = found(ctx.folio.time_segments, lambda s: s.id == segment_id)
    return segment_json(ctx.folio, segment)


def list_time_segment_groups(ctx: V2Request) -> dict:
    """`GET /time_segment_groups/`."""
    return ctx.page(ctx.folio.time_segment_groups, lambda g: group_json(ctx.folio, g))


def get_time_segment_group(ctx: V2Request, group_id: str) -> dict:
    """`GET /time_segment_groups/:id/`."""
    return group_json(ctx.folio, found(ctx.folio.time_segment_groups, lambda g: g.id == group_id))
