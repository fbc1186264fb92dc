"""A day a vendor cannot have yet is refused in one line: the pure rule, and an ingestion run on
the simulator that fails on it before asking the vendor anything, no partition turned green."""

from datetime import UTC, date, datetime, timedelta

import pytest
from dagster import AssetKey, DagsterInstance

from assets.partitions import refusal
from assets.resources import SettingsError, VendorConnection, resources_from_env

PRESENT = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def test_days_before_the_present_are_loadable():
    assert refusal("Density v2", date(2026, 11, 1), date(2026, 11, 19), PRESENT) is None


def test_the_present_day_and_later_are_refused_naming_them_and_the_last_complete_day():
    assert refusal("Density v2", date(2026, 11, 20), date(2026, 11, 20), PRESENT) == (
        "2026-11-20: not over at Density v2's present 2026-11-20 10:30 UTC; nothing loaded"
        " (the last complete day is 2026-11-19)"
    )


def test_a_range_reaching_past_the_present_is_refused_whole_naming_only_the_future_part():
    reason = refusal("Omnos", date(2026, 11, 18), date(2026, 11, 22), PRESENT)
    assert reason.startswith("2026-11-20..2026-11-22: not over at Omnos's present")


def test_the_present_comes_from_the_environment_and_defaults_to_the_clock():
    env = {"DENSITY_API_TOKEN": "tok", "OCCUPANCY_PRESENT": "2026-11-20T10:30:00Z"}
    assert resources_from_env(env)["density_v2"].now() == PRESENT
    before = datetime.now(UTC)
    assert resources_from_env({})["density_v2"].now() >= before


def test_a_malformed_present_is_refused_when_the_resources_are_built():
    with pytest.raises(SettingsError, match="OCCUPANCY_PRESENT must be an ISO-8601 instant"):
        resources_from_env({"OCCUPANCY_PRESENT": "yesterday"})


def test_a_present_without_offset_is_utc():
    fields = {"vendor": "omnos", "rate_per_second": 1.0, "burst": 1}
    connection = VendorConnection(present="2026-11-20T10:30:00", **fields)
    assert connection.now() == PRESENT


@pytest.mark.slow
def test_a_partition_after_the_simulators_present_fails_without_asking_the_vendor(env, sim):
    from assets.definitions import definitions

    day = sim.config.now.date() + timedelta(days=2)
    instance = DagsterInstance.ephemeral()
    result = (
        definitions(env.resources(sim))
        .resolve_job_def("load_and_build")
        .execute_in_process(
            partition_key=day.isoformat(),
            asset_selection=[AssetKey(["density_v2", "counts"])],
            instance=instance,
            raise_on_error=False,
        )
    )

    assert not result.success
    failure = result.failure_data_for_node("density_v2_ingest").error.message
    assert f"{day}: not over at Density v2's present {sim.config.now:%Y-%m-%d %H:%M} UTC" in failure
    assert "nothing loaded" in failure
    assert not result.asset_materializations_for_node("density_v2_ingest")
    assert sim.requests() == []
