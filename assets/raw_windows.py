"""Which raw tables hold days of data, and the column of each that must fall in its request window."""

_V2_SHAPED = {"counts": "timestamp", "events": "timestamp"}
_OCCUSPACE_DAYS = ("daily_occupancy", "hourly_occupancy", "daily_visitors", "daily_dwell_time")

# (source, table) -> the column placing a row in time, compared with the request window stamped on
# it (pipelines/columns.py): a UTC instant for the Density-shaped APIs (windows in UTC), the local
# date for Occuspace (whose windows are local dates). Half-open [window_start, window_end) both.
WINDOW_COLUMNS: dict[tuple[str, str], str] = {
    **{("density_v2", table): column for table, column in _V2_SHAPED.items()},
    **{("omnos", table): column for table, column in _V2_SHAPED.items()},
    ("density_v3", "metrics"): "timestamp",
    ("density_v3", "raw_sessions"): "start_time",
    ("density_v3", "sensor_health"): "timestamp",
    **{("occuspace", table): "normalized_date" for table in _OCCUSPACE_DAYS},
    ("occuspace", "hourly_visitors"): "normalized_date",
    ("occuspace", "request_outcomes"): "start_date",
}

# The raw tables whose rows are days of data (the rest are the vendors' lists, latest state):
# Density v3's data status is a floor's local day, with no instant to hold against its window.
DAY_TABLES = frozenset(WINDOW_COLUMNS) | {("density_v3", "data_status")}
