"""Raw tables of the Occuspace source, as dlt lands them, for tests of the dbt project.

`write_occuspace_raw_tables` creates the schema `occuspace` with every table of
pipelines/occuspace.py and a small world whose numbers can be checked by hand:

- a tree Riverside Campus > HQ > HQ Floor 1 > Zone A and Zone B; a parent's figures are the sums
  of its children's, as the vendor's are;
- two local days in New York (the API states no time zone, so only the timestamps show it):
  2024-11-02 (24 hours) and 2024-11-03, when New York falls back (25 hours, 01:00 twice);
- one request per location for both days of each range endpoint, and one hourly_occupancy
  request per location and day, as the request planner asks;
- Zone B's client network was down at 14:00 on the 2nd: that hour is missing from its hourly
  endpoints, and every response of Zone B or a location above it that covers the 2nd says so in
  its message (the range requests on the 3rd's rows too; the 3rd's own responses say OK);
- Zone A's hourly_occupancy request for the 3rd failed (HTTP 503): it has no hourly occupancy that
  day, its hourly visitors are there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

UTC = ZoneInfo("UTC")
NEW_YORK = ZoneInfo("America/New_York")
LOCAL_DAYS = (date(2024, 11, 2), date(2024, 11, 3))
LOAD_ID = "1730764800.000000"
OK = "OK"
OUTAGE_MESSAGE = (
    "Missing data: the client network of Zone B was down on 2024-11-02 from 14:00 to 15:00"
    " (local time)."
)
FAILED_REQUEST = (4, "hourly_occupancy", date(2024, 11, 3))
MISSING_HOUR = (5, date(2024, 11, 2), time(14))


@dataclass(frozen=True)
class Location:
    id: int
    name: str
    parent_id: int | None
    capacity: int


LOCATIONS = (
    Location(1, "Riverside Campus", None, 30),
    Location(2, "HQ", 1, 30),
    Location(3, "HQ Floor 1", 2, 30),
    Location(4, "Zone A", 3, 10),
    Location(5, "Zone B", 3, 20),
)
LEAF_IDS = (4, 5)


def local_hours(day: date) -> list[tuple[datetime, time, int]]:
    """(UTC start, local time, fold) of each local hour of a New York day: 23, 24 or 25."""
    start = datetime.combine(day, time(0), tzinfo=NEW_YORK).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=NEW_YORK).astimezone(UTC)
    hours = []
    while start < end:
        local = start.astimezone(NEW_YORK)
        hours.append((start, local.time().replace(tzinfo=None), local.fold))
        start += timedelta(hours=1)
    return hours


def day_start_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=NEW_YORK).astimezone(UTC)


def descendant_leaves(location_id: int) -> list[int]:
    if location_id in LEAF_IDS:
        return [location_id]
    children = [loc.id for loc in LOCATIONS if loc.parent_id == location_id]
    return [leaf for child in children for leaf in descendant_leaves(child)]


def has_data(leaf_id: int, day: date, local: time) -> bool:
    return (leaf_id, day, local) != MISSING_HOUR


def leaf_occupancy(leaf_id: int, local: time) -> tuple[int, int]:
    """(average, peak) people of a leaf in a local hour."""
    if leaf_id == 4:
        return local.hour % 5, local.hour % 5 + 2
    return 2, 3


def leaf_visitors(leaf_id: int, local: time) -> int:
    return 1 if 8 <= local.hour < 18 else 0


def hour_figures(location: Location, day: date, local: time) -> dict | None:
    """A location's hour: its leaves' sums; None when none of its leaves has data."""
    leaves = [leaf for leaf in descendant_leaves(location.id) if has_data(leaf, day, local)]
    if not leaves:
        return None
    avg = sum(leaf_occupancy(leaf, local)[0] for leaf in leaves)
    peak = sum(leaf_occupancy(leaf, local)[1] for leaf in leaves)
    return {
        "avg_occupancy": avg,
        "avg_percentage_occupied": round(avg / location.capacity, 2),
        "peak_occupancy": peak,
        "peak_percentage_occupied": round(peak / location.capacity, 2),
        "visitors": sum(leaf_visitors(leaf, local) for leaf in leaves),
    }


def range_message(location: Location) -> str:
    """The message of a request for both days: Zone B's outage, for Zone B and its parents."""
    return OUTAGE_MESSAGE if 5 in descendant_leaves(location.id) else OK


