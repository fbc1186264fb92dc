"""The backfill's one-line failure: a failed blocking check is explained by its own description."""

from types import SimpleNamespace

from dagster import AssetCheckEvaluation, AssetCheckSeverity, AssetKey

from assets.cli.backfill import check_descriptions, failure_summary
from assets.definitions import defs

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
    error = RuntimeError("dbt exited with code 1\nFAIL 130 tripwire ...")
    line = failure_summary(error, instance, "run", check_descriptions(defs))
    assert line.startswith(f"{SESSIONS_TRIPWIRE}: ")
    assert "time zone" in line and "\n" not in line and "a_warning" not in line


def test_without_a_failed_check_the_innermost_error_is_the_line():
    line = failure_summary(RuntimeError("boom\nsecond line"), _Instance([]), "run")
    assert line == "boom second line"
