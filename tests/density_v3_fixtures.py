"""Raw tables of the Density v3 source, as dlt lands them, for tests of the dbt project.

`write_v3_raw_tables` creates the schema `density_v3` with every table of pipelines/density_v3.py
and a small world on top of raw_fixtures' Density v2 one (the same spaces, ids and events), whose
numbers can be checked by hand:

- the v2 tree, listed through children_ids (v3 has no parent id), plus a Waffle Phone Booth on
  HQ Floor 1; v3 has Conference Room A's capacity as 14 (v2: 12);
- hourly metrics of Conference Room A, an entry space v2 counts too, for 2024-11-02 and the
  first 13 hours of 2024-11-03 (v3 has not delivered the rest of that day, which v2 has): the
  traffic of v2's counts, except at 09:00 EDT on the 2nd (3 entrances, v2 says 2: within the
  tolerance) and 10:00 EST on the 3rd (5 entrances, v2's counts say 3 and its events 2);
- hourly metrics of the Phone Booth for 2024-11-02: a capped hour at 12:00 (3+), an hour with
  2 minutes of time used and no raw session at 08:00, and the sensor offline from 15:30 to
  16:12, so up_time is 0.5 at 15:00 and exactly 0.8 at 16:00;
- raw sessions that explain every other hour with time used, one of them across local midnight
  and one across New York's fall-back night;
- HQ Floor 1's data status: complete on the 2nd, 0.6 on the 3rd;
- the sensors, their health changes (the booth's outage, and a repeated "healthy"), doorways,
  labels and one capture of each live snapshot.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
from raw_fixtures import (
    LOAD_ID,
    NEW_YORK,
    SPACES,
    SPACES_BY_ID,
    count_rows,
    local_hours_utc,
    local_midnight_utc,
)

UTC = ZoneInfo("UTC")
LOCAL_DAYS = (date(2024, 11, 2), date(2024, 11, 3))
CONFERENCE_ROOM = "spc_1111"
PHONE_BOOTH = "spc_1113"
FLOOR = "spc_111"
V3_CAPACITY = {CONFERENCE_ROOM: 14}
# The first 13 local hours of 2024-11-03 (01:00 twice): v3 has delivered those only.
CONFERENCE_ROOM_HOURS = (
    local_hours_utc(NEW_YORK, LOCAL_DAYS[0]) + local_hours_utc(NEW_YORK, LOCAL_DAYS[1])[:13]
)
CAPTURED_AT = datetime(2024, 11, 4, 12, tzinfo=UTC)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def local(text: str) -> datetime:
    """New York wall time (the first one of an ambiguous hour) as a UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(NEW_YORK)).astimezone(UTC)


# Conference Room A where v3 reports its own figures: hour start -> overrides of the metrics.
CONFERENCE_ROOM_OVERRIDES = {
    # 09:00 EDT: one entrance more than v2 counts (a difference within the tolerance)
    local("2024-11-02 09:00"): {
        "entrances": 3,
        "occupancy_avg": 1.25,
        "occupancy_max": 2,
        "time_used_raw": 2_820_000,
    },
    # 10:00 EST: 5 entrances, v2's counts say 3 (beyond the tolerance)
    local("2024-11-03 10:00"): {"entrances": 5},
}
# The Phone Booth (Waffle, capacity 4) on 2024-11-02: hour start -> what differs from an idle hour.
PHONE_BOOTH_HOURS = {
    # 2 minutes of presence too brief for a raw session
    local("2024-11-02 08:00"): {
        "occupancy_avg": 0.0333,
        "occupancy_max": 1,
        "time_used_raw": 120_000,
    },
    # three or more people: the count is capped
    local("2024-11-02 12:00"): {
        "occupancy_avg": 2.5,
        "occupancy_max": 3,
        "time_used_raw": 3_000_000,
        "is_capped": True,
        "capped_count_limit": 3,
    },
    # offline from 15:30 to 16:12 (see HEALTH_CHANGES)
    local("2024-11-02 15:00"): {"up_time": 0.5},
    local("2024-11-02 16:00"): {"up_time": 0.8},
    # a session from 23:40 into the next day
    local("2024-11-02 23:00"): {
        "occupancy_avg": 0.3333,
        "occupancy_max": 1,
        "time_used_raw": 1_200_000,
    },
}
# (space id, start, end)
SESSIONS = (
    # Conference Room A: in from 22:00 the evening before until the 04:00 reset
    (CONFERENCE_ROOM, local("2024-11-01 22:00"), local("2024-11-02 04:00")),
    (CONFERENCE_ROOM, local("2024-11-02 09:10"), local("2024-11-02 10:15")),
    (CONFERENCE_ROOM, local("2024-11-02 14:00"), local("2024-11-02 14:30")),
    # 01:30 EDT to 01:45 EST: an hour and a quarter across the fall-back night
    (CONFERENCE_ROOM, utc("2024-11-03 05:30"), utc("2024-11-03 06:45")),
    (CONFERENCE_ROOM, utc("2024-11-03 15:05"), utc("2024-11-03 15:55")),
    (PHONE_BOOTH, local("2024-11-02 12:00"), local("2024-11-02 12:50")),
    # 23:40 to 00:20: a session of the 2nd that ends on the 3rd
    (PHONE_BOOTH, local("2024-11-02 23:40"), local("2024-11-03 00:20")),
)
# (serial number, sensor type, space ids, floor ids, building ids)
SENSORS = (
    ("Z000001", "entry", [CONFERENCE_ROOM], [FLOOR], ["spc_110"]),
    # the Cafe's door also counts into the floor
    ("Z000002", "entry", ["spc_1112", FLOOR], [FLOOR], ["spc_110"]),
    ("Z000003", "entry", ["spc_2001"], [], ["spc_200"]),
    ("W000001", "waffle", [PHONE_BOOTH], [FLOOR], ["spc_110"]),
)
# (serial number, instant, status)
HEALTH_CHANGES = (
    ("Z000001", utc("2024-11-02 04:00"), "healthy"),
    ("Z000002", utc("2024-11-02 04:00"), "healthy"),
    ("W000001", utc("2024-11-02 04:00"), "healthy"),
    ("W000001", local("2024-11-02 15:00"), "degraded"),
    ("W000001", local("2024-11-02 15:30"), "offline"),
    ("W000001", local("2024-11-02 16:12"), "healthy"),
    # the next day's report repeats the status the sensor already has
    ("W000001", utc("2024-11-03 04:00"), "healthy"),
)
DATA_STATUS = ((FLOOR, LOCAL_DAYS[0], 1.0), (FLOOR, LOCAL_DAYS[1], 0.6))

