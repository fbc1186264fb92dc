"""Density v2 JSON shapes of the records: spaces, doorways, links, sensors, segments, events."""

import re

from simulator.world.model import (
    Doorway,
    Event,
    Link,
    Portfolio,
    Sensor,
    Space,
    TimeSegment,
    TimeSegmentGroup,
)
from simulator.world.timeutil import US_PER_MIN
from simulator.world.timeutil import format_iso as iso


def space_json(folio: Portfolio, space: Space, current_count: int) -> dict:
    """A space as `GET /spaces/` and `GET /spaces/:id/` return it."""
    segments = [s for s in folio.time_segments if s.id in space.time_segment_ids]
    groups = [
        g for g in folio.time_segment_groups if set(g.segment_ids) & set(space.time_segment_ids)
    ]
    return {
        "id": space.id,
        "name": space.name,
        "notes": "",
        "meta": None,
        "description": "",
        "parent_id": space.parent_id,
        "ancestry": [{"id": a.id, "name": a.name} for a in folio.ancestry(space.id)],
        "space_type": space.space_type,
        "function": space.function,
        "time_zone": space.time_zone,
        "daily_reset": space.daily_reset,
        "current_count": current_count,
        "capacity": space.capacity,
        "target_capacity": space.target_capacity,
        "safe_capacity": None,
        "safe_threshold_mode": None,
        "safe_threshold_value": None,
        "max_dwell_minutes": None,
        "doorways": [_doorway_link(folio.doorway(d), space.id) for d in space.doorway_ids],
        "tags": list(space.tags),
        "address": space.address,
        "latitude": None,
        "longitude": None,
        "counting_mode": "doorways",
        "component_spaces": [],
        "floor_level": space.floor_level,
        "space_mappings": [],
        "time_segments": [
            {"id": s.id, "name": s.label, "start": s.start, "end": s.end, "days": list(s.days)}
            for s in segments
        ],
        "time_segment_groups": [{"id": g.id, "name": g.name} for g in groups],
        "size_area": None,
        "size_area_unit": None,
        "annual_rent": None,
        "annual_rent_currency": "USD",
        "assigned_teams": [],
        "sensors_total": len(space.doorway_ids),
        "image_url": None,
        "created_at": iso(space.created_us),
        "updated_at": iso(space.created_us),
        "inherits_time_segments": False,
    }


def _doorway_link(doorway: Doorway, space_id: str) -> dict:
    link = next(k for k in doorway.links if k.space_id == space_id)
    return {
        "id": doorway.id,
        "name": doorway.name,
        "link_id": link.link_id,
        "sensor_placement": link.sensor_placement,
    }


def doorway_json(folio: Portfolio, doorway: Doorway) -> dict:
    """A doorway as `GET /doorways/` returns it."""
    return {
        "id": doorway.id,
        "name": doorway.name,
        "description": doorway.description,
        "sensor_serial_number": doorway.sensor_serial_number,
        "spaces": [
            {
                "id": link.space_id,
                "name": folio.space(link.space_id).name,
                "link_id": link.link_id,
                "sensor_placement": link.sensor_placement,
            }
            for link in doorway.links
        ],
        "tags": list(doorway.tags),
        "created_at": iso(doorway.created_us),
        "updated_at": iso(doorway.created_us),
        "multipoint": False,
    }


def link_json(folio: Portfolio, doorway: Doorway, link: Link) -> dict:
    """A doorway-to-space link as `GET /links/` returns it."""
    return {
        "id": link.link_id,
        "space_id": link.space_id,
        "space_name": folio.space(link.space_id).name,
        "doorway_id": doorway.id,
        "doorway_name": doorway.name,
        "sensor_placement": link.sensor_placement,
        "created_at": iso(doorway.created_us),
    }


def sensor_json(folio: Portfolio, sensor: Sensor, now_us: int) -> dict:
    """A sensor as `GET /sensors/` returns it; it last reported in the minute before now."""
    return {
        "uuid": sensor.uuid,
        "organization_id": folio.organization_id,
        "serial_number": sensor.serial_number,
        "doorway_id": sensor.doorway_id,
        "doorway_name": folio.doorway(sensor.doorway_id).name,
        "sensor_type": sensor.sensor_type,
        "status": sensor.status,
        "last_heartbeat": iso(now_us - now_us % US_PER_MIN),
        "current_disposition": "LIVE",
        "network_addresses": [
            {"if": "wlan0", "family": "ipv4", "mac": sensor.mac, "address": sensor.ip_address}
        ],
        "firmware_version": sensor.firmware_version,
        "created_at": iso(sensor.created_us),
        "updated_at": iso(sensor.created_us),
    }


def segment_json(folio: Portfolio, segment: TimeSegment) -> dict:
    """A time segment as `GET /time_segments/` returns it."""
    return {
        "id": segment.id,
        "label": segment.label,
        "start": segment.start,
        "end": segment.end,
        "spaces": [{"space_id": s, "name": folio.space(s).name} for s in segment.space_ids],
        "days": list(segment.days),
    }


def group_json(folio: Portfolio, group: TimeSegmentGroup) -> dict:
    """A time segment group as `GET /time_segment_groups/` returns it."""
    labels = {s.id: s.label for s in folio.time_segments}
    return {
        "id": group.id,
        "name": group.name,
        "time_segments": [{"time_segment_id": s, "name": labels[s]} for s in group.segment_ids],
    }


def event_json(event: Event) -> dict:
    """An event as `GET /spaces/:id/events/` returns it."""
    return {
        "id": event.id,
        "sensor_serial_number": event.sensor_serial_number,
        "doorway_id": event.doorway_id,
        "timestamp": iso(event.ts_us),
        "direction": event.direction,
    }


def sensor_event_json(event: Event, sensor_placement: int) -> dict:
    """A sensor event as `GET /sensors/:serial_number/events/` returns it: a trajectory, no space."""
    return {
        "id": event.id,
        "doorway_id": event.doorway_id,
        "sensor_serial_number": event.sensor_serial_number,
        "timestamp": iso(event.ts_us),
        "trajectory": event.direction * sensor_placement,
    }


_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))")


def space_separated(body):
    """A response body with every timestamp written with a space instead of the `T`."""
    if isinstance(body, dict):
        return {key: space_separated(value) for key, value in body.items()}
    if isinstance(body, list):
        return [space_separated(item) for item in body]
    if isinstance(body, str):
        return _TIMESTAMP.sub(r"\1 \2", body) if _TIMESTAMP.fullmatch(body) else body
    return body
