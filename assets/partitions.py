"""Daily partitions of every ingestion and dbt asset, and how backfills group them into runs."""

from dagster import BackfillPolicy, DailyPartitionsDefinition

HISTORY_START = "2022-01-01"

# A partition is a calendar day; each space reads it in its own time zone, so no zone is set here.
daily_partitions = DailyPartitionsDefinition(start_date=HISTORY_START)

# 60 days per run: a year of history is 7 runs, and each run's range still plans into few requests.
backfill_policy = BackfillPolicy.multi_run(max_partitions_per_run=60)

# DuckDB allows one writer: every asset that writes the warehouse takes this pool (limit 1).
WAREHOUSE_POOL = "duckdb_warehouse"
