"""The portfolios built from their specs: ids and records derived from the seed and the names."""

from datetime import UTC, datetime

from simulator.world.ids import make_id, make_uuid, stable_int
from simulator.world.model import (
    Doorway,
    Link,
    Portfolio,
    Sensor,
    Space,
    TimeSegment,
    TimeSegmentGroup,
)
from simulator.world.portfolios import PORTFOLIO_SPECS
from simulator.world.specs import PortfolioSpec, SpaceSpec
from simulator.world.timeutil import US_PER_DAY, US_PER_MS, to_us

DEFAULT_WEEKDAY_VISITS = {"campus": 0, "building": 170, "floor": 80, "space": 20}
_CREATED_FROM = to_us(datetime(2024, 3, 1, tzinfo=UTC))


def _created_us(seed: int, key: str, name: str) -> int:
    offset = stable_int(seed, key, name, "created") % (300 * US_PER_DAY)
    return _CREATED_FROM + offset - offset % US_PER_MS


def build_portfolio(seed: int, key: str, spec: PortfolioSpec | None = None) -> Portfolio:
    """Turn a portfolio spec (by default the fixed one of `key`) into records with ids derived
    from the seed and the names."""
    spec = spec or PORTFOLIO_SPECS[key]
    segment_ids = {s.label: make_id("tsm_", seed, key, s.label) for s in spec.segments}
    spaces: list[Space] = []
    doorways: list[Doorway] = []
    sensors: list[Sensor] = []

    def add(node: SpaceSpec, parent: Space | None) -> None:
        space_id = make_id("spc_", seed, key, node.name)
        door_ids = []
        for door in node.doors:
            door_id = make_id("drw_", seed, key, door.name)
            serial = make_id("Z", seed, key, door.name)
            door_ids.append(door_id)
            link = Link(space_id, make_id("lnk_", seed, key, door.name, node.name))
            doorways.append(
                Doorway(
                    door_id,
                    door.name,
                    f"{door.name} of {node.name}",
                    serial,
                    (link,),
                    door.tags,
                    _created_us(seed, key, door.name),
                )
            )
            bits = stable_int(seed, key, door.name, "net")
            sensors.append(
                Sensor(
                    serial,
                    make_uuid(seed, key, door.name),
                    door_id,
                    "s5",
                    "online",
                    "6966-35a94c6-shiny-tracking-engine-s5_1g-internal",
                    "88:3f:4a:" + ":".join(f"{(bits >> s) & 0xFF:02x}" for s in (0, 8, 16)),
                    f"192.168.{(bits >> 24) % 250 + 1}.{(bits >> 32) % 250 + 2}",
                    _created_us(seed, key, door.name),
                )
            )
        space = Space(
            id=space_id,
            name=node.name,
            parent_id=parent.id if parent else None,
            space_type=node.space_type,
            function=node.function,
            time_zone=node.time_zone or (parent.time_zone if parent else "UTC"),
            daily_reset=node.daily_reset,
            capacity=node.capacity,
            target_capacity=node.target_capacity,
            doorway_ids=tuple(door_ids),
            tags=node.tags,
            time_segment_ids=tuple(
                segment_ids[s.label] for s in spec.segments if node.name in s.space_names
            ),
            floor_level=node.floor_level,
            address=node.address,
            weekday_visits=(
                node.weekday_visits
                if node.weekday_visits is not None
                else DEFAULT_WEEKDAY_VISITS[node.space_type]
            ),
            created_us=_created_us(seed, key, node.name),
        )
        spaces.append(space)
        for child in node.children:
            add(child, space)

    for root in spec.roots:
        add(root, None)
    ids_by_name = {s.name: s.id for s in spaces}
    segments = [
        TimeSegment(
            segment_ids[s.label],
            s.label,
            s.start,
            s.end,
            s.days,
            tuple(ids_by_name[n] for n in s.space_names),
        )
        for s in spec.segments
    ]
    groups = [
        TimeSegmentGroup(
            make_id("tsg_", seed, key, g.name), g.name, tuple(segment_ids[n] for n in g.labels)
        )
        for g in spec.groups
    ]
    org = make_id("org_", seed, key)
    return Portfolio(key, org, spaces, doorways, sensors, segments, groups)
