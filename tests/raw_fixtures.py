"""Raw tables of the Density v2 contract, as dlt lands them, for tests of the dbt project.

`write_v2_raw_tables` creates the schema of one source (density_v2 or omnos) with the tables
described in the raw-table contract and a small world whose numbers can be checked by hand:

- a New York tree (campus > building > floor > Conference Room A and Cafe) and a Bengaluru
  building with a Focus Room (Asia/Kolkata, a half-hour zone);
- two local days, 2024-11-02 and 2024-11-03 (New York falls back on the 3rd: 25 hours);
- events for the three rooms, and hourly counts computed from those events the way the vendor
  does (the running count since the last daily reset), except for one deliberate disagreement.

`ensure_source_absent` leaves a source the way a vendor without credentials leaves it: no schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

UTC = ZoneInfo("UTC")
NEW_YORK = "America/New_York"
KOLKATA = "Asia/Kolkata"
LOCAL_DAYS = (date(2024, 11, 2), date(2024, 11, 3))
LOAD_ID = "1730764800.000000"


@dataclass(frozen=True)
class Space:
    id: str
    name: str
    space_type: str
    parent_id: str | None
    time_zone: str
    capacity: int | None
    daily_reset: str | None = None
    function: str | None = None
    doorway_id: str | None = None


SPACES = (
    Space("spc_100", "Riverside Campus", "campus", None, NEW_YORK, None),
    Space("spc_110", "HQ", "building", "spc_100", NEW_YORK, 400),
    Space("spc_111", "HQ Floor 1", "floor", "spc_110", NEW_YORK, 120),
    Space(
        "spc_1111",
        "Conference Room A",
        "space",
        "spc_111",
        NEW_YORK,
        12,
        function="conference_room",
        doorway_id="drw_1",
    ),
    Space(
        "spc_1112",
        "Cafe",
        "space",
        "spc_111",
        NEW_YORK,
        0,
        daily_reset="13:30",
        function="cafe",
        doorway_id="drw_2",
    ),
    Space("spc_200", "Bengaluru Office", "building", None, KOLKATA, 80),
    Space(
        "spc_2001",
        "Focus Room",
        "space",
        "spc_200",
        KOLKATA,
        None,
        function="focus_quiet",
        doorway_id="drw_3",
    ),
)
SPACES_BY_ID = {space.id: space for space in SPACES}
COUNTED_SPACE_IDS = ("spc_1111", "spc_1112", "spc_2001")


def _local(space_id: str, text: str) -> datetime:
    zone = ZoneInfo(SPACES_BY_ID[space_id].time_zone)
    return datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(UTC)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# (space id, instant, direction)
EVENTS = (
    # Conference Room A: a late stay the evening before, counted until the 04:00 reset
    ("spc_1111", _local("spc_1111", "2024-11-01 22:00"), 1),
    ("spc_1111", _local("spc_1111", "2024-11-02 09:10"), 1),
    ("spc_1111", _local("spc_1111", "2024-11-02 09:20"), 1),
    ("spc_1111", _local("spc_1111", "2024-11-02 09:40"), -1),
    ("spc_1111", _local("spc_1111", "2024-11-02 10:15"), -1),
    ("spc_1111", _local("spc_1111", "2024-11-02 14:00"), 1),
    ("spc_1111", _local("spc_1111", "2024-11-02 14:30"), -1),
    # the two 01:00 hours of the fall-back night (EDT, then EST)
    ("spc_1111", _utc("2024-11-03 05:30"), 1),
    ("spc_1111", _utc("2024-11-03 06:45"), -1),
    ("spc_1111", _local("spc_1111", "2024-11-03 10:05"), 1),
    ("spc_1111", _local("spc_1111", "2024-11-03 10:20"), 1),
    ("spc_1111", _local("spc_1111", "2024-11-03 10:50"), -1),
    ("spc_1111", _local("spc_1111", "2024-11-03 10:55"), -1),
    # Cafe: two people still in at its 13:30 reset; an exit nobody entered for
    ("spc_1112", _local("spc_1112", "2024-11-02 12:50"), 1),
    ("spc_1112", _local("spc_1112", "2024-11-02 12:55"), 1),
    # Cafe 14:00 EDT, the hour Conference Room A holds one person until 14:30: the two rooms
    # peak at different moments (their floor's concurrent peak is 2, their peaks add up to 3)
    ("spc_1112", _local("spc_1112", "2024-11-02 14:20"), 1),
    ("spc_1112", _local("spc_1112", "2024-11-02 14:35"), 1),
    ("spc_1112", _local("spc_1112", "2024-11-02 14:45"), -1),
    ("spc_1112", _local("spc_1112", "2024-11-02 14:50"), -1),
    ("spc_1112", _local("spc_1112", "2024-11-03 15:05"), -1),
    ("spc_1112", _local("spc_1112", "2024-11-03 15:30"), 1),
    # Focus Room
    ("spc_2001", _local("spc_2001", "2024-11-02 10:15"), 1),
    ("spc_2001", _local("spc_2001", "2024-11-02 11:45"), -1),
)

# The vendor's counts disagree with its events once: one entrance more at 10:00 local on the 3rd.
COUNT_MISMATCH = ("spc_1111", _local("spc_1111", "2024-11-03 10:00"), 3)

DDL = {
    "spaces": """
        id VARCHAR, name VARCHAR, description VARCHAR, notes VARCHAR, parent_id VARCHAR,
        space_type VARCHAR, "function" VARCHAR, time_zone VARCHAR, daily_reset VARCHAR,
        current_count BIGINT, capacity BIGINT, target_capacity BIGINT, counting_mode VARCHAR,
        sensors_total BIGINT, created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ, ancestry JSON,
        doorways JSON, tags JSON, time_segments JSON, meta JSON""",
    "doorways": """
        id VARCHAR, name VARCHAR, description VARCHAR, sensor_serial_number VARCHAR,
        spaces JSON, tags JSON, created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ""",
    "sensors": """
        serial_number VARCHAR, uuid VARCHAR, organization_id VARCHAR, doorway_id VARCHAR,
        doorway_name VARCHAR, sensor_type VARCHAR, status VARCHAR, last_heartbeat TIMESTAMPTZ,
        current_disposition VARCHAR, firmware_version VARCHAR, network_addresses JSON,
        created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ""",
    "tags": "name VARCHAR",
    "time_segments": """
        id VARCHAR, label VARCHAR, start VARCHAR, "end" VARCHAR, days JSON, spaces JSON""",
    "counts": """
        space_id VARCHAR, request_interval VARCHAR, "timestamp" TIMESTAMPTZ, count BIGINT,
        interval__start TIMESTAMPTZ, interval__end TIMESTAMPTZ,
        interval__analytics__min BIGINT, interval__analytics__max BIGINT,
        interval__analytics__events BIGINT, interval__analytics__entrances BIGINT,
        interval__analytics__exits BIGINT, interval__analytics__utilization DOUBLE,
        interval__analytics__target_utilization DOUBLE, interval__analytics__entry_rate DOUBLE,
        interval__analytics__exit_rate DOUBLE""",
    "events": """
        id VARCHAR, space_id VARCHAR, sensor_serial_number VARCHAR, doorway_id VARCHAR,
        "timestamp" TIMESTAMPTZ, direction BIGINT""",
}
DLT_COLUMNS = """, window_start TIMESTAMPTZ, window_end TIMESTAMPTZ,
    _dlt_load_id VARCHAR, _dlt_id VARCHAR"""


def local_midnight_utc(time_zone: str, day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


def local_hours_utc(time_zone: str, day: date) -> list[datetime]:
    """The UTC starts of the local hours of one local day (23, 24 or 25 of them)."""
    start = local_midnight_utc(time_zone, day)
    end = local_midnight_utc(time_zone, day + timedelta(days=1))
    return [start + timedelta(hours=i) for i in range((end - start) // timedelta(hours=1))]


def reset_instants_utc(space: Space, first: date, last: date) -> list[datetime]:
    reset = time.fromisoformat(space.daily_reset or "04:00")
    zone = ZoneInfo(space.time_zone)
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [datetime.combine(day, reset, tzinfo=zone).astimezone(UTC) for day in days]


def running_count(space: Space, at: datetime) -> int:
    """The vendor's count at an instant: event directions since the last daily reset."""
    resets = reset_instants_utc(space, LOCAL_DAYS[0] - timedelta(days=2), LOCAL_DAYS[-1])
    last_reset = max(r for r in resets if r <= at)
    return sum(d for s, t, d in EVENTS if s == space.id and last_reset <= t <= at)


