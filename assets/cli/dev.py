"""`occupancy-elt dev`: the Dagster UI on the simulator, every vendor pointed at it.

The simulator runs in this process on a loopback port; `dagster dev` runs as a child whose
environment holds the documented variables a user would export for real vendors, set to the
simulator's URLs, demo credentials and raised limits. Nothing here changes this process's own
environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from assets.cli.demo import DEMO_REQUESTS_PER_MINUTE, simulator_resources
from assets.resources import Warehouse
from pipelines.vendors import VENDORS
from warehouse.paths import PROJECT_ROOT


def simulator_environment(sim, warehouse: Warehouse) -> dict[str, str]:
    """The documented variables pointing every vendor at `sim` (as `export`s would for real)."""
    resources = simulator_resources(sim, warehouse, DEMO_REQUESTS_PER_MINUTE)
    env = {
        "OCCUPANCY_WAREHOUSE": str(warehouse.path),
        "OCCUPANCY_LAKE": str(warehouse.lake),
        # the simulator's fixed present: a partition after it is refused, not loaded empty
        "OCCUPANCY_PRESENT": sim.config.now.isoformat(),
    }
    for vendor in VENDORS:
        connection = resources[vendor.name]
        env[vendor.base_url_variable] = connection.base_url
        option = next(o for o in vendor.credentials if all(getattr(connection, f) for f in o))
        env |= {name: getattr(connection, field) for field, name in option.items()}
        pacing = vendor.pacing
        if pacing.burst_variable:
            env[pacing.rate_variable] = str(round(connection.rate_per_second))
            env[pacing.burst_variable] = str(connection.burst)
        else:
            env[pacing.rate_variable] = str(round(connection.rate_per_second * 60))
    return env


def run_dev(warehouse: Warehouse, port: int, home: Path) -> int:
    """Serve the simulator, then `dagster dev` on 127.0.0.1:`port` until interrupted."""

    from simulator.config import SimulatorConfig
    from simulator.server import start

    config = SimulatorConfig(
        density_v2_rate_limit=DEMO_REQUESTS_PER_MINUTE["density_v2"],
        omnos_rate_limit=DEMO_REQUESTS_PER_MINUTE["omnos"],
    )
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    dagster = str(Path(sys.executable).parent / "dagster")
    with start(config) as sim:
        env = {**os.environ, **simulator_environment(sim, warehouse), "DAGSTER_HOME": str(home)}
        print(
            f"simulator on {sim.base_url} (its present is fixed at {config.now:%Y-%m-%d %H:%M} UTC:"
            f" load days before it); Dagster UI on http://127.0.0.1:{port}"
        )
        try:
            return subprocess.call(
                [dagster, "dev", "-h", "127.0.0.1", "-p", str(port)], cwd=PROJECT_ROOT, env=env
            )
        except KeyboardInterrupt:
            return 0
