"""A backfill through Dagster, in-process: input checked once at the edge, failure in one line."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from dagster import (
    AssetCheckEvaluation,
    AssetCheckSeverity,
    ConfigurableResource,
    DagsterEventType,
    DagsterInstance,
    Definitions,
    Failure,
)
from dagster._core.errors import DagsterAssetCheckFailedError, DagsterExecutionStepExecutionError
from dagster._core.utils import make_new_run_id

from assets.partitions import HISTORY_START
from assets.resources import SettingsError
from pipelines.http import VendorError
from pipelines.vendors import SOURCE_NAMES
from pipelines.windows import PlanError, check_day_range

# Errors that already read as one line a user can act on, preferred over any wrapper.
OWN_ERRORS = (VendorError, SettingsError, PlanError, Failure)


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


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        yield node
        node = node.__cause__ or node.__context__


def _failed_checks(instance: DagsterInstance, run_id: str) -> list[AssetCheckEvaluation]:
    """The run's failed checks of ERROR severity (the ones that stop what depends on them)."""
    records = instance.all_logs(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION)
    evaluations = [record.dagster_event.event_specific_data for record in records]
    return [e for e in evaluations if not e.passed and e.severity == AssetCheckSeverity.ERROR]


def check_descriptions(defs: Definitions) -> dict[str, str]:
    """Each check's description by name: what it protects and what to look at when it fails
    (dbt's results carry none, so a failed dbt test is explained from its spec)."""
    owners = [*(defs.assets or ()), *(defs.asset_checks or ())]
    specs = [spec for owner in owners for spec in getattr(owner, "check_specs", ())]
    return {spec.name: spec.description for spec in specs if spec.description}


def failure_summary(
    exc: BaseException,
    instance: DagsterInstance,
    run_id: str,
    descriptions: Mapping[str, str] | None = None,
) -> str:
    """One line naming the failed step and the root cause: our own error when there is one, the
    description of each failed blocking check, else the innermost exception's first line."""
    step = next(
        (e.step_key for e in _chain(exc) if isinstance(e, DagsterExecutionStepExecutionError)),
        None,
    )
    own = next((e for e in _chain(exc) if isinstance(e, OWN_ERRORS)), None)
    if own is not None:
        text = own.description if isinstance(own, Failure) else str(own)
    elif failed := _failed_checks(instance, run_id):
        known = descriptions or {}
        text = "; ".join(
            f"{e.check_name}: {known.get(e.check_name) or e.description}" for e in failed
        )
    elif any(isinstance(e, DagsterAssetCheckFailedError) for e in _chain(exc)):
        text = str(exc)
    else:
        text = str(list(_chain(exc))[-1])
    line = " ".join((text or type(exc).__name__).split())
    return f"{step} failed: {line}" if step else line


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
        defs.resolve_job_def("load_and_build").execute_in_process(
            instance=instance,
            run_id=run_id,
            tags=range_tags(first_day.isoformat(), last_day.isoformat()),
            asset_selection=list(load_selection(sources).resolve(defs.resolve_asset_graph())),
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
    except Exception as exc:
        return run_id, failure_summary(exc, instance, run_id, check_descriptions(defs))
    return run_id, None


def run_backfill(
    first_day: date,
    last_day: date,
    sources: list[str],
    resources: Mapping[str, ConfigurableResource],
    log_level: str = "CRITICAL",
) -> int:
    """The CLI's backfill: one run, then one line saying what was loaded or why not."""
    run_id, failure = execute_load(first_day, last_day, sources, resources, _instance(), log_level)
    if failure:
        print(f"occupancy-elt: error: {failure}", file=sys.stderr)
        return 1
    print(f"loaded {first_day}..{last_day} for {', '.join(sources)} (run {run_id})")
    return 0