def count_rows(space: Space) -> list[dict]:
    rows = []
    for day in LOCAL_DAYS:
        for start in local_hours_utc(space.time_zone, day):
            end = start + timedelta(hours=1)
            in_hour = [(t, d) for s, t, d in EVENTS if s == space.id and start <= t < end]
            resets = [r for r in reset_instants_utc(space, day, day) if start < r < end]
            levels = [running_count(space, t) for t in [start, *[t for t, _ in in_hour], *resets]]
            entrances = sum(1 for _, d in in_hour if d == 1)
            if (space.id, start) == COUNT_MISMATCH[:2]:
                entrances = COUNT_MISMATCH[2]
            exits = sum(1 for _, d in in_hour if d == -1)
            utilization = max(levels) / space.capacity if space.capacity else None
            rows.append(
                {
                    "space_id": space.id,
                    "request_interval": "1h",
                    "timestamp": start,
                    "count": levels[0],
                    "interval__start": start,
                    "interval__end": end - timedelta(milliseconds=1),
                    "interval__analytics__min": min(levels),
                    "interval__analytics__max": max(levels),
                    "interval__analytics__events": len(in_hour),
                    "interval__analytics__entrances": entrances,
                    "interval__analytics__exits": exits,
                    "interval__analytics__utilization": utilization,
                    "interval__analytics__target_utilization": None,
                    "interval__analytics__entry_rate": entrances / 60,
                    "interval__analytics__exit_rate": exits / 60,
                }
            )
    return rows


