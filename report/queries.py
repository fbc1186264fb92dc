"""The marts read for the report, one query per chart, on a read-only DuckDB connection."""

from __future__ import annotations

import duckdb
import pandas as pd

# Each chart's rows, and the marts each query reads (a mart not built yet means no data).
QUERIES: dict[str, tuple[tuple[str, ...], str]] = {
    "heatmap": (
        ("group_occupancy_hourly", "spaces"),
        """
        select coalesce(s.name, g.group_key) as building, isodow(g.local_date) as weekday,
               g.local_hour as hour, avg(g.utilization_avg) as utilization
        from marts.group_occupancy_hourly as g
        left join marts.spaces as s on s.space_key = g.group_key
        where g.group_type = 'building' and g.utilization_avg is not null
        group by all
        order by building, weekday, hour
        """,
    ),
    "space_use": (
        ("working_hours_daily", "spaces"),
        """
        select coalesce(s.name, w.space_key) || ' (' || s.vendor || ')' as space,
               avg(w.utilization_avg) as utilization, count(*) as working_days
        from marts.working_hours_daily as w
        join marts.spaces as s using (space_key)
        where s.space_type = 'space' and w.utilization_avg is not null
        group by all
        order by utilization, space
        """,
    ),
    "time_used": (
        ("working_hours_daily",),
        """
        select local_date, sum(hours_used) / sum(working_hours) as share_used,
               count(*) as spaces
        from marts.working_hours_daily
        where hours_used is not null and working_hours > 0
        group by local_date
        order by local_date
        """,
    ),
    "peak_capacity": (
        ("occupancy_daily", "spaces"),
        """
        select d.capacity, d.occupancy_peak, coalesce(d.is_capped, false) as is_capped
        from marts.occupancy_daily as d
        join marts.spaces as s using (space_key)
        where s.space_type = 'space' and d.capacity > 0 and d.occupancy_peak is not null
        """,
    ),
    "effective_capacity": (
        ("space_capacity", "spaces"),
        """
        select coalesce(s.name, c.space_key) || ' (' || s.vendor || ')' as space,
               c.capacity, c.effective_capacity, c.working_days
        from marts.space_capacity as c
        join marts.spaces as s using (space_key)
        where s.space_type = 'space' and c.capacity > 0 and c.effective_capacity is not null
        order by c.effective_capacity / c.capacity, space
        """,
    ),
    "quality": (
        ("data_quality_daily",),
        """
        select local_date, flag, sum(hours_flagged) as hours_flagged
        from marts.data_quality_daily
        group by all
        order by local_date, flag
        """,
    ),
}


def mart_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables of the marts schema that the warehouse holds."""
    rows = con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts'"
    ).fetchall()
    return {name for (name,) in rows}


def read_all(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame | None]:
    """Each chart's rows; None for a chart whose marts are not built yet."""
    built = mart_tables(con)
    return {
        chart: con.sql(sql).df() if set(marts) <= built else None
        for chart, (marts, sql) in QUERIES.items()
    }


def data_span(con: duckdb.DuckDBPyConnection) -> tuple[str, str, int] | None:
    """First and last local day of marts.occupancy_daily and its spaces; None when empty."""
    if "occupancy_daily" not in mart_tables(con):
        return None
    first, last, spaces = con.execute(
        "select min(local_date), max(local_date), count(distinct space_key)"
        " from marts.occupancy_daily"
    ).fetchone()
    return None if first is None else (str(first), str(last), spaces)
