"""What an ingestion run tells its user: progress and the pipelines' warnings as the run's events,
and materialization metadata a user reads (rows per table, and per day for a ranged run;
requests made vs planned, windows, 429s, retries, seconds vs the rate-limit bound)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue

from pipelines.day_rows import DayRows
from pipelines.progress import SourceProgress

# dlt's per-load details that say nothing a user of the asset needs (and its row count, replaced
# by `rows_in_run` here so that `rows` can be each day's own).
_DROPPED = ("jobs", "rows_loaded", "first_run")


class _ToEvents(logging.Handler):
    """Python-logging records of `pipelines.*` as warnings in the Dagster run's events."""

    def __init__(self, context: AssetExecutionContext) -> None:
        super().__init__(logging.WARNING)
        self._context = context

    def emit(self, record: logging.LogRecord) -> None:
        emit = (
            self._context.log.error
            if record.levelno >= logging.ERROR
            else self._context.log.warning
        )
        emit(record.getMessage())


@contextmanager
def pipeline_warnings(context: AssetExecutionContext) -> Iterator[None]:
    """While an asset runs, the pipelines' warnings (a forbidden Occuspace location, days not
    final yet, a retry) reach the run's events, not only the process's stderr."""
    handler, logger = _ToEvents(context), logging.getLogger("pipelines")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _count(value: Any) -> int:
    return int(getattr(value, "value", value) or 0)


def _partition_days(context: AssetExecutionContext) -> list[str]:
    """The partition keys (days) of the run, none for an unpartitioned asset."""
    if context.assets_def.partitions_def is None:
        return []
    return list(context.partition_keys)


def table_metadata(rows_in_run: int, progress: SourceProgress, per_day: bool) -> dict[str, Any]:
    """Key-scoped metadata of one raw table: the run's figures; `rows` too unless each day gets
    its own (a dimension's snapshot is the same for each day; a snapshot asset has no days)."""
    metadata: dict[str, Any] = {"rows_in_run": rows_in_run, **progress.metadata()}
    if not per_day:
        metadata["rows"] = rows_in_run
    return metadata


def materializations(
    context: AssetExecutionContext,
    results: Iterable[MaterializeResult],
    progress: SourceProgress,
    day_rows: DayRows,
) -> Iterator[MaterializeResult]:
    """dlt's results with metadata a user reads; each day of the run's partition range gets its
    own `rows` (Dagster writes one materialization per partition, merging these in)."""
    days = _partition_days(context)
    for result in results:
        dlt_metadata = dict(result.metadata or {})
        table = result.asset_key.path[-1]
        rows = _count(dlt_metadata.get("rows_loaded"))
        progress.add_rows(table, rows)
        per_day = bool(days) and day_rows.dated(table)
        if per_day:
            for day in days:
                rows_on_day = day_rows.on(table, date.fromisoformat(day))
                context.add_asset_metadata(
                    {"rows": MetadataValue.int(rows_on_day)},
                    asset_key=result.asset_key,
                    partition_key=day,
                )
        kept = {k: v for k, v in dlt_metadata.items() if k not in _DROPPED}
        metadata = {**kept, **table_metadata(rows, progress, per_day)}
        yield MaterializeResult(asset_key=result.asset_key, metadata=metadata)
