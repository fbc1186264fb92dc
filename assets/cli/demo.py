"""The demo: the simulator on a free loopback port, every vendor pointed at it, a backfill."""

from __future__ import annotations

from datetime import timedelta

from dagster import ConfigurableResource

from assets.cli.backfill import run_backfill
from assets.resources import VendorConnection, Warehouse
from pipelines.vendors import SOURCE_NAMES, VENDORS
from warehouse.destination import connect_read_only

DEMO_DAYS = 21
# The demo raises the simulator's v2 limit and the client's pacing together (Density v3 keeps
# its documented 15/s); Occuspace documents no limit.
DEMO_REQUESTS_PER_MINUTE = {"density_v2": 600, "omnos": 600, "occuspace": 1200}


def simulator_resources(
    sim, warehouse: Warehouse, requests_per_minute: dict[str, int] | None = None
) -> dict[str, ConfigurableResource]:
    """The warehouse and every vendor connection pointed at a running simulator, with its demo
    credentials (Density v3 signs in with OAuth client credentials, as production may) and its
    fixed present (so a day after it is refused);
    `requests_per_minute` overrides the documented pacing per source."""
    config = sim.config
    client_id = next(iter(config.density_v3_clients))
    credentials = {
        "density_v2": {"token": next(iter(config.density_tokens))},
        "density_v3": {
            "client_id": client_id,
            "client_secret": config.density_v3_clients[client_id],
        },
        "omnos": {"token": next(iter(config.omnos_tokens))},
        "occuspace": {"token": next(iter(config.occuspace_tokens))},
    }
    connections = {}
    for vendor in VENDORS:
        rate, burst = vendor.pacing.rate, vendor.pacing.burst
        if per_minute := (requests_per_minute or {}).get(vendor.name):
            rate, burst = per_minute / 60, per_minute
        connections[vendor.name] = VendorConnection(
            vendor=vendor.name,
            base_url=sim.api_url(vendor.name),
            rate_per_second=rate,
            burst=burst,
            present=config.now.isoformat(),
            **credentials[vendor.name],
        )
    return {"warehouse": warehouse, **connections}


def print_marts(warehouse: Warehouse) -> None:
    """Rows per mart, and how to query them."""
    with connect_read_only(warehouse.warehouse_path) as con:
        marts = con.execute(
            "select table_name, estimated_size from duckdb_tables()"
            " where schema_name = 'marts' order by table_name"
        ).fetchall()
    for mart, rows in marts:
        print(f"  marts.{mart:<24} {rows:>8} rows")
    print('query it: occupancy-elt sql "select * from marts.occupancy_daily limit 10"')


def run_demo(days: int, warehouse: Warehouse, log_level: str) -> int:
    """Serve the simulator, backfill its last `days` complete days for every vendor, print marts."""
    from simulator.config import SimulatorConfig
    from simulator.server import start

    config = SimulatorConfig(
        density_v2_rate_limit=DEMO_REQUESTS_PER_MINUTE["density_v2"],
        omnos_rate_limit=DEMO_REQUESTS_PER_MINUTE["omnos"],
    )
    with start(config) as sim:
        last = config.now.date() - timedelta(days=1)
        first = last - timedelta(days=days - 1)
        print(f"simulator on {sim.base_url}; loading {first}..{last} for {', '.join(SOURCE_NAMES)}")
        resources = simulator_resources(sim, warehouse, DEMO_REQUESTS_PER_MINUTE)
        status = run_backfill(first, last, list(SOURCE_NAMES), resources, log_level)
        print(f"{len(sim.requests())} vendor requests made")
    if status == 0:
        print_marts(warehouse)
    return status
