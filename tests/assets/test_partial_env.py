"""Dagster's code location built from an environment that lacks one vendor's variable (as
`occupancy-elt dev` without OCCUSPACE_API_TOKEN): a launch loads the others and says in the run's
events which vendor was skipped and why, with no stack trace."""

import logging
import os

import pytest
from dagster import AssetSelection, DagsterInstance

from assets.cli.dev import simulator_environment
from assets.definitions import definitions
from assets.jobs import facts_of
from assets.resources import Warehouse, resources_from_env
from pipelines.vendors import SOURCE_NAMES
from tests.fixtures.env import last_days

pytestmark = pytest.mark.slow


def test_a_launch_without_one_vendors_variable_loads_the_rest_and_says_why(env, sim, monkeypatch):
    warehouse = Warehouse(path=str(env.warehouse), lake=str(env.lake))
    variables = simulator_environment(sim, warehouse)
    del variables["OCCUSPACE_API_TOKEN"]
    for name, value in variables.items():  # the run resolves the secrets' EnvVars from here
        monkeypatch.setenv(name, value)
    day, _ = last_days(sim, 1)
    defs = definitions(resources_from_env(os.environ))
    instance = DagsterInstance.ephemeral()
    selection = facts_of(SOURCE_NAMES) - AssetSelection.groups("density_v3")
    result = defs.resolve_job_def("load_and_build").execute_in_process(
        partition_key=day.isoformat(),
        asset_selection=list(selection.resolve(defs.resolve_asset_graph())),
        instance=instance,
        raise_on_error=False,
    )

    events = list(instance.all_logs(result.run_id))
    warnings = [e.user_message for e in events if e.level == logging.WARNING]
    assert result.success
    assert "Occuspace skipped: OCCUSPACE_API_TOKEN not set" in warnings
    assert not any("Traceback" in e.user_message for e in events)
    assert {record["api"] for record in sim.requests()} == {"density_v2", "omnos"}
