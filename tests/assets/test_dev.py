"""`occupancy-elt dev`: the variables it gives `dagster dev` point every vendor at the simulator."""

from assets.cli.demo import DEMO_REQUESTS_PER_MINUTE, simulator_resources
from assets.cli.dev import simulator_environment
from assets.resources import Warehouse, resources_from_env
from pipelines.vendors import VENDORS


def test_the_exported_variables_rebuild_the_simulator_connections(sim, tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"), lake=str(tmp_path / "lake"))
    env = simulator_environment(sim, warehouse)
    expected = simulator_resources(sim, warehouse, DEMO_REQUESTS_PER_MINUTE)
    # What `dagster dev` builds from them, the secrets resolved as Dagster resolves EnvVars.
    built = resources_from_env(env)
    assert built["warehouse"].warehouse_path == warehouse.warehouse_path
    for vendor in VENDORS:
        got, want = built[vendor.name], expected[vendor.name]
        assert got.base_url == want.base_url.rstrip("/") and got.base_url.startswith(sim.base_url)
        assert (got.rate_per_second, got.burst) == (want.rate_per_second, want.burst), vendor.name
        assert got.missing() is None, vendor.name
        secrets = {
            name: env[name]
            for option in vendor.credentials
            for name in option.values()
            if name in env
        }
        assert secrets and all(value for value in secrets.values()), vendor.name


def test_the_dev_ui_knows_the_simulators_present(sim, tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"), lake=str(tmp_path / "lake"))
    built = resources_from_env(simulator_environment(sim, warehouse))
    for vendor in VENDORS:
        assert built[vendor.name].now() == sim.config.now, vendor.name
