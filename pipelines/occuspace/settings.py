"""Occuspace v1 constants: endpoints, data keys, raw table columns."""

from pipelines.columns import BOOL, DATE, FLOAT, INT, JSON, TEXT, TIME, TS

DEFAULT_BASE_URL = "https://api.occuspace.io/v1"
# Occuspace documents no rate limit: 5 requests a second is a polite default.
DEFAULT_REQUESTS_PER_MINUTE = 300
MAX_CONSECUTIVE_UNAVAILABLE = 3
DATA_KEYS = {
    "daily_occupancy": "dailyOccupancy",
    "hourly_occupancy": "hourlyOccupancy",
    "daily_visitors": "dailyVisitors",
    "hourly_visitors": "hourlyVisitors",
    "daily_dwell_time": "dailyDwellTimes",
}

# Occuspace gives no time zone: request windows are local dates, half-open.
WINDOW = {"window_start": DATE, "window_end": DATE}
STAMP = {"location_id": INT, "vendor_message": TEXT, **WINDOW}
OCCUPANCY = {
    "avg_occupancy": INT,
    "avg_percentage_occupied": FLOAT,
    "peak_occupancy": INT,
    "peak_percentage_occupied": FLOAT,
}
DAY = {"timestamp": TS, "normalized_date": DATE, "normalized_time": TIME}
LOCATION_COLUMNS = {
    "id": INT,
    "name": TEXT,
    "parent_id": INT,
    "capacity": INT,
    "earliest_count": DATE,
    "is_active": BOOL,
    "vendor_message": TEXT,
    **WINDOW,
}
# table: (primary key, columns); declared so an all-null column still has its type.
FACTS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "daily_occupancy": (
        ("location_id", "normalized_date"),
        {**OCCUPANCY, "timestamp": TS, "normalized_date": DATE, **STAMP},
    ),
    "hourly_occupancy": (
        ("location_id", "normalized_date", "normalized_time", "fold"),
        {**OCCUPANCY, "normalized_date": DATE, "normalized_time": TIME, "fold": INT, **STAMP},
    ),
    "daily_visitors": (("location_id", "normalized_date"), {"visitors": INT, **DAY, **STAMP}),
    "hourly_visitors": (("location_id", "timestamp"), {"visitors": INT, **DAY, **STAMP}),
    "daily_dwell_time": (
        ("location_id", "normalized_date"),
        {"avg_dwell_time": INT, "peak_dwell_time": INT, **DAY, **STAMP},
    ),
}
OUTCOME_COLUMNS = {
    "location_id": INT,
    "location_name": TEXT,
    "endpoint": TEXT,
    "start_date": DATE,
    "end_date": DATE,
    "outcome": TEXT,
    "http_status": INT,
    "vendor_message": TEXT,
    "message_kind": TEXT,  # 'ok' (the documented "OK") or 'discrepancy' (any other text)
    "error": TEXT,
    **WINDOW,
}
NOW_COLUMNS = {
    "id": INT,
    "name": TEXT,
    "count": INT,
    "percentage": FLOAT,
    "timestamp": TS,
    "is_active": BOOL,
    "child_counts": JSON,
    "vendor_message": TEXT,
    "outcome": TEXT,
    "error": TEXT,
    "captured_at": TS,
}