WINDOW = {"window_start": "TIMESTAMPTZ", "window_end": "TIMESTAMPTZ"}
DDL = {
    "spaces": {
        "id": "VARCHAR",
        "name": "VARCHAR",
        "space_type": "VARCHAR",
        "counting_mode": "VARCHAR",
        "function": "VARCHAR",
        "time_zone": "VARCHAR",
        "daily_reset": "VARCHAR",
        "capacity": "BIGINT",
        "binary_occupancy": "BOOLEAN",
        "children_ids": "JSON",
        "children": "JSON",
        "labels": "JSON",
        "address": "VARCHAR",
        "cost_per_sqft": "DOUBLE",
        "size_area": "DOUBLE",
        "iwms_id": "VARCHAR",
        "go_live_date_utc": "TIMESTAMPTZ",
        "status": "VARCHAR",
        **WINDOW,
    },
    "doorways": {
        "id": "VARCHAR",
        "name": "VARCHAR",
        "sensor_serial_number": "VARCHAR",
        "spaces": "JSON",
        "created_at": "TIMESTAMPTZ",
        "updated_at": "TIMESTAMPTZ",
        **WINDOW,
    },
    "labels": {"id": "VARCHAR", "name": "VARCHAR", "group": "JSON", "spaces": "JSON", **WINDOW},
    "sensors": {
        "serial_number": "VARCHAR",
        "sensor_type": "VARCHAR",
        "hardware_type": "VARCHAR",
        "firmware_version": "VARCHAR",
        "location": "JSON",
        "network_addresses": "JSON",
        "created_at": "TIMESTAMPTZ",
        "updated_at": "TIMESTAMPTZ",
        **WINDOW,
    },
    "metrics": {
        "space_id": "VARCHAR",
        "time_resolution": "VARCHAR",
        "timestamp": "TIMESTAMPTZ",
        "local_timestamp": "VARCHAR",
        "occupancy_avg": "DOUBLE",
        "occupancy_max": "BIGINT",
        "occupancy_min": "BIGINT",
        "utilization_avg": "DOUBLE",
        "utilization_max": "DOUBLE",
        "entrances": "BIGINT",
        "exits": "BIGINT",
        "time_used_raw": "BIGINT",
        "time_used_percentage": "DOUBLE",
        "is_capped": "BOOLEAN",
        "capped_count_limit": "BIGINT",
        "up_time": "DOUBLE",
        **WINDOW,
    },
    "raw_sessions": {
        "space_id": "VARCHAR",
        "start_time": "TIMESTAMPTZ",
        "end_time": "TIMESTAMPTZ",
        "start_time_local": "VARCHAR",
        "end_time_local": "VARCHAR",
        **WINDOW,
    },
    "sensor_health": {
        "serial_number": "VARCHAR",
        "health_status": "VARCHAR",
        "timestamp": "TIMESTAMPTZ",
        **WINDOW,
    },
    "data_status": {"floor_id": "VARCHAR", "date": "DATE", "data_status": "DOUBLE", **WINDOW},
    "current_occupancy": {
        "space_id": "VARCHAR",
        "count": "BIGINT",
        "timestamp": "TIMESTAMPTZ",
        "is_capped": "BOOLEAN",
        "capped_count_limit": "BIGINT",
        "captured_at": "TIMESTAMPTZ",
    },
    "presence_health": {
        "space_id": "VARCHAR",
        "presence": "BOOLEAN",
        "health_status": "VARCHAR",
        "timestamp": "TIMESTAMPTZ",
        "captured_at": "TIMESTAMPTZ",
    },
    "current_sensor_health": {
        "serial_number": "VARCHAR",
        "health_status": "VARCHAR",
        "last_status_change": "TIMESTAMPTZ",
        "captured_at": "TIMESTAMPTZ",
    },
}


