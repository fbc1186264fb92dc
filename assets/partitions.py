"""Daily partitions of every ingestion and dbt asset, and how backfills group them into runs."""

from dagster import BackfillPolicy, DailyPartitionsDefinition

HISTORY_START = "2022-01-01"

# A partition is a calendar day; each space reads it in its own time zone, so no zone is set here.
daily_partitions = DailyPartitionsDefinition(start_date=HISTORY_START)

# One run per backfill: the planners turn any range into the fewest vendor-legal requests, and
# dbt and the lake are paid once for the whole range, not once per slice of it.
backfill_policy = BackfillPolicy.single_run()

# DuckDB allows one writer: every asset that writes the warehouse takes this pool (limit 1).
WAREHOUSE_POOL = "duckdb_warehouse"
