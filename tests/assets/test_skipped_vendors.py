"""A Dagster run with vendors that have no credentials loads the configured ones, builds the
models, and says in its own events which vendor was skipped and why: a warning, not a trace."""

import logging

import pytest
from dagster import DagsterInstance

from assets.definitions import definitions
from assets.resources import VendorConnection
from pipelines.vendors import SOURCE_NAMES
from tests.fixtures.env import last_days
from tests.fixtures.runs import Run, load_and_build

pytestmark = pytest.mark.slow


def without_credentials(resources: dict, *sources: str) -> dict:
    """`resources` with the credentials of `sources` unset, as when their variables are not."""
    for source in sources:
        fields = resources[source].model_dump()
        fields.update(token=None, client_id=None, client_secret=None)
        resources[source] = VendorConnection(**fields)
    return resources


def warnings(run: Run) -> list[str]:
    return [e.user_message for e in run.events if e.level == logging.WARNING]


def materialized(run: Run) -> dict[tuple[str, ...], dict]:
    """Each materialized asset key's path, with its metadata values."""
    return {
        tuple(m.asset_key.path): {k: v.value for k, v in m.metadata.items()}
        for m in (event.asset_materialization for event in run.events)
        if m is not None
    }


def apis_called(sim) -> set[str]:
    return {record["api"] for record in sim.requests()}


def assert_no_trace(run: Run) -> None:
    for event in run.events:
        text = event.user_message + str(
            event.dagster_event and event.dagster_event.event_specific_data
        )
        assert "Traceback" not in text and "SettingsError" not in text


def test_a_load_skips_vendors_without_credentials_and_builds_the_rest(env, sim):
    resources = without_credentials(env.resources(sim), "occuspace", "omnos")
    first, last = last_days(sim, 1)
    run = load_and_build(resources, first, last, list(SOURCE_NAMES))

    assert run.success, run.failure
    assert "Occuspace skipped: OCCUSPACE_API_TOKEN not set" in warnings(run)
    assert "Omnos skipped: OMNOS_API_TOKEN not set" in warnings(run)
    assert_no_trace(run)
    assets = materialized(run)
    assert assets[("occuspace", "locations")]["skipped"].startswith("Occuspace skipped")
    assert "skipped" not in assets[("density_v2", "spaces")]
    assert any(key[-1] == "occupancy_daily" for key in assets)  # dbt ran downstream
    assert apis_called(sim) == {"density_v2", "density_v3"}


def test_the_snapshot_job_skips_a_vendor_without_credentials(env, sim):
    resources = without_credentials(env.resources(sim), "density_v3")
    instance = DagsterInstance.ephemeral()
    result = (
        definitions(resources)
        .resolve_job_def("snapshots")
        .execute_in_process(instance=instance, raise_on_error=False)
    )
    run = Run(None, list(instance.all_logs(result.run_id)))

    assert result.success
    assert "Density v3 skipped: " in " ".join(warnings(run))
    assert_no_trace(run)
    assert apis_called(sim) == {"occuspace"}