def _local_text(instant: datetime) -> str:
    return instant.astimezone(ZoneInfo(NEW_YORK)).isoformat(timespec="seconds")


def _space(
    space_id: str,
    name: str,
    space_type: str,
    counting_mode: str | None,
    function: str | None,
    capacity: int | None,
    time_zone: str,
    daily_reset: str | None,
    children: list[tuple[str, str, str]],
) -> dict:
    return {
        "id": space_id,
        "name": name,
        "space_type": space_type,
        "counting_mode": counting_mode,
        "function": function,
        "time_zone": time_zone,
        "daily_reset": daily_reset,
        "capacity": capacity,
        "binary_occupancy": False,
        "children_ids": json.dumps([c[0] for c in children]),
        "children": json.dumps([{"id": i, "name": n, "space_type": t} for i, n, t in children]),
        "labels": json.dumps([]),
        "address": None,
        "cost_per_sqft": None,
        "size_area": None,
        "iwms_id": None,
        "go_live_date_utc": utc("2023-05-04 12:00"),
        "status": "live",
    }


def space_rows() -> list[dict]:
    booth = (PHONE_BOOTH, "Phone Booth", "space")
    rows = []
    for space in SPACES:
        children = [(s.id, s.name, s.space_type) for s in SPACES if s.parent_id == space.id]
        if space.id == FLOOR:
            children.append(booth)
        rows.append(
            _space(
                space.id,
                space.name,
                space.space_type,
                "entry" if space.doorway_id else None,
                space.function,
                V3_CAPACITY.get(space.id, space.capacity),
                space.time_zone,
                space.daily_reset,
                children,
            )
        )
    rows.append(_space(*booth, "waffle", "phone_booth", 4, NEW_YORK, None, []))
    return rows


def _metrics_row(space_id: str, start: datetime, capacity: int, values: dict) -> dict:
    row = {
        "space_id": space_id,
        "time_resolution": "hour",
        "timestamp": start,
        "local_timestamp": _local_text(start),
        "occupancy_avg": 0.0,
        "occupancy_max": 0,
        "occupancy_min": 0,
        "utilization_avg": None,
        "utilization_max": None,
        "entrances": None,
        "exits": None,
        "time_used_raw": 0,
        "time_used_percentage": None,
        "is_capped": False,
        "capped_count_limit": None,
        "up_time": 1.0,
        **values,
    }
    row["utilization_avg"] = round(row["occupancy_avg"] / capacity, 4)
    row["utilization_max"] = round(row["occupancy_max"] / capacity, 4)
    row["time_used_percentage"] = round(row["time_used_raw"] / 3_600_000, 4)
    return row


def metrics_rows() -> list[dict]:
    v2_counts = {row["timestamp"]: row for row in count_rows(SPACES_BY_ID[CONFERENCE_ROOM])}
    rows = []
    for start in CONFERENCE_ROOM_HOURS:
        counts = v2_counts[start]
        peak = max(counts["interval__analytics__max"], 0)
        values = {
            "occupancy_avg": peak / 2,
            "occupancy_max": peak,
            "entrances": counts["interval__analytics__entrances"],
            "exits": counts["interval__analytics__exits"],
            "time_used_raw": 1_800_000 if peak else 0,
            **CONFERENCE_ROOM_OVERRIDES.get(start, {}),
        }
        rows.append(_metrics_row(CONFERENCE_ROOM, start, V3_CAPACITY[CONFERENCE_ROOM], values))
    for start in local_hours_utc(NEW_YORK, LOCAL_DAYS[0]):
        rows.append(_metrics_row(PHONE_BOOTH, start, 4, PHONE_BOOTH_HOURS.get(start, {})))
    return rows


