"""A failed run in one line: every failed step with its root cause, read from the run's events
(the run goes on past a failed step, so one vendor's failure does not stop the others' loads)."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence

from dagster import (
    AssetCheckEvaluation,
    AssetCheckSeverity,
    DagsterEventType,
    DagsterInstance,
    Definitions,
    Failure,
)
from dagster._utils.error import SerializableErrorInfo, serializable_error_info_from_exc_info

from assets.resources import SettingsError
from pipelines.http import VendorError
from pipelines.windows import PlanError

# Errors that already read as one line a user can act on, preferred over any wrapper.
OWN_ERRORS = (VendorError, SettingsError, PlanError, Failure)

StepFailure = tuple[str | None, SerializableErrorInfo]


def _names(classes: Sequence[type]) -> set[str]:
    """The class names of `classes` and of every subclass (an event keeps only the name)."""
    names, todo = set(), list(classes)
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo += cls.__subclasses__()
    return names


def step_failures(instance: DagsterInstance, run_id: str) -> list[StepFailure]:
    """Each failed step of the run with its error, in the order they failed; the run's own
    error when no step failed (a resource that could not start)."""
    records = instance.all_logs(run_id)
    events = [record.dagster_event for record in records if record.dagster_event]
    failed = [(e.step_key, e.step_failure_data.error) for e in events if e.is_step_failure]
    if failed:
        return failed
    run = [e.event_specific_data for e in events if e.event_type == DagsterEventType.RUN_FAILURE]
    return [(None, data.error) for data in run if data is not None and data.error is not None]


def _chain(error: SerializableErrorInfo) -> Iterator[SerializableErrorInfo]:
    node: SerializableErrorInfo | None = error
    while node is not None:
        yield node
        node = node.cause or node.context


def _text(error: SerializableErrorInfo) -> str:
    """The error's own message, without the class path the event puts before it."""
    head, separator, rest = error.message.partition(": ")
    return rest if separator and head.split(".")[-1] == error.cls_name else error.message


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
    failures: Sequence[StepFailure],
    instance: DagsterInstance,
    run_id: str,
    descriptions: Mapping[str, str] | None = None,
) -> str:
    """One line naming each failed step and its root cause: our own error when there is one, the
    description of each failed blocking check, else the innermost error's message."""
    own_names, known = _names(OWN_ERRORS), descriptions or {}
    checks = "; ".join(
        f"{e.check_name}: {known.get(e.check_name) or e.description}"
        for e in _failed_checks(instance, run_id)
    )
    lines = []
    for step, error in failures:
        chain = list(_chain(error))
        own = next((e for e in chain if e.cls_name in own_names), None)
        check_error = next((e for e in chain if e.cls_name == "DagsterAssetCheckFailedError"), None)
        if own is not None:
            text = _text(own)
        elif checks:
            text = checks
        else:
            text = _text(check_error or chain[-1])
        line = " ".join((text or chain[-1].cls_name).split())
        lines.append(f"{step} failed: {line}" if step else line)
    return "; ".join(dict.fromkeys(lines)) or "the run failed"


def current_failure() -> StepFailure:
    """The exception being handled, as a failure of no step (the run never started)."""
    return None, serializable_error_info_from_exc_info(sys.exc_info())