def day_message(location: Location, day: date) -> str:
    return range_message(location) if day == LOCAL_DAYS[0] else OK


def stamp(location: Location, message: str, first: date, last: date) -> dict:
    return {
        "location_id": location.id,
        "vendor_message": message,
        "window_start": first,
        "window_end": last + timedelta(days=1),
    }


def hourly_rows(location: Location) -> tuple[list[dict], list[dict]]:
    """The hourly_occupancy and hourly_visitors rows of a location."""
    occupancy, visitors = [], []
    for day in LOCAL_DAYS:
        failed = (location.id, "hourly_occupancy", day) == FAILED_REQUEST
        for start, local, fold in local_hours(day):
            figures = hour_figures(location, day, local)
            if figures is None:
                continue
            if not failed:
                occupancy.append(
                    {
                        "avg_occupancy": figures["avg_occupancy"],
                        "avg_percentage_occupied": figures["avg_percentage_occupied"],
                        "peak_occupancy": figures["peak_occupancy"],
                        "peak_percentage_occupied": figures["peak_percentage_occupied"],
                        "normalized_date": day,
                        "normalized_time": local,
                        "fold": fold,
                        **stamp(location, day_message(location, day), day, day),
                    }
                )
            visitors.append(
                {
                    "visitors": figures["visitors"],
                    "timestamp": start,
                    "normalized_date": day,
                    "normalized_time": local,
                    **stamp(location, range_message(location), *LOCAL_DAYS),
                }
            )
    return occupancy, visitors


def daily_rows(location: Location) -> dict[str, list[dict]]:
    """The vendor's own day figures: an integer average, visitors fewer than the hours' sum."""
    rows: dict[str, list[dict]] = {
        "daily_occupancy": [],
        "daily_visitors": [],
        "daily_dwell_time": [],
    }
    for day in LOCAL_DAYS:
        hours = [hour_figures(location, day, local) for _, local, _ in local_hours(day)]
        hours = [figures for figures in hours if figures is not None]
        avg = round(sum(h["avg_occupancy"] for h in hours) / len(hours))
        peak = max(h["peak_occupancy"] for h in hours)
        common = {
            "timestamp": day_start_utc(day),
            "normalized_date": day,
            **stamp(location, range_message(location), *LOCAL_DAYS),
        }
        rows["daily_occupancy"].append(
            {
                "avg_occupancy": avg,
                "avg_percentage_occupied": round(avg / location.capacity, 2),
                "peak_occupancy": peak,
                "peak_percentage_occupied": round(peak / location.capacity, 2),
                **common,
            }
        )
        rows["daily_visitors"].append(
            {
                "visitors": sum(h["visitors"] for h in hours) - 3,
                "normalized_time": time(0),
                **common,
            }
        )
        rows["daily_dwell_time"].append(
            {"avg_dwell_time": 45, "peak_dwell_time": 120, "normalized_time": time(0), **common}
        )
    return rows


def request_outcome_rows(location: Location) -> list[dict]:
    first, last = LOCAL_DAYS
    requests = [
        (endpoint, first, last)
        for endpoint in ("daily_occupancy", "daily_visitors", "hourly_visitors", "daily_dwell_time")
    ]
    requests += [("hourly_occupancy", day, day) for day in LOCAL_DAYS]
    rows = []
    for endpoint, start, end in requests:
        ok = {
            "outcome": "ok",
            "http_status": 200,
            "error": None,
            "vendor_message": day_message(location, start)
            if start == end
            else range_message(location),
        }
        if (location.id, endpoint, start) == FAILED_REQUEST:
            ok = {
                "outcome": "unavailable",
                "http_status": 503,
                "vendor_message": None,
                "error": f"location {location.id} ({location.name}): {endpoint} {start}..{end}"
                " skipped: Occuspace answered HTTP 503 after 3 attempts",
            }
        rows.append(
            {
                "location_id": location.id,
                "location_name": location.name,
                "endpoint": endpoint,
                "start_date": start,
                "end_date": end,
                **ok,
                "window_start": start,
                "window_end": end + timedelta(days=1),
            }
        )
    return rows


def location_rows() -> list[dict]:
    return [
        {
            "id": loc.id,
            "name": loc.name,
            "parent_id": loc.parent_id,
            "capacity": loc.capacity,
            "earliest_count": date(2024, 1, 15),
            "is_active": True,
            "vendor_message": OK,
            "window_start": LOCAL_DAYS[0],
            "window_end": LOCAL_DAYS[-1] + timedelta(days=1),
        }
        for loc in LOCATIONS
    ]


