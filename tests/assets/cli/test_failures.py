"""The backfill's one-line failure: a failed blocking check is explained by its own description,
our own error is preferred over its wrappers, each failed step is named."""

from types import SimpleNamespace

from dagster import AssetCheckEvaluation, AssetCheckSeverity, AssetKey

from assets.cli.failures import check_descriptions, current_failure, failure_summary
from assets.definitions import defs
from pipelines.http import TokenRejected

SESSIONS_TRIPWIRE = "tripwire_density_v3_sessions_cover_time_used"


class _Instance:
    """The one instance call the summary makes: the run's check evaluations."""

    def __init__(self, evaluations: list[AssetCheckEvaluation]) -> None:
        self._records = [
            SimpleNamespace(dagster_event=SimpleNamespace(event_specific_data=e))
            for e in evaluations
        ]

    def all_logs(self, run_id: str, of_type=None) -> list:
        return self._records


def _evaluation(name: str, passed: bool, severity=AssetCheckSeverity.ERROR):
    key = AssetKey(["staging", "stg_density_v3__raw_sessions"])
    return AssetCheckEvaluation(key, name, passed=passed, severity=severity)


def _error(exc: BaseException):
    """`exc` as a step's error records it."""
    try:
        raise exc
    except BaseException:
        return current_failure()[1]


def _raised(exc: BaseException, cause: BaseException):
    """`exc` raised from `cause`, as a step's error records it."""
    try:
        try:
            raise cause
        except BaseException as inner:
            raise exc from inner
    except BaseException:
        return current_failure()[1]


def test_every_tripwire_has_a_description_saying_what_to_look_at():
    descriptions = check_descriptions(defs)
    assert "time zone" in descriptions[SESSIONS_TRIPWIRE]
    assert all(descriptions.values())


def test_a_failed_dbt_tripwire_is_one_line_with_its_description():
    instance = _Instance(
        [
            _evaluation("unique_spaces_space_key", passed=True),
            _evaluation("a_warning", passed=False, severity=AssetCheckSeverity.WARN),
            _evaluation(SESSIONS_TRIPWIRE, passed=False),
        ]
    )
    error = _error(RuntimeError("dbt exited with code 1\nFAIL 130 tripwire ..."))
    line = failure_summary([(None, error)], instance, "run", check_descriptions(defs))
    assert line.startswith(f"{SESSIONS_TRIPWIRE}: ")
    assert "time zone" in line and "\n" not in line and "a_warning" not in line


def test_without_a_failed_check_the_innermost_error_is_the_line():
    line = failure_summary(
        [(None, _error(RuntimeError("boom\nsecond line")))], _Instance([]), "run"
    )
    assert line == "boom second line"


def test_our_own_error_is_the_line_whatever_wraps_it_and_each_failed_step_is_named():
    rejected = TokenRejected(
        "Density v2 rejected the API token (HTTP 403); check DENSITY_API_TOKEN"
    )
    failures = [
        ("density_v2_ingest", _raised(RuntimeError("dlt: pipeline step extract failed"), rejected)),
        ("omnos_ingest", _error(RuntimeError("Omnos failed\nwith HTTP 500"))),
    ]
    line = failure_summary(failures, _Instance([]), "run")
    assert line == (
        "density_v2_ingest failed: Density v2 rejected the API token (HTTP 403); check"
        " DENSITY_API_TOKEN; omnos_ingest failed: Omnos failed with HTTP 500"
    )