def space_rows() -> list[dict]:
    created = _utc("2023-05-04 12:00")
    rows = []
    for space in SPACES:
        ancestry, parent = [], space.parent_id
        while parent is not None:
            ancestry.append({"id": parent, "name": SPACES_BY_ID[parent].name})
            parent = SPACES_BY_ID[parent].parent_id
        doorways = (
            []
            if space.doorway_id is None
            else [
                {
                    "id": space.doorway_id,
                    "name": f"{space.name} door",
                    "link_id": f"lnk_{space.doorway_id[4:]}",
                    "sensor_placement": 1,
                }
            ]
        )
        rows.append(
            {
                "id": space.id,
                "name": space.name,
                "description": "",
                "notes": "",
                "parent_id": space.parent_id,
                "space_type": space.space_type,
                "function": space.function,
                "time_zone": space.time_zone,
                "daily_reset": space.daily_reset,
                "current_count": 0,
                "capacity": space.capacity,
                "target_capacity": None,
                "counting_mode": "doorways",
                "sensors_total": 1 if space.doorway_id else 0,
                "created_at": created,
                "updated_at": created,
                "ancestry": json.dumps(ancestry),
                "doorways": json.dumps(doorways),
                "tags": json.dumps(["hq"] if space.time_zone == NEW_YORK else []),
                "time_segments": json.dumps([]),
                "meta": json.dumps({}),
            }
        )
    return rows


def doorway_rows() -> list[dict]:
    created = _utc("2023-05-04 12:00")
    return [
        {
            "id": space.doorway_id,
            "name": f"{space.name} door",
            "description": "",
            "sensor_serial_number": f"Z{space.doorway_id[4:]:0>6}",
            "spaces": json.dumps(
                [
                    {
                        "id": space.id,
                        "name": space.name,
                        "link_id": f"lnk_{space.doorway_id[4:]}",
                        "sensor_placement": 1,
                    }
                ]
            ),
            "tags": json.dumps([]),
            "created_at": created,
            "updated_at": created,
        }
        for space in SPACES
        if space.doorway_id
    ]


def sensor_rows() -> list[dict]:
    created = _utc("2023-05-04 12:00")
    return [
        {
            "serial_number": f"Z{space.doorway_id[4:]:0>6}",
            "uuid": f"uuid-{space.doorway_id}",
            "organization_id": "org_1",
            "doorway_id": space.doorway_id,
            "doorway_name": f"{space.name} door",
            "sensor_type": "entry",
            "status": "online",
            "last_heartbeat": _utc("2024-11-04 08:00"),
            "current_disposition": "ok",
            "firmware_version": "4.2.1",
            "network_addresses": json.dumps([]),
            "created_at": created,
            "updated_at": created,
        }
        for space in SPACES
        if space.doorway_id
    ]


def event_rows() -> list[dict]:
    serial = {s.id: f"Z{s.doorway_id[4:]:0>6}" for s in SPACES if s.doorway_id}
    doorway = {s.id: s.doorway_id for s in SPACES if s.doorway_id}
    return [
        {
            "id": f"evt_{i:04d}",
            "space_id": space_id,
            "sensor_serial_number": serial[space_id],
            "doorway_id": doorway[space_id],
            "timestamp": at,
            "direction": direction,
        }
        for i, (space_id, at, direction) in enumerate(EVENTS)
    ]


def raw_rows() -> dict[str, list[dict]]:
    return {
        "spaces": space_rows(),
        "doorways": doorway_rows(),
        "sensors": sensor_rows(),
        "tags": [{"name": "hq"}],
        "time_segments": [
            {
                "id": "tsm_1",
                "label": "Lunch",
                "start": "11:30:00",
                "end": "13:30:00",
                "days": json.dumps(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
                "spaces": json.dumps([{"space_id": "spc_1112", "name": "Cafe"}]),
            }
        ],
        "counts": [row for sid in COUNTED_SPACE_IDS for row in count_rows(SPACES_BY_ID[sid])],
        "events": event_rows(),
    }


def write_v2_raw_tables(warehouse: Path, source: str) -> None:
    """Create the raw schema `source` (density_v2 or omnos) with every contract table, filled."""
    window = (
        local_midnight_utc(NEW_YORK, LOCAL_DAYS[0]),
        local_midnight_utc(NEW_YORK, LOCAL_DAYS[-1] + timedelta(days=1)),
    )
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"create schema if not exists {source}")
        for table, rows in raw_rows().items():
            con.execute(f"create or replace table {source}.{table} ({DDL[table]}{DLT_COLUMNS})")
            names = [*rows[0], "window_start", "window_end", "_dlt_load_id", "_dlt_id"]
            columns = ", ".join(f'"{name}"' for name in names)
            marks = ", ".join("?" for _ in names)
            con.executemany(
                f"insert into {source}.{table} ({columns}) values ({marks})",
                [[*row.values(), *window, LOAD_ID, f"{table}-{i}"] for i, row in enumerate(rows)],
            )


def ensure_source_absent(warehouse: Path, source: str) -> None:
    """Leave no trace of `source`, as a vendor without credentials does: no schema, no tables."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"drop schema if exists {source} cascade")
