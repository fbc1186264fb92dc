"""A backfill through Dagster, in-process: input checked once at the edge, failure in one line."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from dagster import (
    ConfigurableResource,
    DagsterInstance,
)
from dagster._core.utils import make_new_run_id

from assets.cli.failures import check_descriptions, current_failure, failure_summary, step_failures
from assets.cli.progress import print_summary, progress_display
from assets.partitions import HISTORY_START
from pipelines.vendors import SOURCE_NAMES
from pipelines.windows import PlanError, check_day_range

# One backfill is one Dagster run: a year (a leap day included) at most, so a typo in a year
# cannot start a multi-year load; longer history is several backfills.
MAX_BACKFILL_DAYS = 366
# ASCII digits only: `date.fromisoformat` also takes 20260105, 2026-W01-1 and non-ASCII digits.
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit status 2."""


def shown(text: str, limit: int = 60) -> str:
    """A user's value quoted for a one-line message (escapes included), cut short when long."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _parse_day(text: str, flag: str) -> date:
    if _DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise UsageError(f"{flag} {shown(text)} is not a date in the form YYYY-MM-DD")


def check_sources(
    requested: Sequence[str] | None, resources: Mapping[str, ConfigurableResource]
) -> list[str]:
    """The sources to load: those asked for (each must be configured), else every configured."""
    if requested:
        for source in requested:
            if source not in SOURCE_NAMES:
                raise UsageError(
                    f"unknown source {shown(source)}; choose from {', '.join(SOURCE_NAMES)}"
                )
            if missing := resources[source].missing():
                raise UsageError(f"{source} needs {missing} in the environment")
        return list(dict.fromkeys(requested))
    sources = [source for source in SOURCE_NAMES if not resources[source].missing()]
    if not sources:
        needs = "; ".join(f"{s}: {resources[s].missing()}" for s in SOURCE_NAMES)
        raise UsageError(f"no source has credentials in the environment ({needs})")
    return sources


def check_days(start: str, end: str) -> tuple[date, date]:
    """The inclusive day range, refused before anything runs unless every day is loadable: from
    the first partition to the last complete UTC day, at most MAX_BACKFILL_DAYS long."""
    first, last = _parse_day(start, "--start"), _parse_day(end, "--end")
    try:
        check_day_range(first, last)
    except PlanError as exc:
        raise UsageError(str(exc)) from None
    if first < date.fromisoformat(HISTORY_START):
        raise UsageError(f"--start {first} is before the first partition {HISTORY_START}")
    last_complete = datetime.now(UTC).date() - timedelta(days=1)
    if last > last_complete:
        raise UsageError(
            f"--end {last} is not a complete day yet (the last one is {last_complete})"
        )
    if (days := (last - first).days + 1) > MAX_BACKFILL_DAYS:
        raise UsageError(
            f"{first}..{last} is {days} days; one backfill loads at most {MAX_BACKFILL_DAYS}"
            " (split the range)"
        )
    return first, last


def with_reload(resources: Mapping[str, ConfigurableResource]) -> dict[str, ConfigurableResource]:
    """`resources` with a warehouse that fetches every day of the range again (`--reload`),
    instead of only the days it does not hold or that may still change."""
    from assets.resources import Warehouse

    # A new resource, not model_copy: Dagster binds the config given at construction.
    warehouse = Warehouse(**{**resources["warehouse"].model_dump(), "reload": True})
    return {**resources, "warehouse": warehouse}


def _instance() -> DagsterInstance:
    """The persistent instance when DAGSTER_HOME is set (the UI shows the run), else in-memory."""
    return DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()


def execute_load(
    first_day: date,
    last_day: date,
    sources: list[str],
    resources: Mapping[str, ConfigurableResource],
    instance: DagsterInstance,
    log_level: str = "CRITICAL",
) -> tuple[str, str | None]:
    """Load [first_day, last_day] for `sources` and rebuild dbt in one Dagster run:
    (run id, None) on success, else (run id, the failure in one line)."""
    from assets.definitions import definitions
    from assets.jobs import load_selection, range_tags

    defs, run_id = definitions(resources), make_new_run_id()
    try:
        # Not raise_on_error: it would stop the run at the first failed step, and one vendor's
        # outage would keep the others from loading.
        result = defs.resolve_job_def("load_and_build").execute_in_process(
            instance=instance,
            run_id=run_id,
            tags=range_tags(first_day.isoformat(), last_day.isoformat()),
            asset_selection=list(load_selection(sources).resolve(defs.resolve_asset_graph())),
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
            raise_on_error=False,
        )
    except Exception:
        failures = [current_failure()]
    else:
        if result.success:
            return run_id, None
        failures = step_failures(instance, run_id)
    return run_id, failure_summary(failures, instance, run_id, check_descriptions(defs))


def run_backfill(
    first_day: date,
    last_day: date,
    sources: list[str],
    resources: Mapping[str, ConfigurableResource],
    log_level: str = "CRITICAL",
    verbose: bool = False,
) -> int:
    """The CLI's backfill: one run with its progress shown live, then one line saying why it
    failed, or what it loaded and the summary table (rows per mart, requests, time vs bound)."""
    started = time.monotonic()
    with progress_display(verbose=verbose):
        run_id, failure = execute_load(
            first_day, last_day, sources, resources, _instance(), log_level
        )
    if failure:
        print(f"occupancy-elt: error: {failure}", file=sys.stderr)
        return 1
    print(f"loaded {first_day}..{last_day} for {', '.join(sources)} (run {run_id})")
    print_summary(resources["warehouse"].warehouse_path, time.monotonic() - started)
    return 0