def child_counts(location: Location) -> str | None:
    """The `childCounts` of `/now`: the direct children's counts, null for a leaf."""
    children = [
        {"id": c.id, "name": c.name, "count": 3, "percentage": 0.1, "isActive": True}
        for c in LOCATIONS
        if c.parent_id == location.id
    ]
    return json.dumps(children) if children else None


def now_rows() -> list[dict]:
    captured = datetime(2024, 11, 4, 15, 0, 5, tzinfo=UTC)
    return [
        {
            "id": loc.id,
            "name": loc.name,
            "count": 3,
            "percentage": round(3 / loc.capacity, 2),
            "timestamp": datetime(2024, 11, 4, 15, 0, tzinfo=UTC),
            "is_active": True,
            "child_counts": child_counts(loc),
            "vendor_message": OK,
            "captured_at": captured,
        }
        for loc in LOCATIONS
    ]


def raw_rows() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {
        "locations": location_rows(),
        "hourly_occupancy": [],
        "hourly_visitors": [],
        "daily_occupancy": [],
        "daily_visitors": [],
        "daily_dwell_time": [],
        "request_outcomes": [],
        "now": now_rows(),
    }
    for location in LOCATIONS:
        occupancy, visitors = hourly_rows(location)
        rows["hourly_occupancy"] += occupancy
        rows["hourly_visitors"] += visitors
        for table, day_rows in daily_rows(location).items():
            rows[table] += day_rows
        rows["request_outcomes"] += request_outcome_rows(location)
    return rows


_STAMP = "location_id BIGINT, vendor_message VARCHAR, window_start DATE, window_end DATE"
_OCCUPANCY = """avg_occupancy BIGINT, avg_percentage_occupied DOUBLE, peak_occupancy BIGINT,
    peak_percentage_occupied DOUBLE"""
DDL = {
    "locations": """id BIGINT, name VARCHAR, parent_id BIGINT, capacity BIGINT,
        earliest_count DATE, is_active BOOLEAN, vendor_message VARCHAR, window_start DATE,
        window_end DATE""",
    "daily_occupancy": f"{_OCCUPANCY}, timestamp TIMESTAMPTZ, normalized_date DATE, {_STAMP}",
    "hourly_occupancy": f"""{_OCCUPANCY}, normalized_date DATE, normalized_time TIME,
        fold BIGINT, {_STAMP}""",
    "daily_visitors": f"""visitors BIGINT, timestamp TIMESTAMPTZ, normalized_date DATE,
        normalized_time TIME, {_STAMP}""",
    "hourly_visitors": f"""visitors BIGINT, timestamp TIMESTAMPTZ, normalized_date DATE,
        normalized_time TIME, {_STAMP}""",
    "daily_dwell_time": f"""avg_dwell_time BIGINT, peak_dwell_time BIGINT,
        timestamp TIMESTAMPTZ, normalized_date DATE, normalized_time TIME, {_STAMP}""",
    "request_outcomes": """location_id BIGINT, location_name VARCHAR, endpoint VARCHAR,
        start_date DATE, end_date DATE, outcome VARCHAR, http_status BIGINT,
        vendor_message VARCHAR, error VARCHAR, window_start DATE, window_end DATE""",
    "now": """id BIGINT, name VARCHAR, count BIGINT, percentage DOUBLE, timestamp TIMESTAMPTZ,
        is_active BOOLEAN, child_counts JSON, vendor_message VARCHAR,
        captured_at TIMESTAMPTZ""",
}
DLT_COLUMNS = ", _dlt_load_id VARCHAR, _dlt_id VARCHAR"


def write_occuspace_raw_tables(warehouse: Path) -> None:
    """Create the raw schema `occuspace` with every table of the source, filled."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute("create schema if not exists occuspace")
        for table, rows in raw_rows().items():
            con.execute(f"create or replace table occuspace.{table} ({DDL[table]}{DLT_COLUMNS})")
            names = list(rows[0])
            columns = ", ".join(f'"{name}"' for name in [*names, "_dlt_load_id", "_dlt_id"])
            marks = ", ".join("?" for _ in range(len(names) + 2))
            con.executemany(
                f"insert into occuspace.{table} ({columns}) values ({marks})",
                [
                    [*(row[name] for name in names), LOAD_ID, f"{table}-{i}"]
                    for i, row in enumerate(rows)
                ],
            )
