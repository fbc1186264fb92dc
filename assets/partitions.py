"""Daily partitions of every ingestion and dbt asset, how backfills group them into runs, and
which days a vendor cannot have yet."""

from datetime import date, datetime, timedelta

from dagster import BackfillPolicy, DailyPartitionsDefinition

HISTORY_START = "2022-01-01"

# A partition is a calendar day; each space reads it in its own time zone, so no zone is set here.
daily_partitions = DailyPartitionsDefinition(start_date=HISTORY_START)

# Shown on every partitioned asset, where the UI lists the partitions.
PARTITION_MEANING = (
    "Partitions are calendar days, each read as the local day in its space's own time zone "
    "(a UTC label, not a UTC window); a day on or after the vendor's present is refused."
)

# One run per backfill: the planners turn any range into the fewest vendor-legal requests, and
# dbt and the lake are paid once for the whole range, not once per slice of it.
backfill_policy = BackfillPolicy.single_run()

# DuckDB allows one writer: every asset that writes the warehouse takes this pool (limit 1).
WAREHOUSE_POOL = "duckdb_warehouse"


def refusal(label: str, first: date, last: date, present: datetime) -> str | None:
    """Why [first, last] cannot be loaded from a vendor whose present is `present` (UTC), in one
    line, or None: a day not over at the present has no complete data yet, and loading it would
    leave a green partition with no rows. A range reaching past it is refused whole, so no
    partition of it turns green half-loaded."""
    today = present.date()
    if last < today:
        return None
    future = f"{max(first, today)}" + (f"..{last}" if last > max(first, today) else "")
    complete = today - timedelta(days=1)
    return (
        f"{future}: not over at {label}'s present {present:%Y-%m-%d %H:%M} UTC; nothing loaded"
        f" (the last complete day is {complete})"
    )
