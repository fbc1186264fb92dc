"""Density v3 constants: endpoints, documented limits and windows, raw table columns."""

from datetime import timedelta

from pipelines.columns import BOOL, DATE, FLOAT, INT, JSON, TEXT, TS, WINDOW

DEFAULT_BASE_URL = "https://api.density.io/v3"
DOCUMENTED_REQUESTS_PER_SECOND, DOCUMENTED_BURST = 15, 100  # per IP, at the vendor's edge
TOKEN_PATH = "/oauth/token"
SESSIONS_MAX_DAYS = 60
HEALTH_MAX = timedelta(days=10)  # sensors/health and data-status: end - start at most 10 days
DATA_STATUS_MAX_FLOORS = 5
SPACE_BATCH = 50  # space ids per request: no pagination, so this bounds a response's size
METRICS_RESOLUTION = "hour"
# Whole local days a resolution's longest range holds with an inclusive end at 23:59:59:
# minute and 10minute under 1 day, hour and hour_of_day under 7, day and weekday under 31.
RESOLUTION_MAX_DAYS = {
    "minute": 1,
    "10minute": 1,
    "hour": 7,
    "hour_of_day": 7,
    "day": 31,
    "weekday": 31,
    "week": 365,
    "month": 365,
    "year": 365,
    "total": 365,
}
PRESENCE_MODES = frozenset({"oa", "waffle"})

# (method, path, primary key, columns): declared so all-null columns still exist, typed.
DIMENSIONS: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "spaces": (
        "GET",
        "/spaces",
        "id",
        {
            "id": TEXT,
            "name": TEXT,
            "space_type": TEXT,
            "counting_mode": TEXT,
            "function": TEXT,
            "time_zone": TEXT,
            "daily_reset": TEXT,
            "capacity": INT,
            "binary_occupancy": BOOL,
            "children_ids": JSON,
            "children": JSON,
            "labels": JSON,
            "address": TEXT,
            "cost_per_sqft": FLOAT,
            "size_area": FLOAT,
            "iwms_id": TEXT,
            "go_live_date_utc": TS,
            "status": TEXT,
        },
    ),
    "doorways": (
        "GET",
        "/doorways",
        "id",
        {
            "id": TEXT,
            "name": TEXT,
            "sensor_serial_number": TEXT,
            "spaces": JSON,
            "created_at": TS,
            "updated_at": TS,
        },
    ),
    "labels": (
        "GET",
        "/labels",
        "id",
        {
            "id": TEXT,
            "name": TEXT,
            "group": JSON,
            "spaces": JSON,
        },
    ),
    "sensors": (
        "POST",
        "/sensors",
        "serial_number",
        {
            "serial_number": TEXT,
            "sensor_type": TEXT,
            "hardware_type": TEXT,
            "firmware_version": TEXT,
            "location": JSON,
            "network_addresses": JSON,
            "created_at": TS,
            "updated_at": TS,
        },
    ),
}
METRIC_COLUMNS = {
    "space_id": TEXT,
    "time_resolution": TEXT,
    "timestamp": TS,
    "local_timestamp": TEXT,
    "occupancy_avg": FLOAT,
    "occupancy_max": INT,
    "occupancy_min": INT,
    "utilization_avg": FLOAT,
    "utilization_max": FLOAT,
    "entrances": INT,
    "exits": INT,
    "time_used_raw": INT,
    "time_used_percentage": FLOAT,
    "is_capped": BOOL,
    "capped_count_limit": INT,
    "up_time": FLOAT,
    **WINDOW,
}
SESSION_COLUMNS = {
    "space_id": TEXT,
    "start_time": TS,
    "end_time": TS,
    "start_time_local": TEXT,
    "end_time_local": TEXT,
    **WINDOW,
}
HEALTH_COLUMNS = {"serial_number": TEXT, "health_status": TEXT, "timestamp": TS, **WINDOW}
DATA_STATUS_COLUMNS = {"floor_id": TEXT, "date": DATE, "data_status": FLOAT, **WINDOW}
SNAPSHOTS: dict[str, tuple[str, dict[str, str]]] = {
    "current_occupancy": (
        "/analytics/occupancy/current",
        {
            "space_id": TEXT,
            "count": INT,
            "timestamp": TS,
            "is_capped": BOOL,
            "capped_count_limit": INT,
        },
    ),
    "presence_health": (
        "/analytics/presence-health",
        {
            "space_id": TEXT,
            "presence": BOOL,
            "health_status": TEXT,
            "timestamp": TS,
        },
    ),
    "current_sensor_health": (
        "/sensors/health/current",
        {
            "serial_number": TEXT,
            "health_status": TEXT,
            "last_status_change": TS,
        },
    ),
}