def session_rows() -> list[dict]:
    return [
        {
            "space_id": space_id,
            "start_time": start,
            "end_time": end,
            # the vendor's local time with its offset, no Z
            "start_time_local": start.astimezone(ZoneInfo(NEW_YORK)).isoformat(
                timespec="milliseconds"
            ),
            "end_time_local": end.astimezone(ZoneInfo(NEW_YORK)).isoformat(timespec="milliseconds"),
        }
        for space_id, start, end in SESSIONS
    ]


def sensor_rows() -> list[dict]:
    created = utc("2023-05-04 12:00")
    return [
        {
            "serial_number": serial,
            "sensor_type": sensor_type,
            "hardware_type": "waffle" if sensor_type == "waffle" else "dpu",
            "firmware_version": "5.1.0",
            "location": json.dumps(
                {"building_ids": buildings, "floor_ids": floors, "space_ids": space_ids}
            ),
            "network_addresses": json.dumps([]),
            "created_at": created,
            "updated_at": created,
        }
        for serial, sensor_type, space_ids, floors, buildings in SENSORS
    ]


def doorway_rows() -> list[dict]:
    created = utc("2023-05-04 12:00")
    return [
        {
            "id": space.doorway_id,
            "name": f"{space.name} door",
            "sensor_serial_number": f"Z{space.doorway_id[4:]:0>6}",
            "spaces": json.dumps([{"id": space.id, "name": space.name, "sensor_placement": 1}]),
            "created_at": created,
            "updated_at": created,
        }
        for space in SPACES
        if space.doorway_id
    ]


def raw_rows() -> dict[str, list[dict]]:
    return {
        "spaces": space_rows(),
        "doorways": doorway_rows(),
        "labels": [
            {
                "id": "lbl_1",
                "name": "hq",
                "group": json.dumps({"id": "lgr_1", "name": "Site"}),
                "spaces": json.dumps([{"id": FLOOR, "name": "HQ Floor 1", "current_count": None}]),
            }
        ],
        "sensors": sensor_rows(),
        "metrics": metrics_rows(),
        "raw_sessions": session_rows(),
        "sensor_health": [
            {"serial_number": serial, "health_status": status, "timestamp": at}
            for serial, at, status in HEALTH_CHANGES
        ],
        "data_status": [
            {"floor_id": floor_id, "date": day, "data_status": share}
            for floor_id, day, share in DATA_STATUS
        ],
        "current_occupancy": [
            {
                "space_id": CONFERENCE_ROOM,
                "count": 0,
                "timestamp": CAPTURED_AT,
                "is_capped": False,
                "capped_count_limit": None,
                "captured_at": CAPTURED_AT,
            },
            {
                "space_id": PHONE_BOOTH,
                "count": 3,
                "timestamp": CAPTURED_AT,
                "is_capped": True,
                "capped_count_limit": 3,
                "captured_at": CAPTURED_AT,
            },
        ],
        "presence_health": [
            {
                "space_id": PHONE_BOOTH,
                "presence": True,
                "health_status": "healthy",
                "timestamp": CAPTURED_AT,
                "captured_at": CAPTURED_AT,
            },
        ],
        "current_sensor_health": [
            {
                "serial_number": serial,
                "health_status": "healthy",
                "last_status_change": utc("2024-11-02 04:00"),
                "captured_at": CAPTURED_AT,
            }
            for serial, *_ in SENSORS
        ],
    }


def write_v3_raw_tables(warehouse: Path) -> None:
    """Create the raw schema `density_v3` with every table of the source, filled."""
    window = (
        local_midnight_utc(NEW_YORK, LOCAL_DAYS[0]),
        local_midnight_utc(NEW_YORK, LOCAL_DAYS[-1] + timedelta(days=1)),
    )
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema if not exists density_v3")
        for table, rows in raw_rows().items():
            columns = {**DDL[table], "_dlt_load_id": "VARCHAR", "_dlt_id": "VARCHAR"}
            ddl = ", ".join(f'"{name}" {data_type}' for name, data_type in columns.items())
            con.execute(f"create or replace table density_v3.{table} ({ddl})")
            extra = {"_dlt_load_id": LOAD_ID}
            if "window_start" in columns:
                extra |= dict(zip(("window_start", "window_end"), window, strict=True))
            records = [{**row, **extra, "_dlt_id": f"{table}-{i}"} for i, row in enumerate(rows)]
            names = list(records[0])
            quoted = ", ".join(f'"{name}"' for name in names)
            marks = ", ".join("?" for _ in names)
            con.executemany(
                f"insert into density_v3.{table} ({quoted}) values ({marks})",
                [[record[name] for name in names] for record in records],
            )
