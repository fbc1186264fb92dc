"""Density v3 JSON shapes of the portfolio's records: spaces, doorways, labels, sensors."""

from simulator.density_v3.layout import FIRMWARE, V3_FUNCTIONS, Label, V3Sensor
from simulator.density_v3.occupancy import V3World
from simulator.world.model import Doorway, Space
from simulator.world.timeutil import from_us


def iso_z(us: int) -> str:
    """`YYYY-MM-DDTHH:MM:SSZ`, v3's UTC timestamp format."""
    return from_us(us).strftime("%Y-%m-%dT%H:%M:%SZ")


def _label_ref(label: Label) -> dict:
    return {
        "id": label.id,
        "name": label.name,
        "group": {"id": label.group_id, "name": label.group_name},
    }


def space_json(v3: V3World, space: Space) -> dict:
    """A space as `GET /spaces` returns it: the hierarchy through `children_ids`."""
    children = [v3.folio.space(c) for c in v3.folio.children_ids(space.id)]
    return {
        "address": space.address,
        "binary_occupancy": False,
        "capacity": space.capacity,
        "children": [{"id": c.id, "name": c.name, "space_type": c.space_type} for c in children],
        "children_ids": [c.id for c in children],
        "cost_per_sqft": None,
        "counting_mode": v3.mode(space),
        "daily_reset": space.daily_reset,
        "function": V3_FUNCTIONS.get(space.function, space.function),
        "go_live_date_utc": iso_z(space.created_us),
        "id": space.id,
        "iwms_id": None,
        "labels": [_label_ref(label) for label in v3.folio.labels_of(space)],
        "name": space.name,
        "size_area": None,
        "space_type": space.space_type,
        "status": "live",
        "time_zone": space.time_zone,
    }


def doorway_json(v3: V3World, doorway: Doorway) -> dict:
    """A doorway as `GET /doorways` returns it."""
    return {
        "id": doorway.id,
        "name": doorway.name,
        "sensor_serial_number": doorway.sensor_serial_number,
        "spaces": [
            {
                "id": k.space_id,
                "name": v3.folio.space(k.space_id).name,
                "sensor_placement": k.sensor_placement,
            }
            for k in doorway.links
        ],
        "created_at": iso_z(doorway.created_us),
        "updated_at": iso_z(doorway.created_us),
    }


def label_json(v3: V3World, label: Label, now_us: int) -> dict:
    """A label as `GET /labels` returns it, with the spaces that carry it."""
    spaces = [s for s in v3.folio.spaces if label.name in s.tags]
    return {
        **_label_ref(label),
        "spaces": [
            {
                "id": s.id,
                "name": s.name,
                "current_count": v3.live_count(s, now_us) if v3.mode(s) else None,
            }
            for s in spaces
        ],
    }


def label_groups_json(v3: V3World) -> list[dict]:
    """`GET /labels/groups`: each group and its labels."""
    groups: dict[str, dict] = {}
    for label in v3.folio.labels:
        group = groups.setdefault(
            label.group_id, {"id": label.group_id, "name": label.group_name, "labels": []}
        )
        group["labels"].append({"id": label.id, "name": label.name})
    return list(groups.values())


def sensor_json(v3: V3World, sensor: V3Sensor) -> dict:
    """A sensor as `POST /sensors` returns it, located in its buildings, floors and spaces."""
    chain = [s for sid in sensor.space_ids for s in [v3.folio.space(sid), *v3.folio.ancestry(sid)]]
    located = {
        kind: list(dict.fromkeys(s.id for s in chain if s.space_type == kind))
        for kind in ("building", "floor")
    }
    return {
        "created_at": iso_z(sensor.created_us),
        "firmware_version": FIRMWARE[sensor.sensor_type],
        "hardware_type": sensor.hardware_type,
        "location": {
            "building_ids": located["building"],
            "floor_ids": located["floor"],
            "space_ids": list(sensor.space_ids),
        },
        "network_addresses": [
            {"address": sensor.ip_address, "family": "ipv4", "if": "wlan0", "mac": sensor.mac}
        ],
        "sensor_type": sensor.sensor_type,
        "serial_number": sensor.serial_number,
        "updated_at": iso_z(sensor.created_us),
    }
