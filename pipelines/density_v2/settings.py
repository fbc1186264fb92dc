"""Density v2 contract constants (Density v2 and Omnos): endpoints, limits, raw table columns."""

from pipelines.columns import FLOAT, INT, JSON, TEXT, TS, WINDOW

DEFAULT_BASE_URL = "https://api.density.io/v2"
DOCUMENTED_REQUESTS_PER_MINUTE = 60  # per token
MAX_PAGE_SIZE = 1000  # documented; the planner may ask more, the pages are followed either way
DEFAULT_DAILY_RESET = "04:00"
COUNTS_INTERVAL = "1h"
# Interval spellings with a fixed length (a month has none, so it cannot size a window).
INTERVAL_SECONDS = {
    "1m": 60,
    "5m": 300,
    "10m": 600,
    "15m": 900,
    "1h": 3600,
    "1d": 86400,
    "1w": 604800,
}

# Declared so a column that is null in every record of a load still exists with its real type.
DIMENSIONS: dict[str, tuple[str, str, dict[str, str]]] = {
    "spaces": (
        "/spaces/",
        "id",
        {
            "id": TEXT,
            "name": TEXT,
            "description": TEXT,
            "notes": TEXT,
            "parent_id": TEXT,
            "space_type": TEXT,
            "function": TEXT,
            "time_zone": TEXT,
            "daily_reset": TEXT,
            "current_count": INT,
            "capacity": INT,
            "target_capacity": INT,
            "counting_mode": TEXT,
            "sensors_total": INT,
            "created_at": TS,
            "updated_at": TS,
            "ancestry": JSON,
            "doorways": JSON,
            "tags": JSON,
            "time_segments": JSON,
            "meta": JSON,
            "address": TEXT,
            "latitude": FLOAT,
            "longitude": FLOAT,
            "floor_level": INT,
            "image_url": TEXT,
            "max_dwell_minutes": INT,
            "safe_capacity": INT,
            "safe_threshold_mode": TEXT,
            "safe_threshold_value": FLOAT,
            "size_area": FLOAT,
            "size_area_unit": TEXT,
            "annual_rent": FLOAT,
        },
    ),
    "doorways": (
        "/doorways/",
        "id",
        {
            "id": TEXT,
            "name": TEXT,
            "description": TEXT,
            "sensor_serial_number": TEXT,
            "spaces": JSON,
            "tags": JSON,
            "created_at": TS,
            "updated_at": TS,
        },
    ),
    "sensors": (
        "/sensors/",
        "serial_number",
        {
            "serial_number": TEXT,
            "uuid": TEXT,
            "organization_id": TEXT,
            "doorway_id": TEXT,
            "doorway_name": TEXT,
            "sensor_type": TEXT,
            "status": TEXT,
            "last_heartbeat": TS,
            "current_disposition": TEXT,
            "firmware_version": TEXT,
            "network_addresses": JSON,
            "created_at": TS,
            "updated_at": TS,
        },
    ),
    "tags": ("/tags/", "name", {"name": TEXT}),
    "time_segments": (
        "/time_segments/",
        "id",
        {"id": TEXT, "label": TEXT, "start": TEXT, "end": TEXT, "days": JSON, "spaces": JSON},
    ),
    # density-v2.txt names POST /links and embeds links ({link_id, sensor_placement}) and groups
    # ({id, name}) in spaces and doorways, but shows no list of either: these columns are the
    # embedded fields and Density's own dashboard client's types (docs/density_v2.md).
    "links": (
        "/links/",
        "id",
        {
            "id": TEXT,
            "space_id": TEXT,
            "doorway_id": TEXT,
            "space_name": TEXT,
            "doorway_name": TEXT,
            "sensor_placement": INT,
        },
    ),
    "time_segment_groups": (
        "/time_segment_groups/",
        "id",
        {"id": TEXT, "name": TEXT, "time_segments": JSON},
    ),
}
# Lists the docs do not show (and Omnos may not serve): a 404 is logged and loads nothing.
OPTIONAL_DIMENSIONS = frozenset({"links", "time_segment_groups"})

COUNT_COLUMNS = {
    "space_id": TEXT,
    "request_interval": TEXT,
    "timestamp": TS,
    "count": INT,
    "interval__start": TS,
    "interval__end": TS,
    **{
        f"interval__analytics__{name}": INT
        for name in ("min", "max", "events", "entrances", "exits")
    },
    **{
        f"interval__analytics__{name}": FLOAT
        for name in ("utilization", "target_utilization", "entry_rate", "exit_rate")
    },
    **WINDOW,
}
EVENT_COLUMNS = {
    "id": TEXT,
    "space_id": TEXT,
    "sensor_serial_number": TEXT,
    "doorway_id": TEXT,
    "timestamp": TS,
    "direction": INT,
    **WINDOW,
}
