"""Which local days a run fetches: those of its range the warehouse does not hold yet, and those
that may still change (the trailing restatement window, Density v3 days not final), or every day
when asked to reload. What is held is read off the request-window stamps (pipelines/columns.py)
of each vendor's day-grained facts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from warehouse.destination import connect_read_only

# The facts whose stamps say which (space, local day) is held: (table, its space column, the
# creation column of the vendor's raw spaces table or None, which of those spaces are asked for).
# Every such space must hold the day: one never loaded at all (its request failed) holds none.
WINDOWED = {
    "density_v2": ("counts", "space_id", "created_at", "true"),
    "omnos": ("counts", "space_id", "created_at", "true"),
    # only spaces with a counting mode have analytics (pipelines/density_v3/planner.py)
    "density_v3": ("metrics", "space_id", None, "coalesce(counting_mode, '') <> ''"),
}

# A (space, local day) is held when the union of its stamped windows covers the local day from
# midnight (or the space's creation, if later: nothing is asked before it) to the next midnight.
# Each space's windows are merged into islands first: a long range is split into windows that
# may end mid-day.
_WINDOWED_HELD = """
with days as (
    select cast(unnest(generate_series(date '{first}', date '{last}', interval 1 day)) as date)
        as day
),
spaces as (
    select id as space_id, coalesce(time_zone, 'UTC') as time_zone, {created} as created_at
    from {schema}.spaces
    where {asked}
),
windows as (
    select distinct {space} as space_id, window_start, window_end from {schema}.{table}
),
ordered as (
    select *, max(window_end) over (
        partition by space_id order by window_start, window_end
        rows between unbounded preceding and 1 preceding
    ) as reached
    from windows
),
islands as (
    select space_id, min(window_start) as island_start, max(window_end) as island_end
    from (
        select *, sum(case when reached >= window_start then 0 else 1 end) over (
            partition by space_id order by window_start, window_end
        ) as island
        from ordered
    )
    group by space_id, island
),
needed as (
    select days.day, spaces.space_id,
        greatest(timezone(spaces.time_zone, cast(days.day as timestamp)), spaces.created_at)
            as need_start,
        timezone(spaces.time_zone, cast(days.day + 1 as timestamp)) as need_end
    from days cross join spaces
)
select needed.day
from needed
left join islands
    on islands.space_id = needed.space_id
    and islands.island_start <= needed.need_start
    and islands.island_end >= needed.need_end
where needed.need_start < needed.need_end
group by needed.day
having bool_and(islands.space_id is not null)
"""

# Occuspace asks per location, endpoint and date range: a day is held when every (location,
# endpoint) it has asked for answered it for that day, with data ("ok") or with an answer only a
# change of access alters (the token may not read the location, or it is gone; --reload after).
# Outages, rate limits and unreadable answers leave the day to fetch again.
_OCCUSPACE_HELD = """
with days as (
    select cast(unnest(generate_series(date '{first}', date '{last}', interval 1 day)) as date)
        as day
),
asked as (select distinct location_id, endpoint from occuspace.request_outcomes)
select days.day
from days cross join asked
left join occuspace.request_outcomes ok
    on ok.location_id = asked.location_id
    and ok.endpoint = asked.endpoint
    and ok.outcome in ('ok', 'forbidden', 'not_found')
    and days.day between ok.start_date and ok.end_date
group by days.day
having bool_and(ok.location_id is not null)
"""

_NOT_FINAL = (
    "select distinct local_date from marts.floor_data_status"
    " where not is_final and local_date between date '{first}' and date '{last}'"
)


def _query_days(
    con: duckdb.DuckDBPyConnection, sql: str, first: date, last: date, **names: str
) -> set[date]:
    """The days of [first, last] a query returns, or none while a table or column it reads does
    not exist yet. The days are spliced in as ISO literals (`date` objects format only as
    digits)."""
    text = sql.format(first=first.isoformat(), last=last.isoformat(), **names)
    try:
        return {row[0] for row in con.execute(text).fetchall()}
    except (duckdb.CatalogException, duckdb.BinderException):
        return set()


def held_days(con: duckdb.DuckDBPyConnection, source: str, first: date, last: date) -> set[date]:
    """The days of [first, last] the warehouse holds for every space `source` asks facts of."""
    if source == "occuspace":
        return _query_days(con, _OCCUSPACE_HELD, first, last)
    table, space, created, asked = WINDOWED[source]
    return _query_days(
        con,
        _WINDOWED_HELD,
        first,
        last,
        schema=source,
        table=table,
        space=space,
        created=created or "cast(null as timestamptz)",
        asked=asked,
    )


def not_final_days(con: duckdb.DuckDBPyConnection, first: date, last: date) -> set[date]:
    """Days of [first, last] a Density v3 floor has not finished processing (marts.floor_data_status,
    the one definition of final)."""
    return _query_days(con, _NOT_FINAL, first, last)


def runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days as inclusive (first, last) runs, in order."""
    result: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if result and day == result[-1][1] + timedelta(days=1):
            result[-1] = (result[-1][0], day)
        else:
            result.append((day, day))
    return result


def days_to_fetch(
    first: date,
    last: date,
    held: set[date],
    not_final: set[date],
    reload_days: int,
    present: date,
    reload: bool = False,
) -> list[tuple[date, date]]:
    """The runs of days of [first, last] to fetch: all with `reload`; else every day not held,
    not final, or in the trailing restatement window (the `reload_days` days before yesterday,
    yesterday, and any later day)."""
    settled_until = present - timedelta(days=reload_days + 2)
    wanted = []
    day = first
    while day <= last:
        if reload or day not in held or day in not_final or day > settled_until:
            wanted.append(day)
        day += timedelta(days=1)
    return runs(wanted)


def plan(
    warehouse_path: Path,
    source: str,
    first: date,
    last: date,
    reload_days: int,
    reload: bool,
    present: date,
) -> list[tuple[date, date]]:
    """`days_to_fetch` for `source` from what the warehouse at `warehouse_path` holds (every
    day while there is no warehouse yet); `present` is the vendor's current UTC date."""
    if reload or not warehouse_path.exists():
        return [(first, last)]
    try:
        with connect_read_only(warehouse_path) as con:
            held = held_days(con, source, first, last)
            not_final = not_final_days(con, first, last) if source == "density_v3" else set()
    except duckdb.IOException:  # another process writes it: what it holds is unknown
        return [(first, last)]
    return days_to_fetch(first, last, held, not_final, reload_days, present)


def fetch_range(context: Any, source: str, first: date, last: date) -> tuple[date, date]:
    """The range the run fetches for `source`: from the first to the last day of [first, last]
    that needs fetching (a source takes one range, so held days between two runs of them are
    fetched again); when none does, the last day alone, which also refreshes the dimensions."""
    warehouse = context.resources.warehouse
    present = getattr(context.resources, source).now().date()
    wanted = plan(
        warehouse.warehouse_path,
        source,
        first,
        last,
        warehouse.reload_days,
        warehouse.reload,
        present,
    )
    span = (wanted[0][0], wanted[-1][1]) if wanted else (last, last)
    if span != (first, last):
        needed = ", ".join(f"{a}..{b}" for a, b in wanted) or "none"
        context.log.info(
            f"{source}: the warehouse holds {first}..{last} and it is settled except {needed};"
            f" fetching {span[0]}..{span[1]} (reload forces every day)"
        )
    return span
